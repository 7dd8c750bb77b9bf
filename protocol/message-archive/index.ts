export * from './archive-error-codes.js';
export * from './archive-digest.js';
export * from './linking-info.js';
export * from './zip-stream-reader.js';
export * from './zip-stream-writer.js';
export * from './archive-writer.js';
export * from './archive-verifier.js';
export * from './container-check.js';
