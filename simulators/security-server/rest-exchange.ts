// REST transport messages as this server writes them (TRANSP-004..006, TRANSP-015): the header
// part (`/message.xml`) and, when there is one, the body (`/attachment1`), batch-signed when a body
// is present (SIG-006). Peer knobs change exactly one thing after signing, as for SOAP.
import { randomUUID } from 'node:crypto';
import { buildFault } from '../../protocol/soap/index.js';
import { TransportMessageEncoder, transportRequestHeaders, transportResponseHeaders } from '../../protocol/transport/index.js';
import { currentAuthIdentity } from './auth-identity.js';
import type { PeerKnobs } from './peer-knobs.js';
import type { KeyMaterial } from './server-conf.js';
import type { ServerContext } from './server-context.js';
import type { SignedParts } from './signer.js';
import { tamperBytes, tamperHashChain, tamperSignatureValue, tamperText } from './tamper.js';
import type { TransportRequest } from './transport-client.js';

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
  if (signed.hashChainResult && signed.hashChain) {
    const chain = signed.hashChain.toString('utf8');
    encoder.hashChain(signed.hashChainResult.toString('utf8'), knobs.has('tamper-hash-chain') ? tamperHashChain(chain) : chain);
  }
  if (knobs.has('fault-as-last-part')) {
    encoder.fault(buildFault({ faultCode: 'server.serverproxy.cannot_create_signature', faultString: 'Signing failed (peer knob fault-as-last-part)', faultActor: '', faultDetail: randomUUID() }));
  } else if (!knobs.has('omit-signature')) {
    encoder.signature(knobs.has('tamper-signature') ? tamperSignatureValue(signed.signatureXml) : signed.signatureXml);
  }
}

export async function buildRestTransportRequest(
  ctx: ServerContext,
  input: RestTransportInput & { requestId: string; originalContentType: string | undefined },
): Promise<{ request: TransportRequest; signed: SignedParts }> {
  const signed = await ctx.signer.sign(input.signKey, { message: input.headerPart, attachments: input.body.length > 0 ? [input.body] : [] });
  const encoder = new TransportMessageEncoder();
  if (!ctx.knobs.has('omit-ocsp-parts')) {
    const identity = currentAuthIdentity(ctx);
    encoder.ocspResponse(await ctx.ownOcsp.response(identity.cert, 'auth'));
    for (const ca of identity.chain) encoder.ocspResponse(await ctx.ownOcsp.response(ca, 'auth'));
  }
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
  headers['Content-Type'] = ctx.knobs.has('wrong-content-type') ? 'text/html; charset=UTF-8' : encoder.contentType;
  return { request: { headers, body: await encoder.toBuffer() }, signed };
}

export async function buildRestTransportResponse(
  ctx: ServerContext,
  input: RestTransportInput,
): Promise<{ contentType: string; headers: Array<[string, string]>; body: Buffer; signed: SignedParts }> {
  const signed = await ctx.signer.sign(input.signKey, { message: input.headerPart, attachments: input.body.length > 0 ? [input.body] : [] });
  const encoder = new TransportMessageEncoder();
  encodeSignedRest(encoder, 'response', input, signed, ctx.knobs);
  const contentType = ctx.knobs.has('wrong-content-type') ? 'text/html; charset=UTF-8' : encoder.contentType;
  return { contentType, headers: transportResponseHeaders({}), body: await encoder.toBuffer(), signed };
}
