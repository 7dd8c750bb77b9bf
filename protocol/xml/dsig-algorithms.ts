// XML-DSig algorithm URIs X-Road uses, mapped to node:crypto names (X-Road DigestAlgorithm and
// SignAlgorithm enums). ECDSA SignatureValues are raw r||s (XMLDSig 1.1 §6.4.3, SIG-011), which is
// node's `ieee-p1363` encoding; RSA-PSS ("-rsa-MGF1") uses MGF1 with the same hash and salt = hash
// length, as Java's SHA512withRSAandMGF1 does.
import type { HashAlgorithm } from '../asn1/hash-algorithms.js';

export { digest } from '../asn1/hash-algorithms.js';

/** The hash algorithms by node:crypto name: the same set as protocol/asn1's OID table. */
export type HashName = HashAlgorithm;

export const DigestMethods = {
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
  sha224: 'http://www.w3.org/2001/04/xmldsig-more#sha224',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  sha384: 'http://www.w3.org/2001/04/xmldsig-more#sha384',
  sha512: 'http://www.w3.org/2001/04/xmlenc#sha512',
} as const satisfies Record<HashName, string>;

export type DigestMethodUri = (typeof DigestMethods)[HashName];

const HASH_BY_URI = new Map<string, HashName>(Object.entries(DigestMethods).map(([k, v]) => [v, k as HashName]));

/** node:crypto hash name for a DigestMethod URI, or undefined if X-Road does not know it. */
export function hashForDigestMethod(uri: string): HashName | undefined {
  return HASH_BY_URI.get(uri);
}

export function digestMethodFor(hash: HashName): DigestMethodUri {
  return DigestMethods[hash];
}

export type KeyFamily = 'rsa' | 'rsa-pss' | 'ecdsa';

export interface SignatureAlgorithm {
  uri: string;
  hash: HashName;
  family: KeyFamily;
}

export const SignatureMethods = {
  rsaSha1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  rsaSha384: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
  rsaSha512: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  rsaPssSha256: 'http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1',
  rsaPssSha384: 'http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1',
  rsaPssSha512: 'http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1',
  ecdsaSha1: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1',
  ecdsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
  ecdsaSha384: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384',
  ecdsaSha512: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512',
} as const;

const SIGNATURE_ALGORITHMS: SignatureAlgorithm[] = [
  { uri: SignatureMethods.rsaSha1, hash: 'sha1', family: 'rsa' },
  { uri: SignatureMethods.rsaSha256, hash: 'sha256', family: 'rsa' },
  { uri: SignatureMethods.rsaSha384, hash: 'sha384', family: 'rsa' },
  { uri: SignatureMethods.rsaSha512, hash: 'sha512', family: 'rsa' },
  { uri: SignatureMethods.rsaPssSha256, hash: 'sha256', family: 'rsa-pss' },
  { uri: SignatureMethods.rsaPssSha384, hash: 'sha384', family: 'rsa-pss' },
  { uri: SignatureMethods.rsaPssSha512, hash: 'sha512', family: 'rsa-pss' },
  { uri: SignatureMethods.ecdsaSha1, hash: 'sha1', family: 'ecdsa' },
  { uri: SignatureMethods.ecdsaSha256, hash: 'sha256', family: 'ecdsa' },
  { uri: SignatureMethods.ecdsaSha384, hash: 'sha384', family: 'ecdsa' },
  { uri: SignatureMethods.ecdsaSha512, hash: 'sha512', family: 'ecdsa' },
];

export function signatureAlgorithmFor(uri: string): SignatureAlgorithm | undefined {
  return SIGNATURE_ALGORITHMS.find((a) => a.uri === uri);
}

export function signatureAlgorithmOf(family: KeyFamily, hash: HashName): SignatureAlgorithm {
  const a = SIGNATURE_ALGORITHMS.find((x) => x.family === family && x.hash === hash);
  if (!a) throw new RangeError(`No XML-DSig signature algorithm for ${family} with ${hash}`);
  return a;
}
