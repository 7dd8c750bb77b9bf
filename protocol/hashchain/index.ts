export * from './digest-list.js';
export * from './hash-chain-builder.js';
export * from './hash-chain-document.js';
export * from './hash-chain-verifier.js';
export * from './message-file-names.js';
export * from './transforms.js';
