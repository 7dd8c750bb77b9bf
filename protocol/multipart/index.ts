export { boundaryOf, formatContentType, mediaTypeOf, parseContentType, type ContentType } from '../mime/content-type.js';
export * from './part-headers.js';
export * from './scanner.js';
export * from './reader.js';
export * from './parse.js';
export * from './writer.js';
