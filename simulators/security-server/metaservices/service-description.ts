// Getting a service description (WSDL for getWsdl, OpenAPI for getOpenAPI and the REST method
// lists). A real server stores the description's URL and fetches it when asked, obeying the
// service's "Verify TLS certificate" setting (META §4, MREST §5). Our config's `wsdl` / `openapi`
// field holds either such a URL or the description text itself (handy for embedded runs).
import { X509Certificate } from 'node:crypto';
import { Agent, request, type Dispatcher } from 'undici';
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

function agentFor(options: DescriptionFetchOptions): Dispatcher {
  const expected = options.expectedServerCerts ?? [];
  return new Agent({
    connect: {
      rejectUnauthorized: false,
      ...(options.clientTls ? { cert: options.clientTls.certPem, key: options.clientTls.keyPem } : {}),
      // Like the provider call: pinned to the registered IS certificates, no CA store.
      checkServerIdentity: (_host, cert) => {
        if (expected.length === 0) return undefined;
        const presented = cert.raw ? new X509Certificate(cert.raw) : undefined;
        if (presented && expected.some((p) => new X509Certificate(p).raw.equals(presented.raw))) return undefined;
        return Object.assign(new Error('Service TLS certificate does not match any registered IS certificate'), { reason: 'pinned', host: _host, cert });
      },
    },
  });
}

export const httpDescriptionFetcher: DescriptionFetcher = async (url, options) => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new XRoadError(ErrorCodes.internalError, `Malformed service description URL '${url}'`);
  }
  const dispatcher = parsed.protocol === 'https:' ? agentFor(options) : undefined;
  try {
    const res = await request(parsed, {
      method: 'GET',
      dispatcher,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const body = Buffer.from(await res.body.arrayBuffer());
    if (res.statusCode !== 200) {
      throw new XRoadError(ErrorCodes.internalError, `Failed reading service description from ${url}. Status: ${res.statusCode}`);
    }
    const ct = res.headers['content-type'];
    const contentType = Array.isArray(ct) ? ct[0] : ct;
    return { body, url, ...(contentType ? { contentType } : {}) };
  } catch (e) {
    if (e instanceof XRoadError) throw e;
    const err = e as Error & { cause?: { message?: string } };
    throw new XRoadError(ErrorCodes.internalError, `Failed reading service description from ${url}: ${err.cause?.message ?? err.message}`);
  } finally {
    if (dispatcher) await (dispatcher as Agent).close().catch(() => undefined);
  }
};

/** The description a config reference names: fetched when it is a URL, else the text itself. */
export async function resolveDescription(ref: string, fetcher: DescriptionFetcher, options: DescriptionFetchOptions): Promise<FetchedDescription> {
  if (isUrlReference(ref)) return fetcher(ref.trim(), options);
  return { body: Buffer.from(ref, 'utf8') };
}
