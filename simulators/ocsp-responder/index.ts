export * from './answer.js';
export * from './knob-state.js';
export * from './knobs.js';
export * from './ocsp-responder.js';
export * from './knob-argument.js';
