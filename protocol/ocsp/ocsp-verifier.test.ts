// The verifier against responses built with our own PKI: one good response per signer kind
// X-Road accepts, then each defect on its own, with the code and message X-Road gives.
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, issueCertificate, type IssuedCert, type TestPki } from '../../simulators/pki/index.js';
import { expectFault } from '../test-support/fault-code.js';
import type { VerificationTrust } from '../trust/index.js';
import { certIdFor } from './cert-id.js';
import * as w from '../asn1/der-writer.js';
import { buildOcspErrorResponse, buildOcspResponse, buildBasicOcspResponse, wrapBasicOcspResponse, type OcspResponseSpec } from './ocsp-response-builder.js';
import { OcspResponseStatus, type CertStatus } from './ocsp-response.js';
import { checkOcspResponseStatus } from './ocsp-response-status.js';
import { verifyOcspResponse, verifyOcspResponseValidity, type OcspVerificationContext } from './ocsp-verifier.js';

// Whole seconds: GeneralizedTime in our responses carries no fraction.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const sec = (s: number) => new Date(NOW.getTime() + s * 1000);

let pki: TestPki;
let subject: IssuedCert;

function trustFor(p: TestPki, configuredOcsp: X509Certificate[] = [], verifyNextUpdate = true): VerificationTrust {
  return {
    instanceIdentifier: p.instance,
    approvedCas: [
      {
        name: 'roadtest CA',
        authenticationOnly: false,
        topCa: p.rootCa.cert,
        intermediateCas: p.intermediateCa ? [p.intermediateCa.cert] : [],
        ocspResponders: configuredOcsp.length ? configuredOcsp.map((cert) => ({ url: 'http://127.0.0.1:1/', cert })) : [{ url: 'http://127.0.0.1:1/' }],
        certificateProfileInfo: p.certificateProfileInfo,
      },
    ],
    approvedTsas: [],
    ocspFreshnessSeconds: 3600,
    verifyNextUpdate,
  };
}

function spec(over: Partial<OcspResponseSpec> & { status?: CertStatus; thisUpdate?: Date; nextUpdate?: Date; certIdDer?: Buffer } = {}): OcspResponseSpec {
  const { status, thisUpdate, nextUpdate, certIdDer, ...rest } = over;
  return {
    responses: [{ certIdDer: certIdDer ?? certIdFor(subject.cert, pki.issuingCa.cert).der, status: status ?? { kind: 'good' }, thisUpdate: thisUpdate ?? NOW, nextUpdate }],
    producedAt: NOW,
    responderCert: pki.ocspSigner.cert,
    signerKey: pki.ocspSigner.privateKey,
    certs: [pki.ocspSigner.cert],
    ...rest,
  };
}

function ctx(over: Partial<OcspVerificationContext> = {}): OcspVerificationContext {
  return { cert: subject.cert, issuer: pki.issuingCa.cert, trust: trustFor(pki), atDate: NOW, ...over };
}


beforeAll(async () => {
  pki = await createTestPki({ withIntermediate: true });
  subject = pki.securityServers.SS1.sign['DEV/COM/1234'];
});

