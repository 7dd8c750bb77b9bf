// Target builders for the legs of a run: the provider IS directly (baseline), the SUT's client
// proxy (SOAP endpoint and /r1/ REST), and plain HTTP endpoints for the floor calibration.
import { plainBody, restBody, soapBody, type SoapIdentities } from './request-bodies.js';
import { classifyHttp, classifySoap, type RequestBody, type Target, type TargetRole } from './target.js';

function cached(build: (size: number, attachments: boolean) => RequestBody | undefined): Target['body'] {
  const cache = new Map<string, RequestBody | undefined>();
  return (size, opts) => {
    const key = `${size}/${opts.attachments}`;
    if (!cache.has(key)) cache.set(key, build(size, opts.attachments));
    return cache.get(key);
  };
}

export interface SoapTargetSpec extends SoapIdentities {
  name: string;
  role: TargetRole;
  /** The SUT client proxy's SOAP endpoint, or the provider IS's SOAP service URL. */
  url: string;
  headers?: Record<string, string>;
}

export function soapTarget(spec: SoapTargetSpec): Target {
  const ids: SoapIdentities = { client: spec.client, service: spec.service, securityServer: spec.securityServer };
  return {
    name: spec.name,
    role: spec.role,
    protocol: 'soap',
    url: spec.url,
    method: 'POST',
    headers: { SOAPAction: '""', ...(spec.headers ?? {}) },
    supportsAttachments: true,
    body: cached((size, attachments) => soapBody(ids, size, attachments)),
    classify: classifySoap,
  };
}

export interface RestTargetSpec {
  name: string;
  role: TargetRole;
  /** Full URL: `{clientProxy}/r1/{serviceId}/path` through the SUT, the provider's path directly. */
  url: string;
  /** X-Road-Client (INSTANCE/CLASS/CODE[/SUBSYSTEM]); omitted for the provider IS directly. */
  client?: string;
  method?: string;
  headers?: Record<string, string>;
}

export function restTarget(spec: RestTargetSpec): Target {
  const headers: Record<string, string> = { ...(spec.headers ?? {}) };
  if (spec.client !== undefined) headers['X-Road-Client'] = spec.client.split('/').map(encodeURIComponent).join('/');
  return {
    name: spec.name,
    role: spec.role,
    protocol: 'rest',
    url: spec.url,
    method: spec.method ?? 'POST',
    headers,
    supportsAttachments: false,
    body: cached((size, attachments) => (attachments ? undefined : restBody(size))),
    classify: (status) => classifyHttp(status),
  };
}

/** `{clientProxy}/r1/{service id, segments percent-encoded}{path}` (REST-001). */
export function restServiceUrl(clientProxyUrl: string, serviceId: string, path = ''): string {
  return `${clientProxyUrl.replace(/\/$/, '')}/r1/${serviceId.split('/').map(encodeURIComponent).join('/')}${path}`;
}

export function plainTarget(name: string, url: string, role: TargetRole = 'floor'): Target {
  return {
    name,
    role,
    protocol: 'http',
    url,
    method: 'POST',
    headers: {},
    supportsAttachments: false,
    body: cached((size) => plainBody(size)),
    classify: (status) => classifyHttp(status),
  };
}
