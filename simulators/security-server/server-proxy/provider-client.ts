// The server proxy's call to the provider IS: per-service timeout, redirects never followed
// (REST-010), HTTPS with this server's internal TLS identity and, when the service says so, the
// IS's certificate checked against the hosted client's registered IS certificates (SslToService*).
// Failures are `service_failed.*` as X-Road reports them (unknown_host, network_error, ...).
import { X509Certificate } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { Agent, request, type Dispatcher } from 'undici';
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';

export interface ProviderCall {
  url: string;
  method: string;
  headers: Array<[string, string]>;
  body?: Buffer;
  timeoutMs: number;
  /** PEMs the IS's TLS certificate must equal (empty = not checked). */
  expectedIsCerts?: string[];
  /** Our TLS client identity for HTTPS services. */
  clientCertPem?: string;
  clientKeyPem?: string;
}

export interface ProviderAnswer {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: Buffer;
}

function failed(code: string, message: string): XRoadError {
  return new XRoadError(code, message).wrappedIn(ErrorCodes.serviceFailed);
}

const agents = new Map<string, Agent>();

function agentFor(call: ProviderCall): Dispatcher {
  const expected = call.expectedIsCerts ?? [];
  const key = `${call.clientCertPem ?? ''}|${expected.join('|')}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({
      connect: {
        rejectUnauthorized: false,
        ...(call.clientCertPem ? { cert: call.clientCertPem, key: call.clientKeyPem } : {}),
        // X-Road checks the IS certificate against the registered ones, not against a CA store.
        checkServerIdentity: (_host, cert) => {
          if (expected.length === 0) return undefined;
          const presented = cert.raw ? new X509Certificate(cert.raw) : undefined;
          if (!presented || !expected.some((p) => new X509Certificate(p).raw.equals(presented.raw))) {
            return new Error('Service TLS certificate does not match any registered IS certificate') as Error & { reason: string; host: string; cert: typeof cert };
          }
          return undefined;
        },
      },
    });
    agents.set(key, agent);
  }
  return agent;
}

export async function closeProviderConnections(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(all.map((a) => a.close().catch(() => undefined)));
}

export async function callProvider(call: ProviderCall): Promise<ProviderAnswer> {
  let url: URL;
  try {
    url = new URL(call.url);
  } catch {
    throw new XRoadError(ErrorCodes.serviceMalformedUrl, `Malformed service address '${call.url}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new XRoadError(ErrorCodes.serviceMalformedUrl, `Unsupported service address scheme '${url.protocol}'`);
  try {
    const res = await request(url, {
      method: call.method as Dispatcher.HttpMethod,
      headers: call.headers.flat(),
      body: call.body,
      dispatcher: url.protocol === 'https:' ? agentFor(call) : undefined,
      headersTimeout: call.timeoutMs,
      bodyTimeout: call.timeoutMs,
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    const body = Buffer.from(await res.body.arrayBuffer());
    const headers: Array<[string, string]> = [];
    for (const [n, v] of Object.entries(res.headers)) for (const one of Array.isArray(v) ? v : [v ?? '']) headers.push([n, one]);
    return { status: res.statusCode, statusText: STATUS_CODES[res.statusCode] ?? '', headers, body };
  } catch (e) {
    const err = e as { code?: string; name?: string; message: string; cause?: { code?: string; message?: string } };
    const code = err.code ?? err.cause?.code ?? '';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') throw failed('unknown_host', `Unknown host: ${url.hostname}`);
    if (/certificate/i.test(err.message) || /certificate/i.test(err.cause?.message ?? '')) {
      throw failed(ErrorCodes.sslAuthenticationFailed, `Service TLS authentication failed: ${err.cause?.message ?? err.message}`);
    }
    if (err.name === 'TimeoutError' || err.name === 'AbortError' || (code.startsWith('UND_ERR_') && code.includes('TIMEOUT'))) {
      throw failed(ErrorCodes.networkError, `Service ${url.origin} did not answer within ${call.timeoutMs} ms`);
    }
    throw failed(ErrorCodes.networkError, `Could not connect to service ${url.origin}: ${err.cause?.message ?? err.message}`);
  }
}
