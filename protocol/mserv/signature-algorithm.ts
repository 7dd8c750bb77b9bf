// The `signature-algorithm-id` header of a management request signature part (MSERV-003): Java
// Signature names, the signature being a plain signature over the SOAP part bytes (X-Road
// ManagementRequestVerificationUtils.verifySignature with Signature.getInstance(name)).
// RSA PKCS#1 v1.5 and RSASSA-PSS (…andMGF1: MGF1 with the same digest, salt = digest length, as
// BouncyCastle's defaults) are listed in PR-MSERV; ECDSA is supported by the implementation
// (corrections: absent from the lists) and produced for EC keys.
import { constants, sign, verify, type KeyObject } from 'node:crypto';
import { MservCodes, MservError } from './mserv-error.js';

type Digest = 'sha256' | 'sha384' | 'sha512';

interface AlgorithmSpec {
  digest: Digest;
  scheme: 'rsa' | 'rsa-pss' | 'ecdsa';
}

const DIGEST_LENGTH: Record<Digest, number> = { sha256: 32, sha384: 48, sha512: 64 };

const ALGORITHMS: Record<string, AlgorithmSpec> = {};
for (const bits of ['256', '384', '512'] as const) {
  const digest = `sha${bits}` as Digest;
  ALGORITHMS[`SHA${bits}withRSA`] = { digest, scheme: 'rsa' };
  ALGORITHMS[`SHA${bits}withRSAandMGF1`] = { digest, scheme: 'rsa-pss' };
  ALGORITHMS[`SHA${bits}withECDSA`] = { digest, scheme: 'ecdsa' };
}

/** Algorithm names PR-MSERV lists for member signatures (§2.1 ff.). */
export const DOCUMENTED_ALGORITHMS: readonly string[] = ['SHA256withRSA', 'SHA384withRSA', 'SHA512withRSA', 'SHA256withRSAandMGF1', 'SHA384withRSAandMGF1', 'SHA512withRSAandMGF1'];

export function isKnownSignatureAlgorithm(name: string): boolean {
  return Object.hasOwn(ALGORITHMS, name);
}

function specOf(name: string): AlgorithmSpec {
  const spec = ALGORITHMS[name];
  if (!spec) throw new MservError(MservCodes.invalidSignatureAlgorithm, `Unknown signature algorithm id "${name}"`);
  return spec;
}

function keyOptions(spec: AlgorithmSpec, key: KeyObject) {
  if (spec.scheme === 'rsa-pss') return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: DIGEST_LENGTH[spec.digest] };
  if (spec.scheme === 'ecdsa') return { key, dsaEncoding: 'der' as const };
  return { key };
}

/** The algorithm X-Road's sender picks: SHA-512 (auth-cert-reg-signature-digest-algorithm-id default) with the key's mechanism. */
export function defaultSignatureAlgorithm(key: KeyObject): string {
  return key.asymmetricKeyType === 'ec' ? 'SHA512withECDSA' : 'SHA512withRSA';
}

export function signManagementData(algorithm: string, key: KeyObject, data: Uint8Array): Buffer {
  const spec = specOf(algorithm);
  return sign(spec.digest, data, keyOptions(spec, key));
}

/** True when `signature` verifies over exactly `data`; a key of the wrong type is a plain false. */
export function verifyManagementSignature(algorithm: string, key: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  const spec = specOf(algorithm);
  const keyType = key.asymmetricKeyType;
  if ((spec.scheme === 'ecdsa') !== (keyType === 'ec')) return false;
  try {
    return verify(spec.digest, data, keyOptions(spec, key), signature);
  } catch {
    return false;
  }
}
