// The linkinginfo hash chain (CATALOG §1 "Message-log archive chain"):
//   d_i = hex(SHA-x(d_{i-1}hex || hex(SHA-x(asic_i bytes))))
// with d_0 = the previous archive's last digest ('' for the first archive). Hex is lowercase, and
// the concatenation is of the two hex strings as UTF-8 text, not of raw digests.
import { createHash, type Hash } from 'node:crypto';
import { XRoadError } from '../faults/index.js';
import { ArchiveErrorCodes } from './archive-error-codes.js';

export type ArchiveDigestAlgorithm = 'SHA-256' | 'SHA-384' | 'SHA-512';

const NODE_NAMES: Record<ArchiveDigestAlgorithm, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

// X-Road writes the JCA name; older tools wrote the XML-DSig URI, so both spellings are accepted.
const ALIASES: Record<string, ArchiveDigestAlgorithm> = {
  'sha-256': 'SHA-256', 'sha-384': 'SHA-384', 'sha-512': 'SHA-512',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'SHA-256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'SHA-384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'SHA-512',
};

/** Parses the algorithm field of linkinginfo line 1 (SHA-256, SHA-384 or SHA-512 as X-Road supports). */
export function parseArchiveDigestAlgorithm(id: string): ArchiveDigestAlgorithm {
  const alg = ALIASES[id.toLowerCase()];
  if (!alg) {
    throw new XRoadError(ArchiveErrorCodes.unsupportedDigestAlgorithm, `Digest algorithm id '${id}' is not supported, supported ones are: SHA-256, SHA-384, SHA-512`);
  }
  return alg;
}

export function createArchiveHash(alg: ArchiveDigestAlgorithm): Hash {
  return createHash(NODE_NAMES[alg]);
}

/** One chain step from the container's own hex digest. */
export function chainStep(alg: ArchiveDigestAlgorithm, prevHex: string, containerHex: string): string {
  return createArchiveHash(alg).update(prevHex + containerHex, 'utf8').digest('hex');
}

/** One chain step from the container's bytes. */
export function chainDigest(alg: ArchiveDigestAlgorithm, prevHex: string, containerBytes: Uint8Array): string {
  return chainStep(alg, prevHex, createArchiveHash(alg).update(containerBytes).digest('hex'));
}
