import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../simulators/pki/index.js';
import { certificateIdentity, describeSignerIdentifier, signerIdentifierMatches, type SignerIdentifier } from './signer-identifier.js';

describe('SignerInfo sid matching (BouncyCastle SignerId.match)', () => {
  let pki: TestPki;
  beforeAll(async () => {
    pki = await createTestPki({ securityServers: [] });
  });

  it('reads issuer, serial and subjectKeyIdentifier from a certificate', () => {
    const id = certificateIdentity(pki.tsaSigner.cert);
    expect(id.serialNumber).toBe(BigInt('0x' + pki.tsaSigner.cert.serialNumber));
    expect(id.subjectKeyIdentifier?.length).toBeGreaterThan(0);
  });

  it('matches issuer + serial, and not a different serial or issuer', () => {
    const id = certificateIdentity(pki.tsaSigner.cert);
    const sid: SignerIdentifier = { kind: 'issuerAndSerialNumber', issuer: id.issuer, serialNumber: id.serialNumber };
    expect(signerIdentifierMatches(sid, pki.tsaSigner.cert)).toBe(true);
    expect(signerIdentifierMatches({ ...sid, serialNumber: id.serialNumber + 1n }, pki.tsaSigner.cert)).toBe(false);
    expect(signerIdentifierMatches(sid, pki.ocspSigner.cert)).toBe(false);
    expect(describeSignerIdentifier(sid)).toContain('serial');
  });

  it('matches a subjectKeyIdentifier sid against the extension', () => {
    const ski = certificateIdentity(pki.tsaSigner.cert).subjectKeyIdentifier!;
    const sid: SignerIdentifier = { kind: 'subjectKeyIdentifier', keyIdentifier: ski };
    expect(signerIdentifierMatches(sid, pki.tsaSigner.cert)).toBe(true);
    expect(signerIdentifierMatches(sid, pki.rootCa.cert)).toBe(false);
  });
});
