export * from './certificate-issuer.js';
export * from './test-pki.js';
export * from './pki-store.js';
export * from './csr-signer.js';
export * from './verification-trust.js';
