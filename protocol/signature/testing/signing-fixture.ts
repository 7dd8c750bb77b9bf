// Test-only: a signing setup from simulators/pki (FiVRK sign certificates under a test CA) with a
// matching VerificationTrust and good OCSP responses from protocol/ocsp's builder.
import { createTestPki, verificationTrustOf, type IssuedCert, type KeyAlgorithm, type TestPki } from '../../../simulators/pki/index.js';
import { memberId, type MemberId } from '../../identifiers/index.js';
import { buildOcspResponse, certIdFor } from '../../ocsp/index.js';
import type { VerificationTrust } from '../../trust/index.js';

export interface SigningFixture {
  pki: TestPki;
  trust: VerificationTrust;
  signer: IssuedCert;
  member: MemberId;
  /** A good OCSP response for the signer's certificate, thisUpdate = `at`. */
  ocspFor(cert: IssuedCert, at: Date): Buffer;
}

export async function signingFixture(keyAlgorithm: KeyAlgorithm = 'rsa', withIntermediate = false): Promise<SigningFixture> {
  const pki = await createTestPki({ keyAlgorithm, withIntermediate });
  const trust = verificationTrustOf(pki, { caName: 'roadtest', ocspResponders: [{ url: 'http://127.0.0.1:1/ocsp', cert: pki.ocspSigner.cert }] });
  const signer = pki.securityServers.SS1.sign[`${pki.instance}/COM/1234`];
  return {
    pki,
    trust,
    signer,
    member: memberId(pki.instance, 'COM', '1234'),
    ocspFor: (cert, at) => buildOcspResponse({
      responses: [{ certIdDer: certIdFor(cert.cert, pki.issuingCa.cert).der, status: { kind: 'good' }, thisUpdate: at }],
      producedAt: at,
      responderCert: pki.ocspSigner.cert,
      signerKey: pki.ocspSigner.privateKey,
    }),
  };
}
