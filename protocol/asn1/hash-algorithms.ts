// Digest algorithms by name and OID, as OCSP CertIDs, CMS SignerInfos and time-stamp imprints
// name them. The names are node:crypto's, shared with the XML-DSig URIs (protocol/xml). X-Road's message log requests SHA-512 imprints by default (TSA-001); OCSP CertIDs are
// SHA-1 (OCSP-001); real tokens in the vectors use SHA-256 and SHA-512.
import { createHash } from 'node:crypto';

export type HashAlgorithm = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export const HashAlgorithmOids = {
  sha1: '1.3.14.3.2.26',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
} as const satisfies Record<HashAlgorithm, string>;

const OID_BY_HASH: Record<HashAlgorithm, string> = HashAlgorithmOids;

const HASH_BY_OID = new Map<string, HashAlgorithm>(
  Object.entries(OID_BY_HASH).map(([name, oid]) => [oid, name as HashAlgorithm]),
);

const DIGEST_LENGTH: Record<HashAlgorithm, number> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

export function hashAlgorithmOid(alg: HashAlgorithm): string {
  return OID_BY_HASH[alg];
}

/** The algorithm an OID names, or undefined when we do not know it. */
export function hashAlgorithmFromOid(oid: string): HashAlgorithm | undefined {
  return HASH_BY_OID.get(oid);
}

export function digestLength(alg: HashAlgorithm): number {
  return DIGEST_LENGTH[alg];
}

/** The digest of `data` (a string is hashed as UTF-8, as XML-DSig digests text). */
export function digest(alg: HashAlgorithm, data: Uint8Array | string): Buffer {
  return createHash(alg).update(data).digest();
}

/** Accepts `sha512`, `SHA-512`, `SHA512` (Java names, WebCrypto names). */
export function parseHashAlgorithmName(name: string): HashAlgorithm | undefined {
  const n = name.toLowerCase().replace(/[-_]/g, '');
  return n in OID_BY_HASH ? (n as HashAlgorithm) : undefined;
}
