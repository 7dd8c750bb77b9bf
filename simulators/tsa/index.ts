export * from './answer.js';
export * from './knobs.js';
export * from './tsa-server.js';
