// SIG-008: a hash step is digested as the DER encoding of
//   DigestList ::= SEQUENCE OF SingleDigest
//   SingleDigest ::= SEQUENCE { digest OCTET STRING, digestMethod UTF8String, transforms SEQUENCE {} }
// (X-Road DigestList.java; the transforms sequence is always empty). Reproduces hc-verifier1.
import { octetString, sequence, utf8String } from '../asn1/der-writer.js';
import { digest, hashForDigestMethod } from '../xml/dsig-algorithms.js';

export interface DigestValue {
  /** DigestMethod URI, e.g. http://www.w3.org/2001/04/xmlenc#sha512 */
  method: string;
  value: Uint8Array;
}

function singleDigest(d: DigestValue): Buffer {
  return sequence(octetString(d.value), utf8String(d.method), sequence());
}

/** DER of the DigestList over `items` (what a hash step "is" before it is digested). */
export function concatDigests(items: readonly DigestValue[]): Buffer {
  return sequence(...items.map(singleDigest));
}

/** Digest of a hash step whose items all use `methodUri` (HashChainBuilder.digestHashStep). */
export function digestHashStep(methodUri: string, items: readonly Uint8Array[]): Buffer {
  const hash = hashForDigestMethod(methodUri);
  if (!hash) throw new RangeError(`Unknown digest method ${methodUri}`);
  return digest(hash, concatDigests(items.map((value) => ({ method: methodUri, value }))));
}
