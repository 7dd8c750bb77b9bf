// The server proxy's call to the provider IS: per-service timeout, redirects never followed
// (REST-010), keep-alive connections, HTTPS with this server's internal TLS identity and, when the
// service says so, the IS's certificate pinned to the hosted client's registered IS certificates
// (SslToServiceAuth / SslToServiceWrongISCert / SslToServiceNoISCerts). The pin is checked on the
// connected socket for every request, before a byte of it is written: a pooled connection opened
// for a service without the check is not trusted for one with it, and no CA store is consulted.
// Failures are `service_failed.*` as X-Road reports them (unknown_host, network_error, ...).
import { X509Certificate } from 'node:crypto';
import http, { STATUS_CODES, type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';

export interface ProviderCall {
  url: string;
  method: string;
  headers: Array<[string, string]>;
  body?: Buffer;
  timeoutMs: number;
  /**
   * PEMs the IS's TLS certificate must equal; undefined = not checked. An empty list refuses every
   * certificate (SslToServiceNoISCerts: verification on, nothing registered).
   */
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

const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const httpsAgents = new Map<string, https.Agent>();
/** DER of registered IS certificates, parsed once per PEM. */
const derCache = new Map<string, Buffer>();

function httpsAgentFor(call: ProviderCall): https.Agent {
  // One pool per client identity; the pin is not part of the key: it is checked per request.
  const key = `${call.clientCertPem ?? ''}|${call.clientKeyPem ?? ''}`;
  let agent = httpsAgents.get(key);
  if (!agent) {
    agent = new https.Agent({
      keepAlive: true,
      maxSockets: 256,
      // X-Road judges the IS certificate against the registered ones, never against a CA store.
      rejectUnauthorized: false,
      // A resumed TLS session carries no peer certificate to pin: every handshake is a full one.
      maxCachedSessions: 0,
      ...(call.clientCertPem ? { cert: call.clientCertPem, key: call.clientKeyPem } : {}),
    });
    httpsAgents.set(key, agent);
  }
  return agent;
}

function derOf(pem: string): Buffer | undefined {
  let der = derCache.get(pem);
  if (!der) {
    try {
      der = new X509Certificate(pem).raw;
    } catch {
      return undefined;
    }
    derCache.set(pem, der);
  }
  return der;
}

/** The pin: the certificate the connected IS presented equals one of the registered ones. */
export function checkIsCertificate(socket: TLSSocket, expected: readonly string[]): XRoadError | undefined {
  const presented = socket.getPeerCertificate()?.raw;
  if (!presented || presented.length === 0) return failed(ErrorCodes.sslAuthenticationFailed, 'Service did not present a TLS certificate');
  if (expected.length === 0) return failed(ErrorCodes.sslAuthenticationFailed, 'Service TLS certificate cannot be verified: no IS certificates are registered for the service provider');
  if (!expected.some((p) => derOf(p)?.equals(presented))) return failed(ErrorCodes.sslAuthenticationFailed, 'Service TLS certificate does not match any registered IS certificate');
  return undefined;
}

export async function closeProviderConnections(): Promise<void> {
  httpAgent.destroy();
  for (const a of httpsAgents.values()) a.destroy();
  httpsAgents.clear();
}

function headerPairsOf(res: IncomingMessage): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) out.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
  return out;
}

function networkError(e: NodeJS.ErrnoException, url: URL, timeoutMs: number): XRoadError {
  if (e instanceof XRoadError) return e;
  const code = e.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return failed('unknown_host', `Unknown host: ${url.hostname}`);
  if (/certificate|SSL|TLS/i.test(e.message) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) {
    return failed(ErrorCodes.sslAuthenticationFailed, `Service TLS authentication failed: ${e.message}`);
  }
  if (code === 'ETIMEDOUT' || e.name === 'TimeoutError') return failed(ErrorCodes.networkError, `Service ${url.origin} did not answer within ${timeoutMs} ms`);
  return failed(ErrorCodes.networkError, `Could not connect to service ${url.origin}: ${e.message}`);
}

export async function callProvider(call: ProviderCall): Promise<ProviderAnswer> {
  let url: URL;
  try {
    url = new URL(call.url);
  } catch {
    throw new XRoadError(ErrorCodes.serviceMalformedUrl, `Malformed service address '${call.url}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new XRoadError(ErrorCodes.serviceMalformedUrl, `Unsupported service address scheme '${url.protocol}'`);
  const tls = url.protocol === 'https:';
  // Raw header pairs keep the provider's names and duplicates; Node then adds no Host of its own.
  const headers: Array<[string, string]> = [['Host', url.host], ...call.headers.filter(([n]) => n.toLowerCase() !== 'host')];
  if (call.body !== undefined && !headers.some(([n]) => n.toLowerCase() === 'content-length')) headers.push(['Content-Length', String(call.body.length)]);

  return new Promise<ProviderAnswer>((resolve, reject) => {
    let settled = false;
    const done = (err: XRoadError | undefined, answer?: ProviderAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(answer!);
    };
    const timer = setTimeout(() => done(failed(ErrorCodes.networkError, `Service ${url.origin} did not answer within ${call.timeoutMs} ms`)), call.timeoutMs);
    const options = {
      method: call.method,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (tls ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      headers: headers.flat() as unknown as http.OutgoingHttpHeaders,
      agent: tls ? httpsAgentFor(call) : httpAgent,
      // No host-name check either: the pin (when asked for) is the whole decision.
      ...(tls ? { checkServerIdentity: () => undefined } : {}),
    };
    const req: ClientRequest = (tls ? https : http).request(options);
    req.on('error', (e) => done(networkError(e, url, call.timeoutMs)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(undefined, { status: res.statusCode ?? 0, statusText: res.statusMessage || (STATUS_CODES[res.statusCode ?? 0] ?? ''), headers: headerPairsOf(res), body: Buffer.concat(chunks) }));
      res.on('error', (e) => done(networkError(e, url, call.timeoutMs)));
      res.on('aborted', () => done(failed(ErrorCodes.networkError, `Service ${url.origin} closed the connection mid-answer`)));
    });
    const send = (): void => {
      if (!settled) req.end(call.body);
    };
    if (!tls || call.expectedIsCerts === undefined) {
      send();
      return;
    }
    const expected = call.expectedIsCerts;
    req.once('socket', (socket: Socket) => {
      const s = socket as TLSSocket;
      const check = (): void => {
        const err = checkIsCertificate(s, expected);
        if (err) done(err);
        else send();
      };
      // A pooled socket is connected already; a new one is checked once its handshake completes.
      if (s.encrypted && !s.connecting && s.getPeerCertificate()?.raw) check();
      else s.once('secureConnect', check);
    });
  });
}
