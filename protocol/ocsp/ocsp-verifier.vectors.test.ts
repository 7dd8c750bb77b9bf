// X-Road's real OCSP responses (CATALOG "OCSP responses", DERIVED from asserted-valid signatures):
// our verifier must accept each for its signer cert at the parent vector's verification time, and
// reject it once one thing is wrong.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithVectors, readVector, vectorPath } from '../test-support/vectors.js';
import type { VerificationTrust } from '../trust/index.js';
import { certificateFields } from './certificate-fields.js';
import { parseOcspResponse } from './ocsp-response.js';
import { verifyOcspResponse } from './ocsp-verifier.js';
import { expectFault } from '../test-support/fault-code.js';
import { readZipEntry } from '../test-support/zip-entry.js';
import { signerCertFromXml, trustFromExtracted } from './vector-fixtures.js';
import { namesEqualInOrder, parseName } from './x500-name.js';

interface Case {
  file: string;
  signer: () => Promise<X509Certificate>;
  trust: () => VerificationTrust;
  atDate: Date;
}

const fromAsic = (name: string) => async () =>
  signerCertFromXml((await readZipEntry(vectorPath('asic', 'verifier-cli', name), 'META-INF/signatures.xml')).toString('utf8'));
const fromXml = (...parts: string[]) => async () => signerCertFromXml(readVector(...parts).toString('utf8'));
const devTrust = () => trustFromExtracted('dev-good2_v3', 3600);
const eeTrust = () => trustFromExtracted('ee-good_v2-v4', 42, 'EE');

const CASES: Case[] = [
  // ASiC verification time = the time-stamp's genTime (CATALOG §1).
  { file: 'dev-valid-signed-message-ocsp0.der', signer: fromAsic('valid-signed-message.asice'), trust: devTrust, atDate: new Date('2024-12-05T13:16:35Z') },
  { file: 'dev-valid-non-batch-rest-ocsp0.der', signer: fromAsic('valid-non-batch-rest.asice'), trust: devTrust, atDate: new Date('2024-07-11T12:51:12Z') },
  // SignatureVerifierTest: createDate(9, 6, 2024) = midnight (JVM zone; UTC here), before thisUpdate 07:36:55.
  { file: 'dev-non-batch-sig-ocsp0.der', signer: fromXml('signatures', 'globalconf-impl', 'non-batch-sig', 'signatures.xml'), trust: devTrust, atDate: new Date('2024-07-09T00:00:00Z') },
  // createDate(30, 9, 2014); thisUpdate 2017-09-09 lies in the future and is accepted (CATALOG sign-0 row).
  { file: 'ee-sign-0-ocsp0.der', signer: fromXml('signatures', 'common-test', 'sign-0.xml'), trust: eeTrust, atDate: new Date('2014-10-30T00:00:00Z') },
];

function issuerOf(cert: X509Certificate, trust: VerificationTrust): X509Certificate {
  const ca = trust.approvedCas.flatMap((c) => [c.topCa, ...c.intermediateCas]).find((c) => cert.checkIssued(c));
  if (!ca) throw new Error(`no CA in trust for ${cert.subject}`);
  return ca;
}


