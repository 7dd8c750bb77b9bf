// The memos of the OCSP/certificate hot path (content-keyed parsing, shared certificates, memoized
// signature verdicts) must never change a verdict: the same response verified again gives the
// same answer, and every time-, configuration- or certificate-dependent step still decides on
// every call. Each test first warms the memos with a good verification, then checks the defect.
import { X509Certificate } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestPki, issueCertificate, verificationTrustOf, type IssuedCert, type TestPki } from '../../simulators/pki/index.js';
import { verifyCertPath } from '../signature/cert-path.js';
import { faultOf } from '../test-support/fault-code.js';
import type { VerificationTrust } from '../trust/index.js';
import { certIdFor } from './cert-id.js';
import { certificateFromDer } from './certificate-cache.js';
import { certificateSignedBy, clearSignatureMemos } from './crypto-memo.js';
import { buildOcspResponse, type OcspResponseSpec } from './ocsp-response-builder.js';
import { parseOcspResponse, type CertStatus } from './ocsp-response.js';
import { verifyOcspResponse, verifyOcspResponseValidity, type OcspVerificationContext } from './ocsp-verifier.js';

const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const sec = (s: number) => new Date(NOW.getTime() + s * 1000);

let pki: TestPki;
let subject: IssuedCert;

function trustFor(configuredOcsp: X509Certificate[] = []): VerificationTrust {
  return verificationTrustOf(pki, configuredOcsp.length ? { ocspResponders: configuredOcsp.map((cert) => ({ url: 'http://127.0.0.1:1/', cert })) } : {});
}

function response(over: { status?: CertStatus; thisUpdate?: Date; nextUpdate?: Date } & Partial<OcspResponseSpec> = {}): Buffer {
  const { status, thisUpdate, nextUpdate, ...rest } = over;
  return buildOcspResponse({
    responses: [{ certIdDer: certIdFor(subject.cert, pki.issuingCa.cert).der, status: status ?? { kind: 'good' }, thisUpdate: thisUpdate ?? NOW, nextUpdate }],
    producedAt: NOW,
    responderCert: pki.ocspSigner.cert,
    signerKey: pki.ocspSigner.privateKey,
    certs: [pki.ocspSigner.cert],
    ...rest,
  });
}

function ctx(over: Partial<OcspVerificationContext> = {}): OcspVerificationContext {
  return { cert: subject.cert, issuer: pki.issuingCa.cert, trust: trustFor(), atDate: NOW, ...over };
}

/** Code and message of the failure, or 'ok'. */
function outcome(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch {
    const e = faultOf(f);
    return `${e.code}: ${e.message}`;
  }
}

beforeAll(async () => {
  pki = await createTestPki({ withIntermediate: true });
  subject = pki.securityServers.SS1.sign['DEV/COM/1234']!;
});

beforeEach(() => clearSignatureMemos());

describe('content-keyed parsing', () => {
  it('the same bytes give the same frozen parsed response; a copy of the bytes too', () => {
    const der = response();
    const a = parseOcspResponse(der);
    const b = parseOcspResponse(Buffer.from(der));
    expect(b).toBe(a);
    expect(Object.isFrozen(a) && Object.isFrozen(a.basic) && Object.isFrozen(a.basic!.responses[0]) && Object.isFrozen(a.basic!.responses[0]!.certId)).toBe(true);
    expect(() => {
      (a.basic!.responses as unknown[]).push({});
    }).toThrow(TypeError);
    // Different bytes, different object.
    expect(parseOcspResponse(response({ thisUpdate: sec(-1) }))).not.toBe(a);
  });

  it('changing the input buffer after parsing does not change the cached result', () => {
    const der = response();
    const before = parseOcspResponse(der);
    const mutable = Buffer.from(der);
    const parsed = parseOcspResponse(mutable);
    mutable.fill(0);
    expect(parsed.der.equals(der)).toBe(true);
    expect(parseOcspResponse(der)).toBe(before);
  });

  it('malformed bytes fail every time (failures are not cached as successes)', () => {
    const junk = response().subarray(0, 200);
    for (let i = 0; i < 3; i++) expect(() => parseOcspResponse(junk)).toThrow(/Malformed/);
  });

  it('certificateFromDer: one object per content; garbage throws every time', () => {
    const a = certificateFromDer(pki.ocspSigner.certDer);
    expect(certificateFromDer(Buffer.from(pki.ocspSigner.certDer))).toBe(a);
    expect(certificateFromDer(pki.tsaSigner.certDer)).not.toBe(a);
    expect(a.raw.equals(pki.ocspSigner.certDer)).toBe(true);
    for (let i = 0; i < 2; i++) expect(() => certificateFromDer(Buffer.from('not a certificate'))).toThrow();
  });
});

