// The service codes a security server answers itself instead of forwarding to a provider IS
// (META §3-4, MREST §4-5, OPMON §2-3, ENVMON §2). X-Road intercepts them by code alone — a
// provider that configures its own service named `listMethods` never sees it called.
import { idEquals, providerOf, type MemberId, type ServiceId } from '../../../protocol/identifiers/index.js';

export const LIST_METHODS = 'listMethods';
export const ALLOWED_METHODS = 'allowedMethods';
export const GET_WSDL = 'getWsdl';
export const GET_OPENAPI = 'getOpenAPI';
export const GET_OPERATIONAL_DATA = 'getSecurityServerOperationalData';
export const GET_HEALTH_DATA = 'getSecurityServerHealthData';
export const GET_METRICS = 'getSecurityServerMetrics';

export const SOAP_METASERVICES: ReadonlySet<string> = new Set([LIST_METHODS, ALLOWED_METHODS, GET_WSDL]);
export const REST_METASERVICES: ReadonlySet<string> = new Set([LIST_METHODS, ALLOWED_METHODS, GET_OPENAPI]);
export const MONITORING_SERVICES: ReadonlySet<string> = new Set([GET_OPERATIONAL_DATA, GET_HEALTH_DATA]);

/** Codes never listed by listMethods/allowedMethods (META §3: "SHALL NOT contain names of the metainfo services"). */
export function isMetaserviceCode(code: string): boolean {
  return SOAP_METASERVICES.has(code) || REST_METASERVICES.has(code) || MONITORING_SERVICES.has(code) || code === GET_METRICS;
}

export type MetaserviceKind = 'list-methods' | 'allowed-methods' | 'get-wsdl' | 'get-openapi' | 'operational-data' | 'health-data' | 'metrics';

/**
 * Which locally answered service a request names, or undefined for an ordinary service.
 * `owner` is the server owner's member id: the monitoring services are only the owner's
 * (OpMonitoringServiceHandlerImpl.canHandle compares the provider with the owner, version
 * ignored; getSecurityServerMetrics must equal owner/code exactly, ProxyMonitorServiceHandlerImpl).
 * REST metaservices are GET only (RestMetadataServiceHandlerImpl.canHandle).
 */
export function metaserviceKind(
  request: { protocol: 'soap' | 'rest'; service: ServiceId; method?: string },
  owner: MemberId,
): MetaserviceKind | undefined {
  const code = request.service.serviceCode;
  if (request.protocol === 'rest') {
    if ((request.method ?? 'GET').toUpperCase() !== 'GET') return undefined;
    if (code === LIST_METHODS) return 'list-methods';
    if (code === ALLOWED_METHODS) return 'allowed-methods';
    if (code === GET_OPENAPI) return 'get-openapi';
    return undefined;
  }
  if (code === LIST_METHODS) return 'list-methods';
  if (code === ALLOWED_METHODS) return 'allowed-methods';
  if (code === GET_WSDL) return 'get-wsdl';
  const provider = providerOf(request.service);
  if (MONITORING_SERVICES.has(code) && idEquals(provider, owner)) {
    return code === GET_OPERATIONAL_DATA ? 'operational-data' : 'health-data';
  }
  if (code === GET_METRICS && request.service.serviceVersion === undefined && idEquals(provider, owner)) return 'metrics';
  return undefined;
}
