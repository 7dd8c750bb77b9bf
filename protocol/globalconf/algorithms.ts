// XML-DSig URIs used in signed directory headers (corrections.md §3) mapped to Node's names. The
// digest URIs are XML-DSig's own table (protocol/xml); the signature algorithms a configuration
// client accepts differ from XML-DSig's (ecdsa-sha224 too, ECDSA values DER-encoded), so they stay here.
import { type KeyObject, sign as nodeSign, verify as nodeVerify, constants } from 'node:crypto';
import { digest, digestLength, type HashAlgorithm } from '../asn1/hash-algorithms.js';
import { DigestMethods, hashForDigestMethod } from '../xml/dsig-algorithms.js';

export type DigestName = HashAlgorithm;

export const DigestUris: Record<DigestName, string> = DigestMethods;

export function digestNameFromUri(uri: string): DigestName | undefined {
  return hashForDigestMethod(uri.trim());
}

export function digestBase64(name: DigestName, data: Uint8Array): string {
  return digest(name, data).toString('base64');
}

export type SignatureScheme = 'rsa' | 'rsa-pss' | 'ecdsa';

export interface SignatureAlgorithm {
  uri: string;
  scheme: SignatureScheme;
  digest: DigestName;
}

const RSA = 'http://www.w3.org/2001/04/xmldsig-more#rsa-';
const ECDSA = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-';
const PSS = 'http://www.w3.org/2007/05/xmldsig-more#';

/** Every Signature-Algorithm-Id a configuration client accepts (corrections.md §3). */
export const SignatureAlgorithms: SignatureAlgorithm[] = [
  { uri: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', scheme: 'rsa', digest: 'sha1' },
  { uri: `${RSA}sha256`, scheme: 'rsa', digest: 'sha256' },
  { uri: `${RSA}sha384`, scheme: 'rsa', digest: 'sha384' },
  { uri: `${RSA}sha512`, scheme: 'rsa', digest: 'sha512' },
  { uri: `${PSS}sha256-rsa-MGF1`, scheme: 'rsa-pss', digest: 'sha256' },
  { uri: `${PSS}sha384-rsa-MGF1`, scheme: 'rsa-pss', digest: 'sha384' },
  { uri: `${PSS}sha512-rsa-MGF1`, scheme: 'rsa-pss', digest: 'sha512' },
  { uri: `${ECDSA}sha1`, scheme: 'ecdsa', digest: 'sha1' },
  { uri: `${ECDSA}sha224`, scheme: 'ecdsa', digest: 'sha224' },
  { uri: `${ECDSA}sha256`, scheme: 'ecdsa', digest: 'sha256' },
  { uri: `${ECDSA}sha384`, scheme: 'ecdsa', digest: 'sha384' },
  { uri: `${ECDSA}sha512`, scheme: 'ecdsa', digest: 'sha512' },
];

export function signatureAlgorithmFromUri(uri: string): SignatureAlgorithm | undefined {
  return SignatureAlgorithms.find((a) => a.uri === uri.trim());
}

export function signatureAlgorithmFor(scheme: SignatureScheme, digest: DigestName): SignatureAlgorithm {
  const alg = SignatureAlgorithms.find((a) => a.scheme === scheme && a.digest === digest);
  if (!alg) throw new Error(`no signature algorithm URI for ${scheme} with ${digest}`);
  return alg;
}

function keyOptions(alg: SignatureAlgorithm, key: KeyObject) {
  // PSS: MGF1 with the same hash and salt = hash length, as Java's SHA512withRSAandMGF1.
  if (alg.scheme === 'rsa-pss') {
    const saltLength = digestLength(alg.digest);
    return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength };
  }
  // ECDSA signatures travel DER-encoded (Java's default), which is also Node's default.
  return { key, dsaEncoding: 'der' as const };
}

export function signWith(alg: SignatureAlgorithm, key: KeyObject, data: Uint8Array): Buffer {
  return nodeSign(alg.digest, data, keyOptions(alg, key));
}

/** False (never throws) when the key does not fit the algorithm or the signature is garbage. */
export function verifyWith(alg: SignatureAlgorithm, key: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  const type = key.asymmetricKeyType;
  if (alg.scheme === 'ecdsa' ? type !== 'ec' : type !== 'rsa' && type !== 'rsa-pss') return false;
  try {
    return nodeVerify(alg.digest, data, keyOptions(alg, key), signature);
  } catch {
    return false;
  }
}
