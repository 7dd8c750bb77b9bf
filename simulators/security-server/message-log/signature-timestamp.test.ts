// Single time-stamp plumbing (TSA-003): the imprint data is the decoded SignatureValue, and the
// embedded token reads back from the first xades:UnsignedSignatureProperties child with the rest
// of signatures.xml unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSignatureDocument } from '../../../protocol/signature/index.js';
import { embedSignatureTimestamp, embeddedSignatureTimestamp, signatureValueBytes } from './signature-timestamp.js';
import { logFixture, type LogFixture } from './test-fixture.js';

let f: LogFixture;
beforeAll(async () => {
  f = await logFixture();
});
afterAll(() => f.stop());

describe('signature time-stamp', () => {
  it('reads the raw SignatureValue bytes', () => {
    const { signatureXml } = f.soapRequest('sv-1');
    const value = signatureValueBytes(signatureXml);
    expect(value.length).toBe(64); // ECDSA P-256, raw r||s
    const b64 = /<ds:SignatureValue[^>]*>([^<]+)</.exec(signatureXml.toString())![1];
    expect(value.equals(Buffer.from(b64.replace(/\s+/g, ''), 'base64'))).toBe(true);
  });

  it('embeds the token before the other unsigned properties and changes nothing else', () => {
    const { signatureXml } = f.soapRequest('sv-2');
    const token = Buffer.from('not really a token, but bytes');
    const stamped = embedSignatureTimestamp(signatureXml, token);
    expect(embeddedSignatureTimestamp(stamped)?.equals(token)).toBe(true);
    expect(embeddedSignatureTimestamp(signatureXml)).toBeUndefined();
    const element = `<xades:SignatureTimeStamp><xades:EncapsulatedTimeStamp>${token.toString('base64')}</xades:EncapsulatedTimeStamp></xades:SignatureTimeStamp>`;
    expect(stamped.toString('utf8').replace(element, '')).toBe(signatureXml.toString('utf8'));
    expect(stamped.toString('utf8')).toContain(`<xades:UnsignedSignatureProperties>${element}`);
    expect(readSignatureDocument(stamped).signatureValue.equals(signatureValueBytes(signatureXml))).toBe(true);
  });

  it('refuses signatures it cannot read or carry a time-stamp in', () => {
    expect(() => signatureValueBytes(Buffer.from('<a/>'))).toThrow(expect.objectContaining({ code: 'malformed_signature' }));
    const { signatureXml } = f.soapRequest('sv-3');
    const noUnsigned = Buffer.from(signatureXml.toString('utf8').replace(/<xades:UnsignedProperties>[\s\S]*<\/xades:UnsignedProperties>/, ''));
    expect(() => embedSignatureTimestamp(noUnsigned, Buffer.from('t'))).toThrow(expect.objectContaining({ code: 'malformed_signature' }));
  });
});