describe('OCSP verifier: signers X-Road accepts (OCSP-002)', () => {
  it('delegated responder (issuer-signed, EKU OCSPSigning) found among the response certs', () => {
    const r = verifyOcspResponse(buildOcspResponse(spec()), ctx());
    expect(r.responderCert.raw.equals(pki.ocspSigner.certDer)).toBe(true);
  });

  it('delegated responder not embedded and not configured cannot be found', () => {
    expectFault(() => verifyOcspResponse(buildOcspResponse(spec({ certs: [] })), ctx()), 'incorrect_validation_info', /Could not find OCSP certificate/);
  });

  it('responder listed in configuration needs neither embedding nor EKU', async () => {
    const plain = await issueCertificate('self', { subject: [['CN', 'configured responder']], profile: 'harness' });
    const der = buildOcspResponse(spec({ responderCert: plain.cert, signerKey: plain.privateKey, certs: [] }));
    expect(() => verifyOcspResponse(der, ctx({ trust: trustFor(pki, [plain.cert]) }))).not.toThrow();
    expectFault(() => verifyOcspResponse(der, ctx()), 'incorrect_validation_info', /Could not find OCSP certificate/);
  });

  it('the issuing CA itself, by name and by key hash', () => {
    for (const responderIdKind of ['byName', 'byKey'] as const) {
      const der = buildOcspResponse(spec({ responderCert: pki.issuingCa.cert, signerKey: pki.issuingCa.privateKey, certs: [], responderIdKind }));
      expect(verifyOcspResponse(der, ctx()).responderCert.raw.equals(pki.issuingCa.certDer)).toBe(true);
    }
  });

  it('does not check the responder certificate validity period (corrections.md §2)', async () => {
    const expired = await issueCertificate(pki.issuingCa, {
      subject: [['CN', 'expired responder']],
      profile: 'ocsp',
      notBefore: new Date(NOW.getTime() - 10 * 86_400_000),
      notAfter: new Date(NOW.getTime() - 86_400_000),
    });
    const der = buildOcspResponse(spec({ responderCert: expired.cert, signerKey: expired.privateKey, certs: [expired.cert] }));
    expect(() => verifyOcspResponse(der, ctx())).not.toThrow();
  });

  it('works with EC P-256 keys', async () => {
    const ecPki = await createTestPki({ keyAlgorithm: 'ec' });
    const s = ecPki.securityServers.SS2.sign['DEV/GOV/4321'];
    const der = buildOcspResponse({
      responses: [{ certIdDer: certIdFor(s.cert, ecPki.issuingCa.cert).der, status: { kind: 'good' }, thisUpdate: NOW }],
      producedAt: NOW,
      responderCert: ecPki.ocspSigner.cert,
      signerKey: ecPki.ocspSigner.privateKey,
      certs: [ecPki.ocspSigner.cert],
    });
    expect(() => verifyOcspResponse(der, { cert: s.cert, issuer: ecPki.issuingCa.cert, trust: trustFor(ecPki), atDate: NOW })).not.toThrow();
  });
});

