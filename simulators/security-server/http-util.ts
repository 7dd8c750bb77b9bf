// Small HTTP helpers shared by both proxies: buffered body reading with a limit (TRANSP-008:
// nothing is forwarded before verification, so bodies are buffered), raw header pairs, and the
// two ways an X-Road error leaves the server: a SOAP fault (HTTP 200, as the reference does,
// MESS-018) or a REST error (REST-011/012).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCodes, XRoadError, isXRoadError, type FaultOrigin } from '../../protocol/faults/index.js';
import { buildRestErrorResponse } from '../../protocol/rest/index.js';
import { buildFault } from '../../protocol/soap/index.js';

export function readBody(req: IncomingMessage, maxBytes: number, timeoutMs = 120_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      req.destroy();
      reject(new XRoadError(ErrorCodes.ioError, `Reading the request body timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        clearTimeout(timer);
        req.destroy();
        reject(new XRoadError(ErrorCodes.ioError, `Request body exceeds ${maxBytes} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      clearTimeout(timer);
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(new XRoadError(ErrorCodes.ioError, `Reading the request body failed: ${e.message}`));
    });
    req.on('aborted', () => {
      clearTimeout(timer);
      reject(new XRoadError(ErrorCodes.ioError, 'Client aborted the request'));
    });
  });
}

/** Raw request headers as ordered pairs, names as sent. */
export function headerPairs(req: IncomingMessage): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) out.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  return out;
}

/** Any thrown value as an XRoadError with the origin prefix (unknown errors are internal_error). */
export function toXRoadError(e: unknown, origin: FaultOrigin): XRoadError {
  // A code that already names its origin (client.*, server.*) keeps it: it was raised upstream.
  if (isXRoadError(e)) return /^(client|server)\./i.test(e.code) ? e : e.withOrigin(origin);
  const msg = e instanceof Error ? e.message : String(e);
  return new XRoadError(ErrorCodes.internalError, msg, undefined, { cause: e }).withOrigin(origin);
}

/** The SOAP fault document for an error; faultDetail carries a UUID as X-Road's does (MESS-018). */
export function soapFaultFor(err: XRoadError): Buffer {
  return Buffer.from(buildFault({ faultCode: err.code, faultString: err.message, faultActor: '', faultDetail: err.detail ?? randomUUID() }), 'utf8');
}

export function sendSoapFault(res: ServerResponse, err: XRoadError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = soapFaultFor(err);
  res.writeHead(200, { 'Content-Type': 'text/xml; charset=UTF-8', 'Content-Length': String(body.length) });
  res.end(body);
}

/** REST error answer; `forceStatus` lets a seeded defect break REST-011. */
export function sendRestError(res: ServerResponse, err: XRoadError, accept: string | undefined, forceStatus?: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const answer = buildRestErrorResponse(err, accept);
  const headers: Record<string, string> = { 'Content-Length': String(answer.body.length) };
  for (const [n, v] of answer.headers) headers[n] = v;
  res.writeHead(forceStatus ?? answer.status, headers);
  res.end(answer.body);
}
