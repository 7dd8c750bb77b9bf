// One REST call from the client IS along a scenario's route (REST-001: `/r1/{serviceId}{path}`),
// or a raw request target for the malformed-request-line cases, with the request kept for evidence.
import { sendRaw, sendRest, type Evidence, type IsTls } from '../../simulators/member-systems/index.js';
import type { SentRequest } from './soap-call.js';

export interface RestCall {
  clientProxyUrl: string;
  /** Service id string INSTANCE/CLASS/MEMBER/SUBSYSTEM/CODE. */
  service: string;
  /** Path after the service code, with query, sent as given. */
  path: string;
  method: string;
  /** X-Road-Client; omitted when undefined (REST-002 negative case). */
  client?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  tls?: IsTls;
  timeoutMs: number;
}

export async function callRest(call: RestCall): Promise<{ sent: SentRequest; received: Evidence }> {
  const received = await sendRest(call.clientProxyUrl, call.service, call.path, {
    method: call.method,
    ...(call.client !== undefined ? { client: call.client } : {}),
    ...(call.headers ? { headers: call.headers } : {}),
    ...(call.body !== undefined ? { body: call.body } : {}),
    ...(call.tls ? { tls: call.tls } : {}),
    timeoutMs: call.timeoutMs,
  });
  const url = `${call.clientProxyUrl.replace(/\/$/, '')}/r1/${call.service}${call.path}`;
  const headers = { ...(call.headers ?? {}), ...(call.client !== undefined ? { 'X-Road-Client': call.client } : {}) };
  return { sent: { method: call.method, url, headers, ...(call.body ? { body: call.body } : {}) }, received };
}

/** A request to an arbitrary target on the client proxy (REST-001 malformed request lines). */
export async function callRestTarget(clientProxyUrl: string, target: string, headers: Record<string, string>, timeoutMs: number): Promise<{ sent: SentRequest; received: Evidence }> {
  const url = `${clientProxyUrl.replace(/\/$/, '')}${target}`;
  const received = await sendRaw(url, { method: 'GET', headers, timeoutMs });
  return { sent: { method: 'GET', url, headers }, received };
}

/** Every character of every segment percent-encoded (ID-006: segments are decoded one by one). */
export function percentEncodeAll(id: string): string {
  return id
    .split('/')
    .map((seg) => [...Buffer.from(seg, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''))
    .join('/');
}

/** The JSON echo the provider IS's default REST behaviour answers with. */
export interface RestEcho {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: string;
  bodyBase64?: string;
}
