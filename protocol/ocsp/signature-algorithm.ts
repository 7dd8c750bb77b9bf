// Signature algorithms an OCSP response may be signed with, mapped to node:crypto. X-Road accepts
// whatever BouncyCastle's default content verifier knows; the real vectors use sha1WithRSA
// (ee-sign-0-ocsp0.der) and sha256WithRSA (dev-*), and X-Road 7.x signers may use RSA-PSS or ECDSA.
import { constants, sign, verify, type KeyObject } from 'node:crypto';
import { hashAlgorithmFromOid, type HashAlgorithm } from '../asn1/hash-algorithms.js';
import { hashOfEcdsaSignature, hashOfRsaSignature, naturalSignatureAlgorithm, SignatureAlgorithmOids } from '../asn1/signature-algorithms.js';
import { isContext, type AlgorithmIdentifier } from '../asn1/der-reader.js';
import { asn1 } from './der-reader.js';

/** The digest names OCSP works with (the shared table in protocol/asn1). */
export type HashName = HashAlgorithm;

const OID_RSASSA_PSS = SignatureAlgorithmOids.rsassaPss;
const OID_ED25519 = SignatureAlgorithmOids.ed25519;

/** RSASSA-PSS-params (RFC 4055 §3.1); defaults are SHA-1 and salt 20. */
function pssParameters(params: Buffer | undefined): { hash: HashName; saltLength: number } {
  let hash: HashName = 'sha1';
  let saltLength = 20;
  if (!params) return { hash, saltLength };
  for (const item of asn1.children(asn1.decode(params, 'RSASSA-PSS-params'), 'RSASSA-PSS-params')) {
    if (isContext(item, 0)) {
      const alg = asn1.children(asn1.explicitInner(item, 'PSS hashAlgorithm'), 'PSS hashAlgorithm');
      const h = hashAlgorithmFromOid(asn1.oid(alg[0], 'PSS hashAlgorithm'));
      if (!h) throw new Error('unsupported RSASSA-PSS hash');
      hash = h;
    } else if (isContext(item, 2)) {
      saltLength = asn1.smallInteger(asn1.explicitInner(item, 'PSS saltLength'), 'PSS saltLength');
    }
  }
  return { hash, saltLength };
}

/** Verifies `signature` over `data`; false (never throws) for unknown algorithms or key mismatches. */
export function verifySignature(algorithm: AlgorithmIdentifier, data: Buffer, signature: Buffer, key: KeyObject): boolean {
  try {
    const rsaHash = hashOfRsaSignature(algorithm.oid);
    if (rsaHash) return key.asymmetricKeyType === 'rsa' && verify(rsaHash, data, key, signature);
    const ecdsaHash = hashOfEcdsaSignature(algorithm.oid);
    if (ecdsaHash) return key.asymmetricKeyType === 'ec' && verify(ecdsaHash, data, { key, dsaEncoding: 'der' }, signature);
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
  const type = key.asymmetricKeyType;
  const alg = naturalSignatureAlgorithm(type, hash);
  if (!alg) throw new Error(`cannot sign OCSP responses with a ${type} key`);
  const signature = type === 'ed25519' ? sign(null, data, key) : sign(hash, data, type === 'ec' ? { key, dsaEncoding: 'der' } : key);
  return { algorithmDer: alg.der, signature };
}
