export * from './asic-error-codes.js';
export * from './entries.js';
export * from './unusable-input.js';
export * from './container.js';
export * from './container-reader.js';
export * from './container-structure.js';
export * from './container-builder.js';
export * from './manifest-builder.js';
