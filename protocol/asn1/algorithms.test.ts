import { describe, expect, it } from 'vitest';
import { digest, digestLength, hashAlgorithmFromOid, hashAlgorithmOid, parseHashAlgorithmName, type HashAlgorithm } from './hash-algorithms.js';
import { hashOfEcdsaSignature, hashOfRsaSignature, naturalSignatureAlgorithm, SignatureAlgorithmOids } from './signature-algorithms.js';

const HASHES: HashAlgorithm[] = ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'];

describe('hash algorithms', () => {
  it('map names to OIDs and back, with digest lengths that match node:crypto', () => {
    for (const h of HASHES) {
      expect(hashAlgorithmFromOid(hashAlgorithmOid(h))).toBe(h);
      expect(digest(h, Buffer.from('x')).length).toBe(digestLength(h));
    }
    expect(hashAlgorithmOid('sha1')).toBe('1.3.14.3.2.26');
    expect(hashAlgorithmOid('sha512')).toBe('2.16.840.1.101.3.4.2.3');
    expect(hashAlgorithmFromOid('1.2.840.113549.2.5')).toBeUndefined(); // MD5
    expect(hashAlgorithmFromOid('constructor')).toBeUndefined();
  });

  it('digest text as its UTF-8 bytes (XML-DSig digests strings through the same function)', () => {
    expect(digest('sha256', 'ä').equals(digest('sha256', Buffer.from('ä', 'utf8')))).toBe(true);
    expect(digest('sha256', 'ä').equals(digest('sha256', Buffer.from('ä', 'latin1')))).toBe(false);
  });

  it('read Java and WebCrypto names', () => {
    expect(parseHashAlgorithmName('SHA-512')).toBe('sha512');
    expect(parseHashAlgorithmName('sha256')).toBe('sha256');
    expect(parseHashAlgorithmName('MD5')).toBeUndefined();
  });
});

describe('signature algorithms', () => {
  it('name the hash of sha*WithRSA and ecdsa-with-SHA* OIDs, nothing else', () => {
    expect(hashOfRsaSignature(SignatureAlgorithmOids.sha256WithRsa)).toBe('sha256');
    expect(hashOfEcdsaSignature(SignatureAlgorithmOids.ecdsaWithSha384)).toBe('sha384');
    expect(hashOfRsaSignature(SignatureAlgorithmOids.ecdsaWithSha384)).toBeUndefined();
    expect(hashOfEcdsaSignature(SignatureAlgorithmOids.rsaEncryption)).toBeUndefined();
    for (const h of HASHES) {
      expect(hashOfRsaSignature(naturalSignatureAlgorithm('rsa', h)!.oid)).toBe(h);
      expect(hashOfEcdsaSignature(naturalSignatureAlgorithm('ec', h)!.oid)).toBe(h);
    }
  });

  it('sign RSA with NULL parameters, ECDSA and Ed25519 without, and know no other key type', () => {
    expect(naturalSignatureAlgorithm('rsa', 'sha256')!.der.toString('hex')).toBe('300d06092a864886f70d01010b0500');
    expect(naturalSignatureAlgorithm('ec', 'sha256')!.der.toString('hex')).toBe('300a06082a8648ce3d040302');
    expect(naturalSignatureAlgorithm('ed25519', 'sha512')!.der.toString('hex')).toBe('300506032b6570');
    expect(naturalSignatureAlgorithm('dsa', 'sha256')).toBeUndefined();
    expect(naturalSignatureAlgorithm(undefined, 'sha256')).toBeUndefined();
  });
});