describe('memoized verification reaches the same verdicts', () => {
  it('a repeated valid response verifies every time, with the same responder certificate', () => {
    const der = response();
    const first = verifyOcspResponse(der, ctx());
    for (let i = 0; i < 5; i++) {
      const again = verifyOcspResponse(Buffer.from(der), ctx());
      expect(again.responderCert).toBe(first.responderCert);
      expect(again.singleResponse.status.kind).toBe('good');
    }
  });

  it('the same response becomes too old once atDate passes thisUpdate + freshness', () => {
    const der = response();
    expect(outcome(() => verifyOcspResponse(der, ctx()))).toBe('ok');
    expect(outcome(() => verifyOcspResponse(der, ctx({ atDate: sec(3600) })))).toBe('ok');
    expect(outcome(() => verifyOcspResponse(der, ctx({ atDate: sec(3601) })))).toMatch(/^incorrect_validation_info: OCSP response is too old/);
    // and freshness is read from the trust of this call
    expect(outcome(() => verifyOcspResponse(der, ctx({ atDate: sec(3601), trust: { ...trustFor(), ocspFreshnessSeconds: 7200 } })))).toBe('ok');
  });

  it('nextUpdate is checked against the atDate of each call', () => {
    const der = response({ nextUpdate: sec(60) });
    expect(outcome(() => verifyOcspResponse(der, ctx()))).toBe('ok');
    expect(outcome(() => verifyOcspResponse(der, ctx({ atDate: sec(61) })))).toMatch(/^incorrect_validation_info: OCSP nextUpdate is too old/);
  });

  it('one flipped byte in the signature fails with the same code and message as on cold memos', () => {
    const der = response();
    const sig = parseOcspResponse(der).basic!.signature;
    const flipped = Buffer.from(der);
    flipped[der.indexOf(sig) + 5]! ^= 0x01;
    expect(flipped.includes(sig)).toBe(false);
    expect(flipped.includes(parseOcspResponse(der).basic!.tbsResponseDataDer)).toBe(true);

    const cold = outcome(() => verifyOcspResponse(flipped, ctx()));
    expect(cold).toMatch(/^incorrect_validation_info: Signature on OCSP response is not valid/);
    clearSignatureMemos();
    expect(outcome(() => verifyOcspResponse(der, ctx()))).toBe('ok');
    expect(outcome(() => verifyOcspResponse(flipped, ctx()))).toBe(cold);
    // and the failed copy does not spoil the good one
    expect(outcome(() => verifyOcspResponse(der, ctx()))).toBe('ok');
  });

  it('the same signed bytes with a different responder key fail (the memo is keyed by the certificate too)', async () => {
    const der = response();
    expect(outcome(() => verifyOcspResponse(der, ctx()))).toBe('ok');
    // Same subject as the real responder, own key; configured certificates are looked up first.
    const lookAlike = await issueCertificate(pki.issuingCa, { subject: [['C', 'FI'], ['O', 'roadtest'], ['CN', `roadtest ${pki.instance} OCSP responder`]], profile: 'ocsp' });
    expect(outcome(() => verifyOcspResponse(der, ctx({ trust: trustFor([lookAlike.cert]) })))).toMatch(/^incorrect_validation_info: Signature on OCSP response is not valid/);
    // A response signed by another key under the real responder's name fails too.
    const otherKey = response({ signerKey: lookAlike.privateKey });
    expect(outcome(() => verifyOcspResponse(otherKey, ctx()))).toMatch(/^incorrect_validation_info: Signature on OCSP response is not valid/);
    expect(outcome(() => verifyOcspResponse(der, ctx()))).toBe('ok');
  });

  it('the responder must be authorised for the issuer of each call', async () => {
    const der = response();
    expect(outcome(() => verifyOcspResponse(der, ctx()))).toBe('ok');
    // The same response checked for a cert "issued by" the root: the responder is not root-issued.
    const rootIssued = await issueCertificate(pki.rootCa, { subject: [['CN', 'root-issued']], profile: 'sign' });
    const forRoot = response({ responses: [{ certIdDer: certIdFor(rootIssued.cert, pki.rootCa.cert).der, status: { kind: 'good' }, thisUpdate: NOW }] });
    expect(outcome(() => verifyOcspResponse(forRoot, ctx({ cert: rootIssued.cert, issuer: pki.rootCa.cert })))).toMatch(
      /^incorrect_validation_info: OCSP responder is not authorized for given CA/,
    );
    expect(certificateSignedBy(pki.ocspSigner.cert, pki.issuingCa.cert)).toBe(true);
    expect(certificateSignedBy(pki.ocspSigner.cert, pki.rootCa.cert)).toBe(false);
  });

  it('a response for another certificate still fails the CertID check after a good verification', () => {
    const der = response();
    expect(outcome(() => verifyOcspResponse(der, ctx()))).toBe('ok');
    const other = pki.securityServers.SS2.sign['DEV/GOV/4321']!;
    expect(outcome(() => verifyOcspResponse(der, ctx({ cert: other.cert })))).toMatch(/^cert_validation: OCSP response does not apply to certificate/);
  });

  it('revoked status is still reported, every time', () => {
    const der = response({ status: { kind: 'revoked', revocationTime: new Date('2024-01-02T03:04:05Z'), reason: 1 } });
    for (let i = 0; i < 3; i++) {
      expect(outcome(() => verifyOcspResponse(der, ctx()))).toMatch(/^cert_validation: OCSP response indicates certificate status is REVOKED \(date: 2024-01-02 03:04:05\)/);
      expect(verifyOcspResponseValidity(der, ctx()).singleResponse.status.kind).toBe('revoked');
    }
  });
});

