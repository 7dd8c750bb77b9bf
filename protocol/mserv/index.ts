export * from './management-kinds.js';
export * from './mserv-error.js';
export * from './signature-algorithm.js';
export * from './request-builder.js';
export * from './request-reader.js';
export * from './request-verifier.js';
export * from './response.js';
export * from './auth-cert-reg.js';
