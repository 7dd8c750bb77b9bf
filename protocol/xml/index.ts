export * from './c14n.js';
export * from './dom.js';
export * from './dsig-algorithms.js';
export * from './namespaces.js';
export * from './parse.js';
