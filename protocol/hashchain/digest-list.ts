// SIG-008: a hash step is digested as the DER encoding of
//   DigestList ::= SEQUENCE OF SingleDigest
//   SingleDigest ::= SEQUENCE { digest OCTET STRING, digestMethod UTF8String, transforms SEQUENCE {} }
// (X-Road DigestList.java; the transforms sequence is always empty). Reproduces hc-verifier1.
import { digest, hashForDigestMethod, type HashName } from '../xml/dsig-algorithms.js';

export interface DigestValue {
  /** DigestMethod URI, e.g. http://www.w3.org/2001/04/xmlenc#sha512 */
  method: string;
  value: Uint8Array;
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

const EMPTY_SEQUENCE = Buffer.from([0x30, 0x00]);

function singleDigest(d: DigestValue): Buffer {
  return tlv(0x30, Buffer.concat([tlv(0x04, d.value), tlv(0x0c, Buffer.from(d.method, 'utf8')), EMPTY_SEQUENCE]));
}

/** DER of the DigestList over `items` (what a hash step "is" before it is digested). */
export function concatDigests(items: readonly DigestValue[]): Buffer {
  return tlv(0x30, Buffer.concat(items.map(singleDigest)));
}

/** Digest of a hash step whose items all use `methodUri` (HashChainBuilder.digestHashStep). */
export function digestHashStep(methodUri: string, items: readonly Uint8Array[]): Buffer {
  const hash = hashForDigestMethod(methodUri);
  if (!hash) throw new RangeError(`Unknown digest method ${methodUri}`);
  return digest(hash as HashName, concatDigests(items.map((value) => ({ method: methodUri, value }))));
}
