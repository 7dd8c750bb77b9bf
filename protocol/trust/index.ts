export * from './verification-trust.js';
