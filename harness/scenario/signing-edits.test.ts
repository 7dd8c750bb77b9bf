import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { dropKeyInfo, ecdsaRawToDerValue, rawEcdsaToDer } from './signing-edits.js';

describe('ecdsaRawToDerValue', () => {
  it('turns an XMLDSig raw r||s value into the DER form X.509 tools verify', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const data = Buffer.from('roadtest');
    for (let i = 0; i < 20; i++) {
      const raw = sign('sha512', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      const der = ecdsaRawToDerValue(raw);
      expect(verify('sha512', data, { key: publicKey, dsaEncoding: 'der' }, der)).toBe(true);
      // and the raw form is not what a DER verifier accepts
      expect(() => verify('sha512', data, { key: publicKey, dsaEncoding: 'der' }, raw)).not.toThrow();
      expect(verify('sha512', data, { key: publicKey, dsaEncoding: 'der' }, raw)).toBe(false);
    }
  });
  it('refuses values that cannot be raw ECDSA', () => {
    expect(() => ecdsaRawToDerValue(Buffer.alloc(63))).toThrow(/not a raw ECDSA value/);
  });
});

describe('signature text edits', () => {
  const xml = '<ds:Signature><ds:SignatureValue Id="signature-value">' + Buffer.alloc(64, 1).toString('base64') + '</ds:SignatureValue><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>';
  it('drops KeyInfo and fails when there is none', () => {
    expect(dropKeyInfo(xml)).not.toMatch(/KeyInfo/);
    expect(() => dropKeyInfo('<ds:Signature/>')).toThrow(/no KeyInfo/);
  });
  it('rewrites only the SignatureValue content', () => {
    const out = rawEcdsaToDer(xml);
    const value = /<ds:SignatureValue Id="signature-value">([^<]*)</.exec(out)![1]!;
    expect(Buffer.from(value, 'base64')[0]).toBe(0x30);
    expect(out).toMatch(/<ds:KeyInfo>/);
  });
});
