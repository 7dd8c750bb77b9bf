// Errors the security server itself answers to a REST consumer (REST-011/012): status 500 when
// the code starts `server.` (any spelling: 7.7 `Server.ClientProxy...`, 7.8 `server.clientproxy...`),
// else 400; `X-Road-Error: <code>`; body `{type, message, detail}` as JSON, or as
// `<error><type/><message/><detail/></error>` when Accept names text/xml, application/xml or
// text/* (then answered as text/xml), always with charset=UTF-8.
import { XMLParser } from 'fast-xml-parser';
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { XRoadHeader } from './headers.js';

export interface RestErrorBody {
  readonly type: string;
  readonly message: string | null;
  readonly detail: string | null;
}

export interface RestErrorResponse {
  readonly status: 400 | 500;
  readonly headers: Array<[string, string]>;
  readonly body: Buffer;
  readonly mediaType: RestErrorMediaType;
}

export type RestErrorMediaType = 'application/json' | 'application/xml' | 'text/xml';

const XML_TYPES = new Set(['text/xml', 'application/xml', 'text/*']);

export function restErrorStatus(code: string): 400 | 500 {
  return code.toLowerCase().startsWith('server.') ? 500 : 400;
}

/** Picks the error body media type from Accept header value(s); JSON unless an XML type is listed. */
export function restErrorMediaType(accept: string | readonly string[] | undefined): RestErrorMediaType {
  const values = accept === undefined ? [] : typeof accept === 'string' ? [accept] : accept;
  for (const v of values) {
    for (const item of v.split(',')) {
      const t = item.split(';', 1)[0]!.trim().toLowerCase();
      if (XML_TYPES.has(t)) return t === 'text/*' ? 'text/xml' : (t as RestErrorMediaType);
    }
  }
  return 'application/json';
}

function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function formatRestErrorBody(err: RestErrorBody, mediaType: RestErrorMediaType): Buffer {
  if (mediaType === 'application/json') {
    return Buffer.from(JSON.stringify({ type: err.type, message: err.message, detail: err.detail }), 'utf8');
  }
  const el = (name: string, v: string | null) => (v === null ? `<${name}/>` : `<${name}>${xmlText(v)}</${name}>`);
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<error>${el('type', err.type)}${el('message', err.message)}${el('detail', err.detail)}</error>\n`,
    'utf8',
  );
}

/** The complete error answer for an XRoadError (code already carrying its origin prefix). */
export function buildRestErrorResponse(err: Pick<XRoadError, 'code' | 'message' | 'detail'>, accept?: string | readonly string[]): RestErrorResponse {
  const mediaType = restErrorMediaType(accept);
  return {
    status: restErrorStatus(err.code),
    mediaType,
    headers: [
      [XRoadHeader.error, err.code],
      ['Content-Type', `${mediaType}; charset=UTF-8`],
    ],
    body: formatRestErrorBody({ type: err.code, message: err.message, detail: err.detail ?? null }, mediaType),
  };
}

/**
 * Reads an error body from a security server (JSON or XML by its Content-Type). Throws
 * `invalid_message` when the body is not a {type, message, detail} error.
 */
export function parseRestErrorBody(body: Buffer, contentType: string | undefined): RestErrorBody {
  const mt = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  const str = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));
  if (mt === 'application/json' || mt === '') {
    let obj: unknown;
    try {
      obj = JSON.parse(body.toString('utf8'));
    } catch (e) {
      throw new XRoadError(ErrorCodes.invalidMessage, `REST error body is not JSON: ${(e as Error).message}`);
    }
    if (typeof obj !== 'object' || obj === null || typeof (obj as { type?: unknown }).type !== 'string') {
      throw new XRoadError(ErrorCodes.invalidMessage, 'REST error body has no string "type"');
    }
    const o = obj as Record<string, unknown>;
    return { type: o.type as string, message: str(o.message), detail: str(o.detail) };
  }
  if (XML_TYPES.has(mt) || mt.endsWith('+xml')) {
    const parsed = new XMLParser({ parseTagValue: false, trimValues: false }).parse(body.toString('utf8')) as Record<string, unknown>;
    const e = parsed.error as Record<string, unknown> | undefined;
    if (!e || typeof e !== 'object' || str(e.type) === null) {
      throw new XRoadError(ErrorCodes.invalidMessage, 'REST error body is not <error><type>..</type>...</error>');
    }
    return { type: str(e.type)!, message: str(e.message), detail: str(e.detail) };
  }
  throw new XRoadError(ErrorCodes.invalidMessage, `REST error body has unexpected Content-Type '${contentType}'`);
}
