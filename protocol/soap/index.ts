export * from './namespaces.js';
export * from './content-type.js';
export * from './soap-action.js';
export * from './header.js';
export * from './envelope.js';
export * from './consistency.js';
export * from './envelope-builder.js';
export * from './request-hash.js';
