export * from './target-profile.js';
export * from './load-profile.js';
