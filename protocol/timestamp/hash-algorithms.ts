// Digest algorithms a time-stamp imprint or a CMS SignerInfo may name (the shared table in
// protocol/asn1), and what X-Road's message log puts into its requests: SHA-512 by default
// (message-log `hash-algo-id`, TSA-001).
export {
  digest,
  digestLength,
  hashAlgorithmFromOid,
  hashAlgorithmOid,
  parseHashAlgorithmName,
  type HashAlgorithm,
} from '../asn1/hash-algorithms.js';

/** The algorithms we put into requests and tokens we build (SHA-1/224 are only read). */
export type RequestHashAlgorithm = 'sha256' | 'sha384' | 'sha512';

export const DEFAULT_HASH_ALGORITHM: RequestHashAlgorithm = 'sha512';
