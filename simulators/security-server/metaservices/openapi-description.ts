// OpenAPI 3 descriptions as the REST metaservices use them (MREST §4-5): the endpoint list X-Road
// derives when a description is registered (OpenApiParser: every path x operation, `{param}`
// segments become `*`), and the anonymised copy getOpenAPI returns (Openapi3Anonymiser: each
// servers[].url without variables is cut down to its path; openapi must be a "3." string).
import { parse, stringify } from 'yaml';
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import type { FetchedDescription } from './service-description.js';

export interface RestEndpoint {
  method: string;
  path: string;
}

/** swagger-core PathItem.readOperationsMap order. */
const OPERATION_ORDER = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export type OpenApiFormat = 'json' | 'yaml';

/** JSON or YAML, decided as RestMetadataServiceHandlerImpl.getFileType: Content-Type, then URL suffix; inline text by its first character. */
export function openApiFormat(d: FetchedDescription): OpenApiFormat {
  const ct = (d.contentType ?? '').toLowerCase();
  if (ct.includes('application/json')) return 'json';
  if (ct.split(';', 1)[0]!.trim() === 'application/x-yaml') return 'yaml';
  if (d.url !== undefined) return new URL(d.url).pathname.endsWith('.json') ? 'json' : 'yaml';
  return d.body.toString('utf8').trimStart().startsWith('{') ? 'json' : 'yaml';
}

export function parseOpenApi(d: FetchedDescription): Record<string, unknown> {
  const text = d.body.toString('utf8').replace(/^\uFEFF/, '');
  let tree: unknown;
  try {
    tree = openApiFormat(d) === 'json' ? JSON.parse(text) : parse(text);
  } catch (e) {
    throw new XRoadError(ErrorCodes.internalError, `Service description is not valid ${openApiFormat(d).toUpperCase()}: ${(e as Error).message}`);
  }
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) {
    throw new XRoadError(ErrorCodes.internalError, 'Service description is not an OpenAPI document (no top-level object)');
  }
  return tree as Record<string, unknown>;
}

export function openApiEndpoints(tree: Record<string, unknown>): RestEndpoint[] {
  const paths = tree['paths'];
  if (typeof paths !== 'object' || paths === null) return [];
  const out: RestEndpoint[] = [];
  for (const [path, item] of Object.entries(paths as Record<string, unknown>)) {
    if (typeof item !== 'object' || item === null) continue;
    for (const op of OPERATION_ORDER) {
      if (op in (item as Record<string, unknown>)) out.push({ method: op.toUpperCase(), path: path.replace(/\{[^/]*\}/g, '*') });
    }
  }
  return out;
}

function pathOf(url: string): string {
  // java.net.URI#getPath: the path of an absolute URL ('' when it has none), a relative one as is.
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(url)) {
    const u = new URL(url);
    return /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*$/.test(url) ? '' : u.pathname;
  }
  return url.split(/[?#]/, 1)[0]!;
}

/** getOpenAPI's answer body: servers' addresses hidden, serialised in the format it came in. */
export function anonymiseOpenApi(d: FetchedDescription): { body: Buffer; format: OpenApiFormat } {
  const tree = parseOpenApi(d);
  const version = tree['openapi'];
  if (version !== undefined && !(typeof version === 'string' && version.startsWith('3.'))) {
    throw new XRoadError(
      ErrorCodes.internalError,
      `Incompatible openapi version. Openapi version 3 or greater expected. Given openapi document is of version ${JSON.stringify(version)}`,
    );
  }
  const servers = tree['servers'];
  if (Array.isArray(servers)) {
    for (const s of servers) {
      if (typeof s !== 'object' || s === null) continue;
      const url = (s as Record<string, unknown>)['url'];
      if (typeof url !== 'string' || (url.includes('{') && url.includes('}'))) continue;
      try {
        (s as Record<string, unknown>)['url'] = pathOf(url);
      } catch {
        throw new XRoadError(ErrorCodes.internalError, `Can't parse url string: ${url}`);
      }
    }
  }
  const format = openApiFormat(d);
  return { body: Buffer.from(format === 'json' ? JSON.stringify(tree) : stringify(tree), 'utf8'), format };
}
