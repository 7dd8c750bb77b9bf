export * from './headers.js';
export * from './request-target.js';
export * from './request-headers.js';
export * from './rest-error.js';
export * from './header-part-lines.js';
export * from './rest-request-part.js';
export * from './rest-response-part.js';
export * from './request-hash.js';
