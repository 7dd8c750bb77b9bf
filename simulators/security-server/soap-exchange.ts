// SOAP transport messages as this server writes them (TRANSP-004..006), with the peer knobs
// applied: the message is signed as it should be, then exactly one thing is changed or left out.
// Also the plain HTTP forms towards information systems (SOAP alone, or multipart/related with
// the attachments, their MIME headers preserved: MESS-016).
import { MultipartWriter, parseContentType } from '../../protocol/multipart/index.js';
import { TransportMessageEncoder, transportRequestHeaders, transportResponseHeaders } from '../../protocol/transport/index.js';
import type { AttachmentPart } from './soap-message.js';
import type { PeerKnobs } from './peer-knobs.js';
import type { KeyMaterial } from './server-conf.js';
import type { ServerContext } from './server-context.js';
import type { SignedParts } from './signer.js';
import { tamperBytes, tamperText } from './tamper.js';
import type { TransportRequest } from './transport-client.js';
import { encodeOwnOcspParts, encodeSignatureParts, transportContentType } from './transport-signature-parts.js';

export interface SoapTransportInput {
  soapBytes: Buffer;
  soapContentType: string;
  /** Other MIME headers of the SOAP part (Content-ID for MTOM's start parameter). */
  soapHeaders?: Array<[string, string]>;
  attachments: AttachmentPart[];
  signKey: KeyMaterial;
}

function contentTypeOf(a: AttachmentPart): string | undefined {
  return a.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1];
}

function otherHeaders(a: AttachmentPart): Array<[string, string]> {
  return a.headers.filter(([n]) => n.toLowerCase() !== 'content-type');
}

/** Parts after OCSP, shared by requests and responses, with the knobs that change them. */
function encodeSignedMessage(encoder: TransportMessageEncoder, input: SoapTransportInput, signed: SignedParts, knobs: PeerKnobs): void {
  if (!knobs.has('omit-message')) {
    encoder.soap(knobs.has('tamper-body') ? tamperText(input.soapBytes) : input.soapBytes, input.soapContentType, input.soapHeaders ?? []);
  }
  input.attachments.forEach((a, i) => {
    const body = i === 0 && knobs.has('tamper-attachment') ? tamperBytes(a.body) : a.body;
    encoder.attachment(body, contentTypeOf(a), otherHeaders(a));
  });
  encodeSignatureParts(encoder, signed, knobs);
}

export async function buildSoapTransportRequest(
  ctx: ServerContext,
  input: SoapTransportInput & { requestId: string; originalContentType: string; soapAction: string | undefined },
): Promise<{ request: TransportRequest; signed: SignedParts }> {
  const signed = await ctx.signer.sign(input.signKey, { message: input.soapBytes, attachments: input.attachments.map((a) => a.body) });
  const encoder = new TransportMessageEncoder();
  await encodeOwnOcspParts(ctx, encoder);
  encodeSignedMessage(encoder, input, signed, ctx.knobs);
  const headers: Record<string, string> = {};
  for (const [n, v] of transportRequestHeaders({
    requestId: input.requestId,
    originalContentType: input.originalContentType,
    proxyVersion: ctx.knobs.has('old-proxy-version') ? '6.0.0' : ctx.config.proxyVersion,
    soapAction: input.soapAction,
  })) {
    headers[n] = v;
  }
  headers['Content-Type'] = transportContentType(encoder, ctx.knobs);
  return { request: { headers, body: await encoder.toBuffer() }, signed };
}

export interface EncodedResponse {
  contentType: string;
  headers: Array<[string, string]>;
  body: Buffer;
  signed: SignedParts;
}

export async function buildSoapTransportResponse(ctx: ServerContext, input: SoapTransportInput & { originalContentType: string }): Promise<EncodedResponse> {
  const signed = await ctx.signer.sign(input.signKey, { message: input.soapBytes, attachments: input.attachments.map((a) => a.body) });
  const headers = transportResponseHeaders({ originalContentType: input.originalContentType });
  if (ctx.knobs.has('plain-soap-response')) {
    return { contentType: 'text/xml; charset=UTF-8', headers, body: input.soapBytes, signed };
  }
  const encoder = new TransportMessageEncoder();
  encodeSignedMessage(encoder, input, signed, ctx.knobs);
  const contentType = transportContentType(encoder, ctx.knobs);
  return { contentType, headers, body: await encoder.toBuffer(), signed };
}

/**
 * The SOAP message as an information system gets it: alone (`soapContentType`), or as
 * multipart/related with the attachments. For multipart, the original Content-Type (boundary
 * included) is reused when its boundary does not collide, so the provider sees what the client sent.
 */
export function soapForInformationSystem(
  soapBytes: Buffer,
  soapContentType: string,
  attachments: AttachmentPart[],
  originalContentType: string | undefined,
  soapHeaders: Array<[string, string]> = [],
): { contentType: string; body: Buffer } {
  if (attachments.length === 0 && !isMultipart(originalContentType)) return { contentType: soapContentType, body: soapBytes };
  let boundary: string | undefined;
  let params: Record<string, string> = {};
  if (isMultipart(originalContentType)) {
    const ct = parseContentType(originalContentType!);
    boundary = ct.params.get('boundary');
    params = Object.fromEntries([...ct.params].filter(([k]) => k !== 'boundary'));
  } else {
    params = { type: soapContentType.split(';')[0]!.trim() };
  }
  const collides = boundary !== undefined && [soapBytes, ...attachments.map((a) => a.body)].some((b) => b.includes(boundary!, 0, 'latin1'));
  const writer = new MultipartWriter({ mediaType: 'multipart/related', params, ...(boundary && !collides ? { boundary } : {}) });
  writer.add(soapBytes, [['Content-Type', soapContentType], ...soapHeaders]);
  for (const a of attachments) writer.add(a.body, a.headers);
  const contentType = !collides && boundary && originalContentType ? originalContentType : writer.contentType;
  return { contentType, body: writer.toBuffer() };
}

/** Alias used by the client proxy for the answer to its IS. */
export const soapResponseForClient = soapForInformationSystem;

function isMultipart(contentType: string | undefined): boolean {
  return contentType !== undefined && /^\s*multipart\//i.test(contentType);
}
