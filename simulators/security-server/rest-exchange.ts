// REST transport messages as this server writes them (TRANSP-004..006, TRANSP-015): the header
// part (`/message.xml`) and, when there is one, the body (`/attachment1`), batch-signed when a body
// is present (SIG-006). Peer knobs change exactly one thing after signing, as for SOAP.
import { TransportMessageEncoder, transportRequestHeaders, transportResponseHeaders } from '../../protocol/transport/index.js';
import type { PeerKnobs } from './peer-knobs.js';
import type { KeyMaterial } from './server-conf.js';
import type { ServerContext } from './server-context.js';
import type { SignedParts } from './signer.js';
import { tamperBytes, tamperText } from './tamper.js';
import type { TransportRequest } from './transport-client.js';
import { encodeOwnOcspParts, encodeSignatureParts, transportContentType } from './transport-signature-parts.js';

export interface RestTransportInput {
  headerPart: Buffer;
  /** Empty = no body part. */
  body: Buffer;
  signKey: KeyMaterial;
}

function encodeSignedRest(encoder: TransportMessageEncoder, kind: 'request' | 'response', input: RestTransportInput, signed: SignedParts, knobs: PeerKnobs): void {
  if (!knobs.has('omit-message')) {
    const part = knobs.has('tamper-body') ? tamperText(input.headerPart) : input.headerPart;
    if (kind === 'request') encoder.restRequest(part);
    else encoder.restResponse(part);
  }
  if (input.body.length > 0) encoder.restBody(knobs.has('tamper-attachment') ? tamperBytes(input.body) : input.body);
  encodeSignatureParts(encoder, signed, knobs);
}

export async function buildRestTransportRequest(
  ctx: ServerContext,
  input: RestTransportInput & { requestId: string; originalContentType: string | undefined },
): Promise<{ request: TransportRequest; signed: SignedParts }> {
  const signed = await ctx.signer.sign(input.signKey, { message: input.headerPart, attachments: input.body.length > 0 ? [input.body] : [] });
  const encoder = new TransportMessageEncoder();
  await encodeOwnOcspParts(ctx, encoder);
  encodeSignedRest(encoder, 'request', input, signed, ctx.knobs);
  const headers: Record<string, string> = {};
  for (const [n, v] of transportRequestHeaders({
    requestId: input.requestId,
    ...(input.originalContentType !== undefined ? { originalContentType: input.originalContentType } : {}),
    proxyVersion: ctx.knobs.has('old-proxy-version') ? '6.0.0' : ctx.config.proxyVersion,
    rest: true,
  })) {
    headers[n] = v;
  }
  headers['Content-Type'] = transportContentType(encoder, ctx.knobs);
  return { request: { headers, body: await encoder.toBuffer() }, signed };
}

export async function buildRestTransportResponse(
  ctx: ServerContext,
  input: RestTransportInput,
): Promise<{ contentType: string; headers: Array<[string, string]>; body: Buffer; signed: SignedParts }> {
  const signed = await ctx.signer.sign(input.signKey, { message: input.headerPart, attachments: input.body.length > 0 ? [input.body] : [] });
  const encoder = new TransportMessageEncoder();
  encodeSignedRest(encoder, 'response', input, signed, ctx.knobs);
  const contentType = transportContentType(encoder, ctx.knobs);
  return { contentType, headers: transportResponseHeaders({}), body: await encoder.toBuffer(), signed };
}
