// Computing and checking ds:SignatureValue over canonical SignedInfo octets. ECDSA values are raw
// r||s (SIG-011: X-Road converts the JCA DER form with Signatures.useRawFormat); RSA is PKCS#1
// v1.5, or PSS with MGF1 of the same hash and salt = hash length for the "-rsa-MGF1" URIs.
import { constants, createSign, createVerify, sign as signOneShot, type KeyObject } from 'node:crypto';
import { signatureAlgorithmOf, type HashName, type SignatureAlgorithm } from '../xml/dsig-algorithms.js';

const HASH_LENGTH: Record<HashName, number> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

function keyOptions(key: KeyObject, alg: SignatureAlgorithm) {
  if (alg.family === 'ecdsa') return { key, dsaEncoding: 'ieee-p1363' as const };
  if (alg.family === 'rsa-pss') return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: HASH_LENGTH[alg.hash] };
  return { key, padding: constants.RSA_PKCS1_PADDING };
}

/** The XML-DSig algorithm X-Road uses for a key: RSA PKCS#1 v1.5 or ECDSA, with `hash`. */
export function signatureAlgorithmForKey(key: KeyObject, hash: HashName): SignatureAlgorithm {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return signatureAlgorithmOf('rsa', hash);
  if (type === 'rsa-pss') return signatureAlgorithmOf('rsa-pss', hash);
  if (type === 'ec') return signatureAlgorithmOf('ecdsa', hash);
  throw new RangeError(`Key type ${type} cannot make X-Road signatures`);
}

export function signBytes(data: Uint8Array, privateKey: KeyObject, alg: SignatureAlgorithm): Buffer {
  return createSign(alg.hash).update(data).sign(keyOptions(privateKey, alg));
}

/**
 * signBytes on libuv's thread pool: a security server signing for many exchanges at once keeps
 * its event loop for the rest of their work while the private-key operation (most of the cost of
 * building a signature with RSA 2048) runs on another core.
 */
export function signBytesAsync(data: Uint8Array, privateKey: KeyObject, alg: SignatureAlgorithm): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    signOneShot(alg.hash, data, keyOptions(privateKey, alg), (err, value) => (err ? reject(err) : resolve(value)));
  });
}

/** False for a wrong value, and for a key that cannot check this algorithm at all. */
export function verifyBytes(data: Uint8Array, signature: Uint8Array, publicKey: KeyObject, alg: SignatureAlgorithm): boolean {
  const type = publicKey.asymmetricKeyType;
  if ((alg.family === 'ecdsa') !== (type === 'ec')) return false;
  try {
    return createVerify(alg.hash).update(data).verify(keyOptions(publicKey, alg), signature);
  } catch {
    return false;
  }
}
