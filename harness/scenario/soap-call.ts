// One SOAP call from the client IS along a scenario's route, and what the provider IS saw of it.
// Steps pass what to send; this returns the request as sent (for evidence) and the answer. The
// provider IS records every request it gets, so a scenario notes how many there were before its
// own call and looks only at the ones after that mark.
import { parseMultipart } from '../../protocol/multipart/index.js';
import { parseSoapEnvelope, type SoapEnvelope } from '../../protocol/soap/index.js';
import { sendSoap, type Attachment, type Evidence, type IsTls, type ProviderIs, type ReceivedRequest } from '../../simulators/member-systems/index.js';

export interface SoapCall {
  url: string;
  /** The SOAP part (the whole body for text/xml). */
  soap: string | Buffer;
  contentType?: string;
  soapAction?: string;
  method?: string;
  headers?: Record<string, string>;
  attachments?: Attachment[];
  mtom?: boolean;
  /** Client certificate for the HTTPS client proxy (MESS-009). */
  tls?: IsTls;
  timeoutMs: number;
}

export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer | string;
}

export async function callSoap(call: SoapCall): Promise<{ sent: SentRequest; received: Evidence }> {
  const headers: Record<string, string> = { ...(call.headers ?? {}) };
  if (call.soapAction !== undefined) headers['SOAPAction'] = call.soapAction;
  headers['Content-Type'] = call.contentType ?? (call.attachments?.length || call.mtom ? 'multipart/related' : 'text/xml; charset=UTF-8');
  const received = await sendSoap(call.url, call.soap, {
    ...(call.method ? { method: call.method } : {}),
    ...(call.contentType ? { contentType: call.contentType } : {}),
    ...(call.soapAction !== undefined ? { soapAction: call.soapAction } : {}),
    ...(call.headers ? { headers: call.headers } : {}),
    ...(call.attachments ? { attachments: call.attachments } : {}),
    ...(call.mtom ? { mtom: true } : {}),
    ...(call.tls ? { tls: call.tls } : {}),
    timeoutMs: call.timeoutMs,
  });
  return { sent: { method: call.method ?? 'POST', url: call.url, headers, body: call.soap }, received };
}

/** Requests the provider IS got after `mark` (its received count before the scenario's call). */
export function receivedSince(providerIs: ProviderIs, mark: number): ReceivedRequest[] {
  return providerIs.received.slice(mark);
}

export function headerValue(pairs: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  return pairs.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

export interface ReceivedSoap {
  soap: Buffer;
  /** Attachment parts with their MIME headers, in order. */
  attachments: Array<{ headers: Array<[string, string]>; body: Buffer }>;
}

/** The SOAP part and attachments of a request the provider IS received. */
export function splitReceivedSoap(r: ReceivedRequest): ReceivedSoap {
  const ct = headerValue(r.headers, 'content-type') ?? 'text/xml';
  if (!/^multipart\//i.test(ct)) return { soap: r.body, attachments: [] };
  const parsed = parseMultipart(r.body, ct);
  const [first, ...rest] = parsed.parts;
  return {
    soap: Buffer.from(first?.body ?? Buffer.alloc(0)),
    attachments: rest.map((p) => ({ headers: p.headers.fields.map((f): [string, string] => [f.name, f.value]), body: Buffer.from(p.body) })),
  };
}

/** The SOAP envelope of an answer (text/xml or the first part of multipart/related). */
export function answerEnvelope(received: Evidence): { envelope: SoapEnvelope; attachments: ReceivedSoap['attachments'] } {
  const ct = received.headers['content-type'] ?? 'text/xml';
  if (!/^multipart\//i.test(ct)) return { envelope: parseSoapEnvelope(received.body, { contentType: ct }), attachments: [] };
  const parsed = parseMultipart(received.body, ct);
  const [first, ...rest] = parsed.parts;
  if (!first) throw new Error('multipart answer without parts');
  return {
    envelope: parseSoapEnvelope(Buffer.from(first.body), { contentType: first.headers.get('content-type') ?? 'text/xml' }),
    attachments: rest.map((p) => ({ headers: p.headers.fields.map((f): [string, string] => [f.name, f.value]), body: Buffer.from(p.body) })),
  };
}
