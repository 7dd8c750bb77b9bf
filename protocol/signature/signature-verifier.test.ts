import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { faultCodesEqual } from '../faults/index.js';
import { memberId, type ClientId } from '../identifiers/index.js';
import { describeWithVectors, readVector } from '../test-support/vectors.js';
import { DigestMethods } from '../xml/dsig-algorithms.js';
import { readSignatureDocument } from './signature-document.js';
import { verifySignature, type MessagePart, type SignatureVerificationInput } from './signature-verifier.js';
import { codeOf, messageOf } from './testing/codes.js';
import { devTrust, eeTestCaLookup, eeTrust } from './testing/vector-trust.js';

const sha512 = (b: Uint8Array) => createHash('sha512').update(b).digest();
const common = (n: string) => readVector('signatures', 'common-test', n);
const impl = (n: string) => readVector('signatures', 'globalconf-impl', n);
// new Calendar(2014, 9, 30) / (2024, 6, 9): Java months are 0-based.
const EE_DATE = new Date('2014-10-30T00:00:00Z');
const DEV_DATE = new Date('2024-07-09T00:00:00Z');
const ee = (code: string): ClientId => memberId('EE', 'BUSINESS', code);

describeWithVectors('signature verification: CATALOG "X-Road XAdES signatures outside ASiC"', () => {
  const trust = eeTrust();
  const message0 = common('message-0.xml');
  const message0Part: MessagePart = { name: '/message.xml', data: message0, digest: { method: DigestMethods.sha512, value: sha512(message0) } };
  const verifyEe = (signatureXml: Buffer, extra: Partial<SignatureVerificationInput> = {}) =>
    codeOf(() => verifySignature({ signatureXml, signer: ee('consumer'), trust, atDate: EE_DATE, parts: [message0Part], ...extra }));

  it('sign-0.xml + message-0.xml by EE/BUSINESS/consumer: valid (OCSP thisUpdate after atDate is accepted)', () => {
    const v = verifySignature({ signatureXml: common('sign-0.xml'), signer: ee('consumer'), trust, atDate: EE_DATE, parts: [message0Part] });
    expect(v.signerIdentity).toEqual(ee('consumer'));
    expect(v.issuingCa.ca.name).toBe('pki1');
    // the same verdict with the X-Road test's getCaCert override
    expect(verifyEe(common('sign-0.xml'), { findIssuer: eeTestCaLookup })).toBe('ok');
  });

  it('sign-0.xml checks the chain and OCSP at atDate: expired cert, stale OCSP, unauthorised responder', () => {
    expect(verifyEe(common('sign-0.xml'), { atDate: new Date('2025-01-01T00:00:00Z') })).toBe('cannot_create_cert_path.internal_error');
    // thisUpdate is 2017-09-09T09:15:11Z and ocspFreshnessSeconds 42
    expect(verifyEe(common('sign-0.xml'), { atDate: new Date('2017-09-09T09:15:53Z') })).toBe('ok');
    expect(verifyEe(common('sign-0.xml'), { atDate: new Date('2017-09-09T09:15:54Z') })).toBe('invalid_cert_path.incorrect_validation_info');
    const noResponders = { ...trust, approvedCas: trust.approvedCas.map((c) => ({ ...c, ocspResponders: [] })) };
    expect(verifyEe(common('sign-0.xml'), { trust: noResponders })).toBe('invalid_cert_path.incorrect_validation_info');
  });

  it('sign-0-old-format.xml (asic 1.1.1 namespace, no reference Ids, no policy): valid', () => {
    expect(verifyEe(common('sign-0-old-format.xml'))).toBe('ok');
  });

  it('sign-0.xml with expected signer EE/BUSINESS/FOORBAR: incorrect_certificate', () => {
    const run = () => verifySignature({ signatureXml: common('sign-0.xml'), signer: ee('FOORBAR'), trust, atDate: EE_DATE, parts: [message0Part] });
    expect(faultCodesEqual(codeOf(run), 'IncorrectCertificate')).toBe(true);
    expect(messageOf(run)).toBe('Name in certificate (MEMBER:EE/BUSINESS/consumer) does not match name in message (MEMBER:EE/BUSINESS/FOORBAR)');
  });

  it('sign-0.xml with message part "foo": invalid_signature_value', () => {
    const foo = Buffer.from('foo');
    expect(verifyEe(common('sign-0.xml'), { parts: [{ name: '/message.xml', data: foo, digest: { method: DigestMethods.sha512, value: foo } }] })).toBe('invalid_signature_value');
  });

  it('batch-sig.xml + hash-chain-result.xml + hash-chain-1.xml + message-1.xml, /attachment1 = "blaah": valid', () => {
    const resolver = { resolve: (uri: string) => ({ '/sig-hashchain.xml': impl('hash-chain-1.xml'), '/message.xml': impl('message-1.xml'), '/attachment1': Buffer.from('blaah') } as Record<string, Buffer>)[uri] };
    const run = (attachment: string) => codeOf(() => verifySignature({
      signatureXml: impl('batch-sig.xml'), signer: ee('consumer'), trust, atDate: EE_DATE, hashChainResult: impl('hash-chain-result.xml'),
      hashChainResolver: { resolve: (uri) => (uri === '/attachment1' ? Buffer.from(attachment) : resolver.resolve(uri)) },
    }));
    expect(run('blaah')).toBe('ok');
    expect(run('blaah!')).toBe('malformed_signature.invalid_hash_chain_ref');
  });

  it.each([
    ['empty.xml', 'invalid_xml'],
    ['sign-0-no-signature.xml', 'malformed_signature'],
    ['sign-0-no-objectcontainer.xml', 'malformed_signature'],
    ['sign-0-malformed-xml.xml', 'invalid_xml'],
    ['sign-0-schema-fail.xml', 'malformed_signature'],
  ])('%s fails while reading: %s', (file, code) => {
    expect(codeOf(() => readSignatureDocument(impl(file)))).toBe(code);
    expect(verifyEe(impl(file))).toBe(code);
  });

  it('sign-0-no-signing-cert.xml: malformed_signature (schema; and "no signing certificate" without schema)', () => {
    expect(verifyEe(impl('sign-0-no-signing-cert.xml'))).toBe('malformed_signature');
    const run = () => verifySignature({ signatureXml: impl('sign-0-no-signing-cert.xml'), signer: ee('consumer'), trust, atDate: EE_DATE, verifySchema: false });
    expect(codeOf(run)).toBe('malformed_signature');
    expect(messageOf(run)).toBe('Signature does not contain signing certificate');
  });

  it('sign-0-invalid-signature-value.xml: invalid_signature_value', () => {
    expect(verifyEe(impl('sign-0-invalid-signature-value.xml'))).toBe('invalid_signature_value');
  });

  it.each([
    ['extra-certs-missing-id.xml', 'Missing certificate id attribute'],
    ['extra-certs-missing-cert.xml', 'Could not find certificate with id #enc-cert-2'],
    ['extra-certs-digest-invalid.xml', 'digest does not match'],
  ])('%s (signer EE/BUSINESS/Test Org, X-Road test CA lookup): malformed_signature', (file, message) => {
    const run = () => verifySignature({ signatureXml: impl(file), signer: ee('Test Org'), trust, atDate: EE_DATE, findIssuer: eeTestCaLookup });
    expect(codeOf(run)).toBe('malformed_signature');
    expect(messageOf(run)).toContain(message);
    // Without the override the AdminCA1 issuer is not an approved CA: X-Road's getCaCert says internal_error.
    expect(codeOf(() => verifySignature({ signatureXml: impl(file), signer: ee('Test Org'), trust, atDate: EE_DATE }))).toBe('internal_error');
  });

  it('sign-0-ocsp-no-responses.xml: malformed_signature (schema; and "no OCSP" without schema)', () => {
    expect(verifyEe(impl('sign-0-ocsp-no-responses.xml'))).toBe('malformed_signature');
    const run = () => verifySignature({ signatureXml: impl('sign-0-ocsp-no-responses.xml'), signer: ee('consumer'), trust, atDate: EE_DATE, parts: [message0Part], verifySchema: false });
    expect(codeOf(run)).toBe('malformed_signature');
    expect(messageOf(run)).toBe('Could not get any OCSP elements from signature');
  });

  describe('non-batch-sig (second layout: ds:Signature root, exclusive c14n, xades-id, /attachment1 reference)', () => {
    const nb = (n: string) => readVector('signatures', 'globalconf-impl', 'non-batch-sig', n);
    const dev = devTrust();
    const signer = memberId('DEV', 'COM', '4321');
    const parts = (attachmentDigest: Buffer): MessagePart[] => [
      { name: '/message.xml', data: nb('message.xml'), digest: { method: DigestMethods.sha512, value: sha512(nb('message.xml')) } },
      { name: '/attachment1', digest: { method: DigestMethods.sha512, value: attachmentDigest } },
    ];

    it('is valid under globalconf_good2_v3 at 2024-07-09', () => {
      const v = verifySignature({ signatureXml: nb('signatures.xml'), signer, trust: dev, atDate: DEV_DATE, parts: parts(sha512(nb('attachment1'))) });
      expect(v.signerIdentity).toEqual(signer);
    });

    it('fails with invalid_signature_value when the attachment digest is wrong', () => {
      expect(codeOf(() => verifySignature({ signatureXml: nb('signatures.xml'), signer, trust: dev, atDate: DEV_DATE, parts: parts(sha512(Buffer.from([1]))) })))
        .toBe('invalid_signature_value');
    });

    it('fails with invalid_signature_value when the message bytes change', () => {
      const tampered = Buffer.from(nb('message.xml'));
      tampered[0] ^= 1;
      expect(codeOf(() => verifySignature({ signatureXml: nb('signatures.xml'), signer, trust: dev, atDate: DEV_DATE,
        parts: [{ name: '/message.xml', data: tampered }, { name: '/attachment1', digest: { method: DigestMethods.sha512, value: sha512(nb('attachment1')) } }] })))
        .toBe('invalid_signature_value');
    });
  });
});
