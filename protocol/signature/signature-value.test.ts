import { constants, createSign, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureAlgorithmFor, SignatureMethods } from '../xml/dsig-algorithms.js';
import { signatureAlgorithmForKey, signBytes, signBytesAsync, verifyBytes } from './signature-value.js';

describe('SignatureValue primitives', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const data = Buffer.from('<ds:SignedInfo/>');

  it('picks rsa-shaN / ecdsa-shaN for the key', () => {
    expect(signatureAlgorithmForKey(rsa.publicKey, 'sha512').uri).toBe(SignatureMethods.rsaSha512);
    expect(signatureAlgorithmForKey(ec.publicKey, 'sha256').uri).toBe(SignatureMethods.ecdsaSha256);
  });

  it('ECDSA values are raw r||s of 2 x field size and verify only in that form', () => {
    const alg = signatureAlgorithmFor(SignatureMethods.ecdsaSha384)!;
    const sig = signBytes(data, ec.privateKey, alg);
    expect(sig.length).toBe(96);
    expect(verifyBytes(data, sig, ec.publicKey, alg)).toBe(true);
    const der = createSign('sha384').update(data).sign(ec.privateKey);
    expect(verifyBytes(data, der, ec.publicKey, alg)).toBe(false);
  });

  it('verifies RSA-PSS ("-rsa-MGF1") with salt = hash length, and rejects other salts and families', () => {
    const alg = signatureAlgorithmFor(SignatureMethods.rsaPssSha256)!;
    const pss = createSign('sha256').update(data).sign({ key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    expect(verifyBytes(data, pss, rsa.publicKey, alg)).toBe(true);
    const salt20 = createSign('sha256').update(data).sign({ key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 });
    expect(verifyBytes(data, salt20, rsa.publicKey, alg)).toBe(false);
    expect(verifyBytes(data, pss, rsa.publicKey, signatureAlgorithmFor(SignatureMethods.rsaSha256)!)).toBe(false);
    expect(verifyBytes(data, pss, ec.publicKey, alg)).toBe(false);
  });

  it('signs on the thread pool with the same result: RSA byte for byte, ECDSA raw r||s that verifies', async () => {
    const rsaAlg = signatureAlgorithmFor(SignatureMethods.rsaSha512)!;
    expect((await signBytesAsync(data, rsa.privateKey, rsaAlg)).equals(signBytes(data, rsa.privateKey, rsaAlg))).toBe(true);
    const pssAlg = signatureAlgorithmFor(SignatureMethods.rsaPssSha256)!;
    expect(verifyBytes(data, await signBytesAsync(data, rsa.privateKey, pssAlg), rsa.publicKey, pssAlg)).toBe(true);
    const ecAlg = signatureAlgorithmFor(SignatureMethods.ecdsaSha384)!;
    const ecSig = await signBytesAsync(data, ec.privateKey, ecAlg);
    expect(ecSig.length).toBe(96);
    expect(verifyBytes(data, ecSig, ec.publicKey, ecAlg)).toBe(true);
    expect(verifyBytes(Buffer.from('other'), ecSig, ec.publicKey, ecAlg)).toBe(false);
    await expect(signBytesAsync(data, ec.publicKey, ecAlg)).rejects.toThrow();
  });
});
