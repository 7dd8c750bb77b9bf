export * from './provider-behaviour.js';
export * from './provider-is.js';
export * from './client-is.js';
export * from './soap-request.js';
export { soapEchoResponse, soapFaultText, SoapEchoError } from './soap-echo.js';
export { ManagementInbox, managementServiceBehaviour, type ReceivedManagementRequest, type ManagementServiceOptions } from './management-service.js';
