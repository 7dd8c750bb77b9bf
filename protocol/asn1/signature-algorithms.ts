// Signature algorithm OIDs and the hash each one implies, for signatures over DER (OCSP
// responses, CMS SignerInfos). What we sign with is the key's natural algorithm, as BouncyCastle's
// and OpenSSL's defaults choose it: sha*WithRSAEncryption with NULL parameters, ecdsa-with-SHA*
// and Ed25519 without parameters (RFC 4055 §5, RFC 5758 §3.2, RFC 8410 §3).
import { algorithmIdentifier, nullValue } from './der-writer.js';
import type { HashAlgorithm } from './hash-algorithms.js';

export const SignatureAlgorithmOids = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  sha1WithRsa: '1.2.840.113549.1.1.5',
  sha224WithRsa: '1.2.840.113549.1.1.14',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha1: '1.2.840.10045.4.1',
  ecdsaWithSha224: '1.2.840.10045.4.3.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  ed25519: '1.3.101.112',
} as const;

const O = SignatureAlgorithmOids;
const RSA_BY_HASH: Record<HashAlgorithm, string> = {
  sha1: O.sha1WithRsa,
  sha224: O.sha224WithRsa,
  sha256: O.sha256WithRsa,
  sha384: O.sha384WithRsa,
  sha512: O.sha512WithRsa,
};
const ECDSA_BY_HASH: Record<HashAlgorithm, string> = {
  sha1: O.ecdsaWithSha1,
  sha224: O.ecdsaWithSha224,
  sha256: O.ecdsaWithSha256,
  sha384: O.ecdsaWithSha384,
  sha512: O.ecdsaWithSha512,
};
const invert = (m: Record<HashAlgorithm, string>) => new Map(Object.entries(m).map(([h, oid]) => [oid, h as HashAlgorithm]));
const HASH_BY_RSA = invert(RSA_BY_HASH);
const HASH_BY_ECDSA = invert(ECDSA_BY_HASH);

/** The hash of a sha*WithRSAEncryption OID, or undefined for any other OID. */
export function hashOfRsaSignature(oid: string): HashAlgorithm | undefined {
  return HASH_BY_RSA.get(oid);
}

/** The hash of an ecdsa-with-SHA* OID, or undefined for any other OID. */
export function hashOfEcdsaSignature(oid: string): HashAlgorithm | undefined {
  return HASH_BY_ECDSA.get(oid);
}

export interface SignatureAlgorithmChoice {
  oid: string;
  /** The AlgorithmIdentifier DER. */
  der: Buffer;
}

/**
 * The algorithm a key of this type signs with over `hash` (ignored for Ed25519); undefined for key
 * types we do not sign with. `keyType` is node:crypto's KeyObject.asymmetricKeyType.
 */
export function naturalSignatureAlgorithm(keyType: string | undefined, hash: HashAlgorithm): SignatureAlgorithmChoice | undefined {
  if (keyType === 'rsa') return { oid: RSA_BY_HASH[hash], der: algorithmIdentifier(RSA_BY_HASH[hash], nullValue()) };
  if (keyType === 'ec') return { oid: ECDSA_BY_HASH[hash], der: algorithmIdentifier(ECDSA_BY_HASH[hash]) };
  if (keyType === 'ed25519') return { oid: O.ed25519, der: algorithmIdentifier(O.ed25519) };
  return undefined;
}
