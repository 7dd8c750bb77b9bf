// Tokens we build must satisfy both our X-Road-rule verifier and OpenSSL; every defect we can
// introduce must make the verifier fail with X-Road's code.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, issueCertificate, type IssuedCert, type TestPki } from '../../simulators/pki/index.js';
import { digest, type RequestHashAlgorithm } from './hash-algorithms.js';
import { Oids } from './oids.js';
import { opensslTsVerify } from './testing/openssl-ts.js';
import { buildTimestampResponse } from './timestamp-response-builder.js';
import { parseTimestampToken } from './timestamp-token.js';
import { buildTimestampToken, type BuildTimestampTokenOptions } from './timestamp-token-builder.js';
import { verifyTimestampToken, type TimestampTrust } from './timestamp-verifier.js';
import { explicit, objectIdentifier as oid, sequence as seq, setOf } from '../asn1/der-writer.js';
import { encoding } from '../asn1/der-reader.js';
import { asn1 } from './asn1.js';
import { codeOf, faultOf as errorOf } from '../test-support/fault-code.js';


const data = Buffer.from('<ts-hashchainresult>stamped bytes</ts-hashchainresult>');
const DAY = 86_400_000;

describe('buildTimestampToken (corrections.md §3 TSA)', () => {
  let pki: TestPki;
  let ecTsa: IssuedCert;
  let trust: TimestampTrust;

  const opts = (signer: IssuedCert, extra: Partial<BuildTimestampTokenOptions> = {}): BuildTimestampTokenOptions => ({
    messageImprint: { hashAlgorithm: 'sha512', hashedMessage: digest('sha512', data) },
    signer,
    policy: '1.3.6.1.4.1.99999.1',
    serialNumber: 42n,
    ...extra,
  });

  beforeAll(async () => {
    pki = await createTestPki();
    ecTsa = await issueCertificate(pki.rootCa, { name: 'tsa-ec', subject: [['CN', 'EC TSA']], profile: 'tsa', keyAlgorithm: 'ec' });
    trust = {
      approvedTsas: [
        { name: 'tsa', url: 'http://127.0.0.1/', cert: pki.tsaSigner.cert },
        { name: 'tsa-ec', url: 'http://127.0.0.1/', cert: ecTsa.cert },
      ],
    };
  });

  for (const alg of ['sha256', 'sha384', 'sha512'] as RequestHashAlgorithm[]) {
    it(`a ${alg} imprint verifies with our verifier and with openssl ts -verify`, async () => {
      const built = buildTimestampToken(opts(pki.tsaSigner, { messageImprint: { hashAlgorithm: alg, hashedMessage: digest(alg, data) }, nonce: 7n }));
      const r = verifyTimestampToken(built.der, { stampedData: data, trust });
      expect(r.genTime.getTime()).toBe(built.genTime.getTime());
      expect(r.tstInfo.nonce).toBe(7n);
      expect(r.tstInfo.serialNumber).toBe(42n);
      const resp = buildTimestampResponse({ status: 'granted', token: built.der });
      const ossl = await opensslTsVerify({ data, input: resp, caPem: pki.rootCa.certPem, untrustedPem: pki.tsaSigner.certPem });
      expect(ossl.output).toContain('Verification: OK');
      const other = await opensslTsVerify({ data: Buffer.concat([data, Buffer.from('x')]), input: resp, caPem: pki.rootCa.certPem, untrustedPem: pki.tsaSigner.certPem });
      expect(other.ok).toBe(false);
    });
  }

  it('an EC P-256 signer verifies with both (ecdsa-with-SHA256)', async () => {
    const built = buildTimestampToken(opts(ecTsa));
    expect(parseTimestampToken(built.der).signerInfo.signatureAlgorithm.oid).toBe(Oids.ecdsaWithSha256);
    verifyTimestampToken(built.der, { stampedData: data, trust });
    const ossl = await opensslTsVerify({ data, input: built.der, tokenIn: true, caPem: pki.rootCa.certPem, untrustedPem: ecTsa.certPem });
    expect(ossl.output).toContain('Verification: OK');
  });

  it('writes ESSCertIDv2 with the SHA-256 of the TSA certificate, or ESSCertID v1 with SHA-1', () => {
    const v2 = parseTimestampToken(buildTimestampToken(opts(pki.tsaSigner)).der).essCertId;
    expect(v2.version).toBe(2);
    expect(v2.certHash.equals(digest('sha256', pki.tsaSigner.certDer))).toBe(true);
    const v1 = parseTimestampToken(buildTimestampToken(opts(pki.tsaSigner, { essCertIdVersion: 1 })).der).essCertId;
    expect(v1.version).toBe(1);
    expect(v1.certHash.equals(digest('sha1', pki.tsaSigner.certDer))).toBe(true);
  });

  it('embeds the certificate only when asked (certReq)', async () => {
    expect(parseTimestampToken(buildTimestampToken(opts(pki.tsaSigner)).der).certificates).toHaveLength(0);
    const withCert = buildTimestampToken(opts(pki.tsaSigner, { certificates: [pki.tsaSigner.cert] }));
    const parsed = parseTimestampToken(withCert.der);
    expect(parsed.certificates[0]!.equals(pki.tsaSigner.certDer)).toBe(true);
    // With the cert inside, openssl needs no -untrusted.
    const ossl = await opensslTsVerify({ data, input: withCert.der, tokenIn: true, caPem: pki.rootCa.certPem });
    expect(ossl.output).toContain('Verification: OK');
  });

  it('refuses a token without an ESS signing-certificate attribute: internal_error (TSA-002)', () => {
    const built = buildTimestampToken(opts(pki.tsaSigner, { essCertIdVersion: 'none' }));
    expect(codeOf(() => verifyTimestampToken(built.der, { stampedData: data, trust }))).toBe('internal_error');
  });

  it('checks TSA cert validity at signingTime only (corrections.md §1)', () => {
    const notBefore = new Date(pki.tsaSigner.cert.validFrom);
    const before = new Date(notBefore.getTime() - 2 * DAY);
    // signingTime before the cert's notBefore: refused.
    const early = buildTimestampToken(opts(pki.tsaSigner, { signingTime: before }));
    const e = errorOf(() => verifyTimestampToken(early.der, { stampedData: data, trust }));
    expect(e.code).toBe('mlog.timestamp_signer_verification_failed');
    expect(e.message).toContain('not valid at signingTime');
    // No signingTime: a genTime outside the validity is not checked.
    const noSt = buildTimestampToken(opts(pki.tsaSigner, { signingTime: false, genTime: before }));
    expect(verifyTimestampToken(noSt.der, { stampedData: data, trust }).genTime.getTime()).toBe(before.getTime());
    expect(verifyTimestampToken(noSt.der, { stampedData: data, trust }).signingTime).toBeUndefined();
  });

  it('a flipped signature byte: mlog.timestamp_signer_verification_failed', () => {
    const built = buildTimestampToken(opts(pki.tsaSigner));
    const bad = Buffer.from(built.der);
    bad[built.signatureOffset + 10]! ^= 0x01;
    expect(codeOf(() => verifyTimestampToken(bad, { stampedData: data, trust }))).toBe('mlog.timestamp_signer_verification_failed');
  });

  it('eContentType other than id-ct-TSTInfo: internal_error; a wrong content-type attribute: signer verification fails', () => {
    const built = buildTimestampToken(opts(pki.tsaSigner));
    const tst = oid(Oids.tstInfo);
    const other = Buffer.from(tst);
    other[other.length - 1] = 0x05;
    const first = built.der.indexOf(tst);
    const second = built.der.indexOf(tst, first + 1);
    expect(second).toBeGreaterThan(first);
    const badECT = Buffer.from(built.der);
    other.copy(badECT, first);
    expect(codeOf(() => verifyTimestampToken(badECT, { stampedData: data, trust }))).toBe('internal_error');
    const badAttr = Buffer.from(built.der);
    other.copy(badAttr, second);
    const e = errorOf(() => verifyTimestampToken(badAttr, { stampedData: data, trust }));
    expect(e.code).toBe('mlog.timestamp_signer_verification_failed');
    expect(e.message).toContain('content-type');
  });

  it('a TSTInfo changed after signing (messageDigest mismatch): mlog.timestamp_signer_verification_failed', () => {
    const built = buildTimestampToken(opts(pki.tsaSigner, { serialNumber: 0x11n }));
    const tampered = Buffer.from(built.der);
    // The serial INTEGER 0x11 inside the TSTInfo becomes 0x12: the imprint still matches.
    const at = tampered.indexOf(Buffer.from([0x02, 0x01, 0x11]), tampered.indexOf(built.tstInfoDer.subarray(0, 8)));
    tampered[at + 2] = 0x12;
    const parsed = parseTimestampToken(tampered);
    expect(parsed.tstInfo.serialNumber).toBe(0x12n);
    const e = errorOf(() => verifyTimestampToken(tampered, { stampedData: data, trust }));
    expect(e.code).toBe('mlog.timestamp_signer_verification_failed');
    expect(e.message).toContain('message-digest');
  });

  it('a token signed by a TSA that is not approved: mlog.tsp_certificate_not_found', async () => {
    const rogue = await issueCertificate(pki.rootCa, { name: 'rogue', subject: [['CN', 'rogue TSA']], profile: 'tsa' });
    const built = buildTimestampToken(opts(rogue));
    expect(codeOf(() => verifyTimestampToken(built.der, { stampedData: data, trust }))).toBe('mlog.tsp_certificate_not_found');
  });

  it('an imprint of the wrong length for its algorithm is just a hash mismatch: malformed_signature', () => {
    const built = buildTimestampToken(opts(pki.tsaSigner, { messageImprint: { hashAlgorithm: 'sha512', hashedMessage: digest('sha256', data) } }));
    expect(codeOf(() => verifyTimestampToken(built.der, { stampedData: data, trust }))).toBe('malformed_signature');
  });

  it('two SignerInfos: internal_error (BouncyCastle wants just the TSA signature)', () => {
    const built = buildTimestampToken(opts(pki.tsaSigner));
    const [, content] = asn1.sequence(asn1.decode(built.der, 'token'), 'ContentInfo');
    const sd = asn1.sequence(asn1.children(content!, 'content')[0], 'SignedData');
    const signerInfo = encoding(asn1.children(sd[sd.length - 1]!, 'signerInfos')[0]!);
    const other = buildTimestampToken(opts(ecTsa));
    const [, c2] = asn1.sequence(asn1.decode(other.der, 'token'), 'ContentInfo');
    const sd2 = asn1.sequence(asn1.children(c2!, 'content')[0], 'SignedData');
    const ecSignerInfo = encoding(asn1.children(sd2[sd2.length - 1]!, 'signerInfos')[0]!);
    const rebuilt = (signerInfos: Buffer) =>
      seq(oid(Oids.signedData), explicit(0, seq(...sd.slice(0, -1).map(encoding), signerInfos)));
    // The reassembly itself is sound: with the one original SignerInfo the token still verifies.
    expect(verifyTimestampToken(rebuilt(setOf(signerInfo)), { stampedData: data, trust }).genTime).toBeInstanceOf(Date);
    const e = errorOf(() => verifyTimestampToken(rebuilt(setOf(signerInfo, ecSignerInfo)), { stampedData: data, trust }));
    expect(e.code).toBe('internal_error');
    expect(e.message).toContain('2 signers');
  });

  it('rejects garbage as a token with internal_error, never a crash', () => {
    for (const g of [Buffer.alloc(0), randomBytes(64), Buffer.from([0x30, 0x80]), Buffer.from([0x30, 0x03, 0x06, 0x01, 0x00])]) {
      expect(codeOf(() => verifyTimestampToken(g, { stampedData: data, trust }))).toBe('internal_error');
    }
  });
});
