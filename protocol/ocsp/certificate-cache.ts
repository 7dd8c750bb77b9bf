// One X509Certificate object per certificate content, shared by the OCSP verifier (embedded
// responder certs) and the signature verifier (signing and extra certs). node:crypto's
// X509Certificate is immutable and keeps its raw bytes and public key once made, and the
// per-object caches downstream (certificateFields, certificateInfo, certIdFor, the crypto memos)
// hit only when the same object comes back; parsing the same DER again on every message is the
// cost this removes.
import { X509Certificate } from 'node:crypto';
import { contentDigest, ContentCache } from '../asn1/content-cache.js';

const certificates = new ContentCache<X509Certificate>(512);
const digests = new WeakMap<X509Certificate, string>();

/** The same X509Certificate for the same DER. Throws (and keeps nothing) as the constructor does. */
export function certificateFromDer(der: Uint8Array): X509Certificate {
  return certificates.forBytes(der, () => new X509Certificate(der));
}

/** SHA-256 of the certificate's DER, computed once per object: the certificate's part of a memo key. */
export function certificateDigest(cert: X509Certificate): string {
  let d = digests.get(cert);
  if (d === undefined) {
    d = contentDigest(cert.raw);
    digests.set(cert, d);
  }
  return d;
}
