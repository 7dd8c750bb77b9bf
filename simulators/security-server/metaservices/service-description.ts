// Getting a service description (WSDL for getWsdl, OpenAPI for getOpenAPI and the REST method
// lists). A real server stores the description's URL and fetches it when asked, obeying the
// service's "Verify TLS certificate" setting (META §4, MREST §5). Our config's `wsdl` / `openapi`
// field holds either such a URL or the description text itself (handy for embedded runs).
import { X509Certificate } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';

export interface FetchedDescription {
  body: Buffer;
  /** Content-Type of the HTTP answer, when fetched and given. */
  contentType?: string;
  /** The URL it came from; undefined for inline text. */
  url?: string;
}

export interface DescriptionFetchOptions {
  timeoutMs: number;
  /** PEMs the server's TLS certificate must equal (empty/undefined = not checked). */
  expectedServerCerts?: string[];
  clientTls?: { certPem: string; keyPem: string };
}

/** Fetches a description by URL; non-200 answers and network failures throw XRoadError. */
export type DescriptionFetcher = (url: string, options: DescriptionFetchOptions) => Promise<FetchedDescription>;

export const DEFAULT_DESCRIPTION_TIMEOUT_MS = 30_000;

export function isUrlReference(ref: string): boolean {
  return /^https?:\/\//i.test(ref.trim());
}

function peerMatches(socket: TLSSocket, expected: string[]): boolean {
  const raw = socket.getPeerCertificate()?.raw;
  return raw !== undefined && expected.some((p) => new X509Certificate(p).raw.equals(raw));
}

/**
 * GET with node's http(s): the pinning decision is made on the connected socket, because a
 * checkServerIdentity hook is never consulted for a certificate that already failed chain
 * verification (every IS certificate here: there is no CA store).
 */
export const httpDescriptionFetcher: DescriptionFetcher = (url, options) =>
  new Promise<FetchedDescription>((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      reject(new XRoadError(ErrorCodes.internalError, `Malformed service description URL '${url}'`));
      return;
    }
    const fail = (message: string) => new XRoadError(ErrorCodes.internalError, `Failed reading service description from ${url}: ${message}`);
    const expected = options.expectedServerCerts ?? [];
    const secure = parsed.protocol === 'https:';
    const req = (secure ? https : http).request(parsed, {
      method: 'GET',
      timeout: options.timeoutMs,
      // A fresh connection each time: a kept-alive socket would skip the pinning check below.
      agent: false,
      ...(secure ? { rejectUnauthorized: false, ...(options.clientTls ? { cert: options.clientTls.certPem, key: options.clientTls.keyPem } : {}) } : {}),
    });
    const timer = setTimeout(() => req.destroy(fail(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    req.on('socket', (socket) => {
      if (!secure || expected.length === 0) return;
      const check = () => {
        if (!peerMatches(socket as TLSSocket, expected)) req.destroy(fail('Service TLS certificate does not match any registered IS certificate'));
      };
      if (socket.connecting) socket.once('secureConnect', check);
      else check();
    });
    req.on('timeout', () => req.destroy(fail(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e instanceof XRoadError ? e : fail(e.message));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => {
        clearTimeout(timer);
        reject(fail(e.message));
      });
      res.on('end', () => {
        clearTimeout(timer);
        if (res.statusCode !== 200) {
          reject(new XRoadError(ErrorCodes.internalError, `Failed reading service description from ${url}. Status: ${res.statusCode} Reason: ${res.statusMessage ?? ''}`));
          return;
        }
        const contentType = res.headers['content-type'];
        resolve({ body: Buffer.concat(chunks), url, ...(contentType ? { contentType } : {}) });
      });
    });
    req.end();
  });

/** The description a config reference names: fetched when it is a URL, else the text itself. */
export async function resolveDescription(ref: string, fetcher: DescriptionFetcher, options: DescriptionFetchOptions): Promise<FetchedDescription> {
  if (isUrlReference(ref)) return fetcher(ref.trim(), options);
  return { body: Buffer.from(ref, 'utf8') };
}
