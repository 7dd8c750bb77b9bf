export * from './xroad-id.js';
export * from './id-xml.js';
export * from './id-path.js';