describe('certificate path with the memoized issued-by check', () => {
  it('a signing cert verifies under its CA and fails under another, in any order, at every atDate', () => {
    const cert = certificateFromDer(subject.certDer);
    expect(outcome(() => verifyCertPath(cert, pki.issuingCa.cert, NOW))).toBe('ok');
    expect(outcome(() => verifyCertPath(cert, pki.rootCa.cert, NOW))).toMatch(/^cannot_create_cert_path\.internal_error: .*issuer does not match/);
    expect(certificateSignedBy(cert, pki.rootCa.cert)).toBe(false);
    expect(outcome(() => verifyCertPath(cert, pki.issuingCa.cert, new Date(Date.parse(cert.validTo) + 86_400_000)))).toMatch(
      /^cannot_create_cert_path\.internal_error: .*not valid at/,
    );
    expect(outcome(() => verifyCertPath(cert, pki.issuingCa.cert, NOW))).toBe('ok');
  });

  it('a CA with the right name but another key does not sign the certificate', async () => {
    const cert = certificateFromDer(subject.certDer);
    expect(certificateSignedBy(cert, pki.issuingCa.cert)).toBe(true);
    const impostor = await issueCertificate('self', { subject: [['C', 'FI'], ['O', 'roadtest'], ['CN', `roadtest ${pki.instance} Intermediate CA`]], profile: 'ca' });
    expect(outcome(() => verifyCertPath(cert, impostor.cert, NOW))).toMatch(/^cannot_create_cert_path\.internal_error: .*does not verify with the CA key/);
  });
});
