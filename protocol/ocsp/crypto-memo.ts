// Memos of pure signature checks. The result of verifying a signature depends only on the
// algorithm, the signed bytes, the signature bytes and the key (here: the certificate carrying it),
// so the verdict for the same inputs is kept and given again. Everything that depends on time,
// configuration or the certificate asked about (freshness, nextUpdate, status, CertID, responder
// lookup and authorisation by configuration) is not memoized: callers run it on every call.
import type { X509Certificate } from 'node:crypto';
import { BoundedCache, contentKey } from '../asn1/content-cache.js';
import type { AlgorithmIdentifier } from '../asn1/der-reader.js';
import { certificateDigest } from './certificate-cache.js';
import { verifySignature } from './signature-algorithm.js';

const signatureVerdicts = new BoundedCache<boolean>(1024);
const issuedVerdicts = new BoundedCache<boolean>(1024);

/** verifySignature with the signer certificate's key, memoized by (algorithm, data, signature, certificate) content. */
export function signatureVerifiesWith(algorithm: AlgorithmIdentifier, data: Buffer, signature: Buffer, signer: X509Certificate): boolean {
  const key = contentKey(algorithm.der, data, signature, certificateDigest(signer));
  return signatureVerdicts.getOrMake(key, () => verifySignature(algorithm, data, signature, signer.publicKey));
}

/** cert's signature verifies with issuer's public key (X509Certificate.verify; false when it throws), memoized by content. */
export function certificateSignedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  const key = `${certificateDigest(cert)}|${certificateDigest(issuer)}`;
  return issuedVerdicts.getOrMake(key, () => {
    try {
      return cert.verify(issuer.publicKey);
    } catch {
      return false;
    }
  });
}

/** Forgets every memoized verdict (tests compare against a cold start). */
export function clearSignatureMemos(): void {
  signatureVerdicts.clear();
  issuedVerdicts.clear();
}
