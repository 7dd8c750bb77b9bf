import { describe, expect, it, beforeAll } from 'vitest';
import { buildSignature } from '../../protocol/signature/signature-builder.js';
import { signingFixture, type SigningFixture } from '../../protocol/signature/testing/signing-fixture.js';
import { checkHashChain, checkSignatureLayout, signatureFacts, SIGNATURE_METHODS } from './signing-layout.js';

let fx: SigningFixture;
const message = Buffer.from('<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Body/></env:Envelope>');
const attachments = [Buffer.from('first'), Buffer.from('second')];

beforeAll(async () => {
  fx = await signingFixture('rsa');
});

function single() {
  return buildSignature({ signingCert: fx.signer.cert, privateKey: fx.signer.privateKey, messages: [{ message }], ocspResponses: [fx.ocspFor(fx.signer, new Date())] });
}

function batch() {
  return buildSignature({ signingCert: fx.signer.cert, privateKey: fx.signer.privateKey, messages: [{ message, attachments }], ocspResponses: [fx.ocspFor(fx.signer, new Date())] });
}

describe('checkSignatureLayout', () => {
  it('finds nothing wrong with what X-Road’s layout builder writes, single and batch', () => {
    const s = single();
    expect(checkSignatureLayout(s.signatureXml, { batch: false, signedPart: message, issuer: fx.pki.issuingCa.cert })).toEqual([]);
    const b = batch();
    expect(checkSignatureLayout(b.signatureXml, { batch: true, signedPart: Buffer.from(b.hashChainResult!), issuer: fx.pki.issuingCa.cert })).toEqual([]);
    expect(signatureFacts(s.signatureXml).signatureMethod).toBe(SIGNATURE_METHODS.rsa);
  });

  it('names each departure', () => {
    const xml = single().signatureXml;
    const check = (x: string, o: { batch?: boolean; part?: Buffer } = {}) => checkSignatureLayout(x, { batch: o.batch ?? false, signedPart: o.part ?? message, issuer: fx.pki.issuingCa.cert }).join('; ');
    expect(check(xml, { part: Buffer.from('other bytes') })).toMatch(/reference 0 digest/);
    expect(check(xml, { batch: true })).toMatch(/reference 0 URI is \/message.xml/);
    expect(check(xml.replace('http://www.w3.org/TR/2001/REC-xml-c14n-20010315', 'http://www.w3.org/2001/10/xml-exc-c14n#'))).toMatch(/c14n/);
    expect(check(xml.replace(/<ds:KeyInfo[\s\S]*?<\/ds:KeyInfo>/, ''))).toMatch(/no signing certificate/);
    expect(check(xml.replace('Id="signature-value"', 'Id="value"'))).toMatch(/signature-value/);
    expect(check(xml.replace(/<xades:EncapsulatedOCSPValue[\s\S]*?<\/xades:EncapsulatedOCSPValue>/, ''))).toMatch(/EncapsulatedOCSPValue/);
    expect(check(xml.replace('urn:oid:1.3.6.1.4.1.3516.16.2', 'urn:oid:1.2.3'))).toMatch(/SignaturePolicyIdentifier/);
    expect(check(xml.replace('<xades:MimeType>text/xml</xades:MimeType>', '<xades:MimeType>text/plain</xades:MimeType>'))).toMatch(/DataObjectFormat/);
  });

  it('refuses an embedded OCSP response about another certificate', () => {
    const other = fx.pki.securityServers.SS2!.sign[`${fx.pki.instance}/GOV/4321`]!;
    const s = buildSignature({ signingCert: fx.signer.cert, privateKey: fx.signer.privateKey, messages: [{ message }], ocspResponses: [fx.ocspFor(other, new Date())] });
    expect(checkSignatureLayout(s.signatureXml, { batch: false, signedPart: message, issuer: fx.pki.issuingCa.cert }).join()).toMatch(/good for the signing certificate/);
  });
});

describe('checkHashChain', () => {
  it('accepts DataRefs over the exact part bytes and names wrong or missing ones', () => {
    const b = batch();
    const parts = [{ name: '/message.xml', bytes: message }, { name: '/attachment1', bytes: attachments[0]! }, { name: '/attachment2', bytes: attachments[1]! }];
    expect(checkHashChain(b.hashChainResult!, b.hashChains![0]!, parts)).toEqual([]);
    expect(checkHashChain(b.hashChainResult!, b.hashChains![0]!, [parts[0]!, { name: '/attachment1', bytes: Buffer.from('changed') }, parts[2]!]).join()).toMatch(/attachment1 digest/);
    expect(checkHashChain(b.hashChainResult!, b.hashChains![0]!, parts.slice(0, 2)).join()).toMatch(/not sent: \/attachment2/);
    expect(checkHashChain(b.hashChainResult!.replace('#STEP0', '#STEP1'), b.hashChains![0]!, parts).join()).toMatch(/STEP0/);
  });
});
