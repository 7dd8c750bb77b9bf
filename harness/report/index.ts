export * from './run-result.js';
export * from './cucumber-messages.js';
export * from './junit.js';
export * from './html-report.js';
export * from './manifest.js';
export * from './report-writer.js';
export * from './report-diff.js';
