export * from './fault-code.js';
export * from './xroad-error.js';
