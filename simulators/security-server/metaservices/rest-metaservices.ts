// META-004: the REST metaservices (MREST §4-5, Annex B): GET .../listMethods and .../allowedMethods
// answer JSON {"service":[...]} of the provider's REST and OpenAPI services with their endpoints
// (serverconf getRestServices / getAllowedRestServices; the base endpoint `* **` is never listed);
// GET .../getOpenAPI?serviceCode=X returns the service's OpenAPI description, servers hidden.
// Errors are thrown as X-Road codes (invalid_request, internal_error, as RestMetadataServiceHandlerImpl);
// the server proxy turns them into its fault and the client proxy into an X-Road REST error.
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import { idToString, providerOf, serviceId, type ClientId, type ServiceId } from '../../../protocol/identifiers/index.js';
import type { ServiceConfig } from '../config.js';
import { anonymiseOpenApi, openApiEndpoints, parseOpenApi, type RestEndpoint } from './openapi-description.js';
import { DEFAULT_DESCRIPTION_TIMEOUT_MS, httpDescriptionFetcher, resolveDescription, type FetchedDescription } from './service-description.js';
import type { MetaserviceAnswer, MetaserviceContext, RestMetaserviceRequest } from './metaservice-context.js';
import { INVALID_REQUEST } from './get-wsdl.js';
import { isMetaserviceCode } from './service-codes.js';

export interface RestServiceDetails {
  member_class: string;
  member_code: string;
  object_type: 'SERVICE';
  service_code: string;
  service_type: 'REST' | 'OPENAPI';
  subsystem_code?: string;
  xroad_instance: string;
  endpoint_list: RestEndpoint[];
}

function describe(ctx: MetaserviceContext, provider: ClientId, svc: ServiceConfig): Promise<FetchedDescription> {
  return resolveDescription(svc.openapi!, ctx.fetchDescription ?? httpDescriptionFetcher, {
    timeoutMs: Math.min(svc.timeoutMs, DEFAULT_DESCRIPTION_TIMEOUT_MS),
    ...(svc.verifyIsCert ? { expectedServerCerts: ctx.serverConf.hostedClient(provider)?.isCerts ?? [] } : {}),
    ...(ctx.clientTls ? { clientTls: ctx.clientTls } : {}),
  });
}

/** Endpoints X-Road would have stored for the service: parsed from its OpenAPI description; none for plain REST. */
async function endpointsOf(ctx: MetaserviceContext, provider: ClientId, svc: ServiceConfig): Promise<RestEndpoint[]> {
  if (svc.type !== 'openapi' || !svc.openapi) return [];
  try {
    return openApiEndpoints(parseOpenApi(await describe(ctx, provider, svc)));
  } catch {
    // A real server parsed the description when it was registered; one we cannot read now has no endpoints.
    return [];
  }
}

function details(id: ServiceId, type: ServiceConfig['type'], endpoints: RestEndpoint[]): RestServiceDetails {
  return {
    member_class: id.memberClass,
    member_code: id.memberCode,
    object_type: 'SERVICE',
    service_code: id.serviceCode,
    service_type: type === 'openapi' ? 'OPENAPI' : 'REST',
    ...(id.subsystemCode !== undefined ? { subsystem_code: id.subsystemCode } : {}),
    xroad_instance: id.xRoadInstance,
    endpoint_list: endpoints,
  };
}

/** The provider's REST/OpenAPI services; with `caller`, only those it has an access right to. */
export async function restServicesOf(ctx: MetaserviceContext, provider: ClientId, caller?: ClientId): Promise<RestServiceDetails[]> {
  const out: RestServiceDetails[] = [];
  for (const svc of ctx.serverConf.servicesOf(provider)) {
    if (svc.type === 'soap' || isMetaserviceCode(svc.code)) continue;
    const id = serviceId(provider, svc.code);
    if (caller !== undefined && !ctx.serverConf.isAllowed(caller, id)) continue;
    out.push(details(id, svc.type, await endpointsOf(ctx, provider, svc)));
  }
  return out;
}

function jsonAnswer(value: unknown): MetaserviceAnswer {
  return { status: 200, statusText: 'OK', headers: [['Content-Type', 'application/json']], body: Buffer.from(JSON.stringify(value), 'utf8') };
}

export async function answerRestMethodList(ctx: MetaserviceContext, request: RestMetaserviceRequest, allowedOnly: boolean): Promise<MetaserviceAnswer> {
  const provider = providerOf(request.service);
  return jsonAnswer({ service: await restServicesOf(ctx, provider, allowedOnly ? request.client : undefined) });
}

/** The serviceCode query parameter, name matched case-insensitively as X-Road does. */
export function serviceCodeParam(query: string | undefined): string | undefined {
  if (query === undefined) return undefined;
  for (const [name, value] of new URLSearchParams(query)) if (name.toLowerCase() === 'servicecode') return value;
  return undefined;
}

export async function answerGetOpenApi(ctx: MetaserviceContext, request: RestMetaserviceRequest): Promise<MetaserviceAnswer> {
  const code = serviceCodeParam(request.query);
  if (!code) throw new XRoadError(INVALID_REQUEST, 'Missing serviceCode in message body');
  const provider = providerOf(request.service);
  const target = serviceId(provider, code);
  const svc = ctx.serverConf.servicesOf(provider).find((s) => s.code === code && s.version === undefined);
  if (!svc) throw new XRoadError(ErrorCodes.internalError, `Service not found: ${idToString(target)}`);
  if (svc.type !== 'openapi') throw new XRoadError(ErrorCodes.internalError, `Invalid service type: ${svc.type === 'soap' ? 'WSDL' : 'REST'}`);
  if (!svc.openapi) throw new XRoadError(ErrorCodes.internalError, `Service ${idToString(target)} has no service description`);
  const fetched = await describe(ctx, provider, svc);
  const { body, format } = anonymiseOpenApi(fetched);
  // X-Road passes the description's own Content-Type on, text/plain when it had none.
  const contentType = fetched.url !== undefined ? (fetched.contentType ?? 'text/plain') : format === 'json' ? 'application/json' : 'text/yaml';
  return { status: 200, statusText: 'OK', headers: [['Content-Type', contentType]], body };
}
