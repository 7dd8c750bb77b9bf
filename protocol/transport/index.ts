export * from './media-types.js';
export * from './transport-headers.js';
export * from './decoded-message.js';
export * from './decoder.js';
export * from './encoder.js';
export * from './request-checks.js';
