export * from './knobs.js';
export * from './instance-model.js';
export * from './publication.js';
export * from './central-server.js';
export * from './config-client.js';
export * from './auth-cert-reg-service.js';
