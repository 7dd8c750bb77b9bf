// The signed-document download (LOG-002/003, UG-SIGDOC §2), answered as X-Road 7.8's
// AsicContainerClientRequestProcessor does: client id parameters first (subsystemCode optional),
// then queryId; requestOnly + responseOnly together is 400; no matching record is 404 "No signed
// documents found"; an un-stamped one is 500 unless `force` stamps it now (a TSA failure is then 500
// with the stamping error); `unique` needs requestOnly or responseOnly (400) and answers one
// application/vnd.etsi.asic-e+zip, otherwise an application/zip of containers. Errors are plain text.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ASIC_MIMETYPE, buildAsicContainer, finishZip, newZipFile } from '../../../protocol/asic/index.js';
import { XRoadError } from '../../../protocol/faults/index.js';
import type { Defects } from '../defects.js';
import type { Direction, LogRecord } from './log-record.js';
import { buildRecordContainer, containerName, escapeQueryId, recordContainerParts } from './record-container.js';
import type { MessageRecordStore } from './record-store.js';

export const AsicMessages = {
  invalidCombination: 'Parameters "requestOnly" and "responseOnly" cannot be used at the same time.',
  uniqueWithoutDirection: 'Parameter "unique" not applicable without "requestOnly" or "responseOnly".',
  notFound: 'No signed documents found',
  notStamped: 'Some message signatures have not been timestamped yet!',
  notStampedSingle: 'Message signature has not been timestamped yet!',
  /** X-Road's format, two spaces included. */
  missingParameter: (name: string) => `Parameter "${name}"  must be specified.`,
} as const;

export interface AsicHandlerDeps {
  store: MessageRecordStore;
  /** Stamps the given records now (`force`); throws the stamping error. */
  stampRecords(records: readonly LogRecord[]): Promise<void>;
  /**
   * IS authentication for the client (UG-SIGDOC §2.4): throw to refuse with 401. The security
   * server wires its client-proxy connection policy in here; without it every caller may download.
   */
  authorize?(client: string, req: IncomingMessage): void | Promise<void>;
  /** Seeded defect asic-wrong-message; never on by default. */
  defects?: Pick<Defects, 'has'>;
}

class HttpFailure extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': body.length });
  res.end(body);
}

function param(url: URL, name: string, optional = false): string | undefined {
  const v = url.searchParams.get(name);
  if (v === null && !optional) throw new HttpFailure(400, AsicMessages.missingParameter(name));
  return v ?? undefined;
}

function zipOf(entries: { name: string; data: Buffer }[]): Promise<Buffer> {
  const zip = newZipFile();
  // Stored, as X-Road's download (level 0): the containers are zips already.
  for (const e of entries) zip.addBuffer(e.data, e.name, { compress: false });
  return finishZip(zip);
}

function send(res: ServerResponse, contentType: string, filename: string, body: Buffer): void {
  res.writeHead(200, {
    'content-type': contentType,
    'content-disposition': `attachment; filename="${filename}"`,
    'content-length': body.length,
  });
  res.end(body);
}

/** The container handed out for a record. */
async function containerFor(deps: AsicHandlerDeps, r: LogRecord): Promise<Buffer> {
  if (!deps.defects?.has('asic-wrong-message')) return buildRecordContainer(deps.store, r);
  // Seeded defect asic-wrong-message: message.xml is not the logged bytes but a "tidied" copy
  // (one newline more), so its digest no longer matches the signature's reference (LOG-004).
  const parts = await recordContainerParts(deps.store, r);
  return buildAsicContainer({ ...parts, message: Buffer.concat([Buffer.from(parts.message), Buffer.from('\n')]) });
}

export async function handleAsicRequest(deps: AsicHandlerDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    if (req.method !== 'GET') {
      res.setHeader('allow', 'GET');
      throw new HttpFailure(405, `Method ${req.method ?? '?'} is not allowed for /asic`);
    }
    const instance = param(url, 'xRoadInstance')!;
    const memberClass = param(url, 'memberClass')!;
    const memberCode = param(url, 'memberCode')!;
    const subsystem = param(url, 'subsystemCode', true);
    const client = [instance, memberClass, memberCode, ...(subsystem !== undefined ? [subsystem] : [])].join('/');
    if (deps.authorize) {
      try {
        await deps.authorize(client, req);
      } catch (e) {
        throw new HttpFailure(401, (e as Error).message);
      }
    }
    const queryId = param(url, 'queryId')!;
    const has = (n: string) => url.searchParams.has(n);
    const requestOnly = has('requestOnly');
    const responseOnly = has('responseOnly');
    if (requestOnly && responseOnly) throw new HttpFailure(400, AsicMessages.invalidCombination);
    const direction: Direction | undefined = responseOnly ? 'response' : requestOnly ? 'request' : undefined;
    const unique = has('unique');

    // ensureTimestamped, before the `unique` check as in X-Road.
    const records = deps.store.find(queryId, client, direction);
    if (records.length === 0) throw new HttpFailure(404, AsicMessages.notFound);
    if (records.some((r) => !r.stamp)) {
      if (!has('force')) throw new HttpFailure(500, unique && direction ? AsicMessages.notStampedSingle : AsicMessages.notStamped);
      try {
        await deps.stampRecords(records);
      } catch (e) {
        throw new HttpFailure(500, (e as Error).message);
      }
    }
    if (unique && !direction) throw new HttpFailure(400, AsicMessages.uniqueWithoutDirection);

    if (unique) {
      const r = records[0];
      const body = await containerFor(deps, r);
      return send(res, ASIC_MIMETYPE, containerName(r), body);
    }
    const entries = [];
    for (const r of records) entries.push({ name: containerName(r), data: await containerFor(deps, r) });
    const filename = `${escapeQueryId(queryId)}${direction ? `-${direction}` : ''}.zip`;
    send(res, 'application/zip', filename, await zipOf(entries));
  } catch (e) {
    if (e instanceof HttpFailure) return sendText(res, e.status, e.message);
    sendText(res, 500, e instanceof XRoadError ? e.message : `Internal error: ${(e as Error).message}`);
  }
}