describe('OCSP verifier: defects and their codes', () => {
  it('a CertID for another certificate -> cert_validation', () => {
    const other = pki.securityServers.SS2.sign['DEV/GOV/4321'];
    const der = buildOcspResponse(spec({ certIdDer: certIdFor(other.cert, pki.issuingCa.cert).der }));
    expectFault(() => verifyOcspResponse(der, ctx()), 'cert_validation', /does not apply to certificate/);
  });

  it('a CertID re-encoded without the NULL hash parameters is not the same CertID (ASN.1-exact)', () => {
    const id = certIdFor(subject.cert, pki.issuingCa.cert);
    const noNull = w.sequence(w.algorithmIdentifier('1.3.14.3.2.26'), w.octetString(id.issuerNameHash), w.octetString(id.issuerKeyHash), w.integerFromContent(id.serialContent));
    expectFault(() => verifyOcspResponse(buildOcspResponse(spec({ certIdDer: noNull })), ctx()), 'cert_validation', /does not apply/);
  });

  it('a signature by another key -> incorrect_validation_info', () => {
    const der = buildOcspResponse(spec({ signerKey: pki.tsaSigner.privateKey }));
    expectFault(() => verifyOcspResponse(der, ctx()), 'incorrect_validation_info', /Signature on OCSP response is not valid/);
  });

  it('a signer neither configured, nor the issuer, nor issuer-signed with EKU OCSPSigning -> not authorised', async () => {
    const rogue = await issueCertificate('self', { subject: [['CN', 'rogue OCSP']], profile: 'ocsp' });
    const noEku = await issueCertificate(pki.issuingCa, { subject: [['CN', 'no EKU']], profile: 'harness' });
    const wrongCa = await issueCertificate(pki.rootCa, { subject: [['CN', 'root-issued OCSP']], profile: 'ocsp' });
    for (const bad of [rogue, noEku, wrongCa]) {
      const der = buildOcspResponse(spec({ responderCert: bad.cert, signerKey: bad.privateKey, certs: [bad.cert] }));
      expectFault(() => verifyOcspResponse(der, ctx()), 'incorrect_validation_info', /not authorized for given CA/);
    }
  });

  it('revoked and unknown -> cert_validation with the status in the message (OCSP-005)', () => {
    const revoked = buildOcspResponse(spec({ status: { kind: 'revoked', revocationTime: new Date('2024-01-02T03:04:05Z'), reason: 1 } }));
    expectFault(() => verifyOcspResponse(revoked, ctx()), 'cert_validation', /status is REVOKED \(date: 2024-01-02 03:04:05\)/);
    expectFault(() => verifyOcspResponse(buildOcspResponse(spec({ status: { kind: 'unknown' } })), ctx()), 'cert_validation', /status is UNKNOWN/);
    // Validity alone (X-Road's verifyValidity) accepts the revoked response and reports the status.
    expect(verifyOcspResponseValidity(revoked, ctx()).singleResponse.status.kind).toBe('revoked');
  });

  it('thisUpdate older than ocspFreshnessSeconds -> too old; a future thisUpdate passes (OCSP-003)', () => {
    expectFault(() => verifyOcspResponse(buildOcspResponse(spec({ thisUpdate: sec(-3601) })), ctx()), 'incorrect_validation_info', /OCSP response is too old \(thisUpdate: /);
    expect(() => verifyOcspResponse(buildOcspResponse(spec({ thisUpdate: sec(-3600) })), ctx())).not.toThrow();
    expect(() => verifyOcspResponse(buildOcspResponse(spec({ thisUpdate: sec(7200) })), ctx())).not.toThrow();
  });

  it('nextUpdate before atDate -> rejected unless verifyNextUpdate is off; checked after freshness (OCSP-004)', () => {
    const past = buildOcspResponse(spec({ nextUpdate: sec(-1) }));
    expectFault(() => verifyOcspResponse(past, ctx()), 'incorrect_validation_info', /nextUpdate is too old/);
    expect(() => verifyOcspResponse(past, ctx({ trust: trustFor(pki, [], false) }))).not.toThrow();
    expect(() => verifyOcspResponse(buildOcspResponse(spec({ nextUpdate: NOW })), ctx())).not.toThrow();
    const staleAndPast = buildOcspResponse(spec({ thisUpdate: sec(-7200), nextUpdate: sec(-3700) }));
    expectFault(() => verifyOcspResponse(staleAndPast, ctx()), 'incorrect_validation_info', /too old/);
  });
});

describe('responseStatus: checked by the fetching client, not by the verifier (corrections.md §2)', () => {
  it('the verifier accepts a valid BasicOCSPResponse whatever responseStatus says; the client check rejects it', () => {
    const der = wrapBasicOcspResponse(buildBasicOcspResponse(spec()), OcspResponseStatus.tryLater);
    expect(() => verifyOcspResponse(der, ctx())).not.toThrow();
    expectFault(() => checkOcspResponseStatus(der), 'incorrect_validation_info', /try again later/);
    expect(checkOcspResponseStatus(buildOcspResponse(spec())).responseStatus).toBe(0);
  });

  it('an error response without responseBytes gives the verifier nothing to accept', () => {
    const der = buildOcspErrorResponse(OcspResponseStatus.malformedRequest);
    expectFault(() => checkOcspResponseStatus(der), 'incorrect_validation_info', /malformed request/);
    expectFault(() => verifyOcspResponse(der, ctx()), 'incorrect_validation_info', /does not contain a BasicOCSPResponse/);
  });

  it('garbage bytes -> incorrect_validation_info, never a crash', () => {
    for (const junk of [Buffer.alloc(0), Buffer.from('not der'), Buffer.from([0x30, 0x03, 0x0a, 0x01]), buildOcspResponse(spec()).subarray(0, 200)]) {
      expectFault(() => verifyOcspResponse(junk, ctx()), 'incorrect_validation_info', /Malformed/);
    }
  });
});
