// Signature algorithms an OCSP response may be signed with, mapped to node:crypto. X-Road accepts
// whatever BouncyCastle's default content verifier knows; the real vectors use sha1WithRSA
// (ee-sign-0-ocsp0.der) and sha256WithRSA (dev-*), and X-Road 7.x signers may use RSA-PSS or ECDSA.
import { constants, sign, verify, type KeyObject } from 'node:crypto';
import { children, decode, explicitInner, isContext, oid, smallInteger, type AlgorithmIdentifier } from './der-reader.js';
import * as w from '../asn1/der-writer.js';

export type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

const RSA_PKCS1: Record<string, HashName> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};
const ECDSA: Record<string, HashName> = {
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};
const HASH_OIDS: Record<string, HashName> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const OID_RSASSA_PSS = '1.2.840.113549.1.1.10';
const OID_ED25519 = '1.3.101.112';

/** RSASSA-PSS-params (RFC 4055 §3.1); defaults are SHA-1 and salt 20. */
function pssParameters(params: Buffer | undefined): { hash: HashName; saltLength: number } {
  let hash: HashName = 'sha1';
  let saltLength = 20;
  if (!params) return { hash, saltLength };
  for (const item of children(decode(params, 'RSASSA-PSS-params'), 'RSASSA-PSS-params')) {
    if (isContext(item, 0)) {
      const alg = children(explicitInner(item, 'PSS hashAlgorithm'), 'PSS hashAlgorithm');
      const h = HASH_OIDS[oid(alg[0], 'PSS hashAlgorithm')];
      if (!h) throw new Error('unsupported RSASSA-PSS hash');
      hash = h;
    } else if (isContext(item, 2)) {
      saltLength = smallInteger(explicitInner(item, 'PSS saltLength'), 'PSS saltLength');
    }
  }
  return { hash, saltLength };
}

/** Verifies `signature` over `data`; false (never throws) for unknown algorithms or key mismatches. */
export function verifySignature(algorithm: AlgorithmIdentifier, data: Buffer, signature: Buffer, key: KeyObject): boolean {
  try {
    if (RSA_PKCS1[algorithm.oid]) {
      return key.asymmetricKeyType === 'rsa' && verify(RSA_PKCS1[algorithm.oid], data, key, signature);
    }
    if (ECDSA[algorithm.oid]) {
      return key.asymmetricKeyType === 'ec' && verify(ECDSA[algorithm.oid], data, { key, dsaEncoding: 'der' }, signature);
    }
    if (algorithm.oid === OID_RSASSA_PSS) {
      const { hash, saltLength } = pssParameters(algorithm.parameters);
      return verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature);
    }
    if (algorithm.oid === OID_ED25519) return key.asymmetricKeyType === 'ed25519' && verify(null, data, key, signature);
    return false;
  } catch {
    return false;
  }
}

export interface SignatureResult {
  algorithmDer: Buffer;
  signature: Buffer;
}

/** Signs with the key's natural algorithm: sha*WithRSAEncryption (NULL params) or ecdsa-with-SHA*. */
export function signWith(key: KeyObject, data: Buffer, hash: HashName = 'sha256'): SignatureResult {
  if (key.asymmetricKeyType === 'rsa') {
    const algOid = Object.entries(RSA_PKCS1).find(([, h]) => h === hash)![0];
    return { algorithmDer: w.algorithmIdentifier(algOid, w.nullValue()), signature: sign(hash, data, key) };
  }
  if (key.asymmetricKeyType === 'ec') {
    const algOid = Object.entries(ECDSA).find(([, h]) => h === hash)![0];
    return { algorithmDer: w.algorithmIdentifier(algOid), signature: sign(hash, data, { key, dsaEncoding: 'der' }) };
  }
  if (key.asymmetricKeyType === 'ed25519') return { algorithmDer: w.algorithmIdentifier(OID_ED25519), signature: sign(null, data, key) };
  throw new Error(`cannot sign OCSP responses with a ${key.asymmetricKeyType} key`);
}