describeWithVectors('OCSP verifier on X-Road vectors (CATALOG "OCSP responses")', () => {
  for (const c of CASES) {
    it(`${c.file}: valid for its signer at the parent's verification time`, async () => {
      const der = readVector('ocsp', 'extracted', c.file);
      const cert = await c.signer();
      const trust = c.trust();
      const issuer = issuerOf(cert, trust);
      const result = verifyOcspResponse(der, { cert, issuer, trust, atDate: c.atDate });
      expect(result.singleResponse.status.kind).toBe('good');
      expect(result.singleResponse.certId.serialContent.equals(certificateFields(cert).serialContent)).toBe(true);
    });

    it(`${c.file}: rejected when stale, tampered, or for another certificate`, async () => {
      const der = readVector('ocsp', 'extracted', c.file);
      const cert = await c.signer();
      const trust = c.trust();
      const issuer = issuerOf(cert, trust);
      const thisUpdate = parseOcspResponse(der).basic!.responses[0].thisUpdate;
      const late = new Date(thisUpdate.getTime() + (trust.ocspFreshnessSeconds + 1) * 1000);
      expectFault(() => verifyOcspResponse(der, { cert, issuer, trust, atDate: late }), 'incorrect_validation_info', /too old/);
      // Exactly at the freshness limit it still passes (thisUpdate >= atDate - freshness).
      const edge = new Date(thisUpdate.getTime() + trust.ocspFreshnessSeconds * 1000);
      expect(() => verifyOcspResponse(der, { cert, issuer, trust, atDate: edge })).not.toThrow();

      const tampered = Buffer.from(der);
      const basic = parseOcspResponse(der).basic!;
      const sigAt = der.indexOf(basic.signature);
      tampered[sigAt + 10] ^= 0x01;
      expectFault(() => verifyOcspResponse(tampered, { cert, issuer, trust, atDate: c.atDate }), 'incorrect_validation_info', /Signature on OCSP response is not valid/);

      const other = CASES.find((o) => o.trust === c.trust && o.file !== c.file);
      if (other) {
        const otherCert = await other.signer();
        expectFault(() => verifyOcspResponse(der, { cert: otherCert, issuer, trust, atDate: c.atDate }), 'cert_validation', /does not apply/);
      } else {
        // The issuer's own certificate has a different serial: the CertID cannot match.
        expectFault(() => verifyOcspResponse(der, { cert: issuer, issuer, trust, atDate: c.atDate }), 'cert_validation', /does not apply/);
      }
    });
  }

  it('dev responses stay valid without the configured OCSP cert: the embedded responder is CA-issued with EKU OCSPSigning', async () => {
    const trust = devTrust();
    for (const ca of trust.approvedCas) ca.ocspResponders = [];
    const cert = await CASES[0].signer();
    const der = readVector('ocsp', 'extracted', CASES[0].file);
    expect(parseOcspResponse(der).basic!.certs.length).toBeGreaterThan(0);
    expect(() => verifyOcspResponse(der, { cert, issuer: issuerOf(cert, trust), trust, atDate: CASES[0].atDate })).not.toThrow();
    // Authorisation by rule 3 depends on the issuer, not on configuration: an empty trust still finds
    // the responder among the response's own certs.
    const empty: VerificationTrust = { ...trust, approvedCas: [] };
    expect(() => verifyOcspResponse(der, { cert, issuer: issuerOf(cert, trust), trust: empty, atDate: CASES[0].atDate })).not.toThrow();
  });

  it('ee-sign-0-ocsp0.der names its responder in reversed RDN order and needs the configured cert', async () => {
    const der = readVector('ocsp', 'extracted', 'ee-sign-0-ocsp0.der');
    const basic = parseOcspResponse(der).basic!;
    expect(basic.responderId.kind).toBe('byName');
    const responder = new X509Certificate(readFileSync(vectorPath('globalconf', 'extracted-trust', 'ee-good_v2-v4', 'ca_pki1_-ocsp0.pem')));
    const named = parseName((basic.responderId as { nameDer: Buffer }).nameDer);
    // The premise: an order-sensitive match would not find it.
    expect(namesEqualInOrder(named, certificateFields(responder).subject)).toBe(false);
    const cert = await CASES[3].signer();
    const trust = eeTrust();
    const issuer = issuerOf(cert, trust);
    expect(verifyOcspResponse(der, { cert, issuer, trust, atDate: CASES[3].atDate }).responderCert.raw.equals(responder.raw)).toBe(true);
    for (const ca of trust.approvedCas) ca.ocspResponders = [];
    expectFault(() => verifyOcspResponse(der, { cert, issuer, trust, atDate: CASES[3].atDate }), 'incorrect_validation_info', /Could not find OCSP certificate/);
  });

  it('ocsp/proxy-core/test.ocsp parses (byKey responder, good, AdminCA1 cert embedded)', () => {
    const r = parseOcspResponse(readVector('ocsp', 'proxy-core', 'test.ocsp'));
    expect(r.responseStatus).toBe(0);
    const basic = r.basic!;
    expect(basic.responderId.kind).toBe('byKey');
    expect(basic.producedAt.toISOString()).toBe('2013-02-07T09:02:33.000Z');
    expect(basic.responses).toHaveLength(1);
    expect(basic.responses[0].status.kind).toBe('good');
    expect(basic.responses[0].certId.serialContent.toString('hex')).toBe('3e5f51c4793db444');
    expect(basic.certs).toHaveLength(1);
    expect(new X509Certificate(basic.certs[0]).subject).toContain('CN=AdminCA1');
  });
});
