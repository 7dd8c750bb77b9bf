// The client proxy's REST exchange (PR-REST §4, REST-001..012, TRANSP-016): /r1/ target and
// X-Road-* headers read, REST-009 headers dropped, header part built with x-road-request-id (and
// x-road-id when the client sent none), signed, sent; the signed answer is checked (signer =
// service member, x-road-client/-service/-id/-request-id and X-Road-Request-Hash consistent)
// before status, headers and body are passed on. Errors are REST errors with X-Road-Error. Every
// exchange leaves an operational monitoring record (OPMON-006).
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCodes, XRoadError, isXRoadError } from '../../../protocol/faults/index.js';
import { idEquals, idToShortString, memberOf, providerOf, type ClientId, type ServiceId } from '../../../protocol/identifiers/index.js';
import {
  buildRestRequestPart,
  isSkippedHeader,
  parseRestRequestTarget,
  readRestRequestHeaders,
  requireClient,
  restRequestHash,
  restRequestHashMatches,
  serializeRestRequestPart,
  XRoadHeader,
  type RestRequestPart,
  type RestRequestTarget,
} from '../../../protocol/rest/index.js';
import { decodeTransportMessage, type DecodedTransportMessage } from '../../../protocol/transport/index.js';
import { currentAuthIdentity } from '../auth-identity.js';
import { headerPairs, sendRestError, toXRoadError } from '../http-util.js';
import { buildRestTransportRequest } from '../rest-exchange.js';
import { ExchangeMonitor } from '../opmon/exchange-monitor.js';
import type { ServerContext } from '../server-context.js';
import type { TransportResponse } from '../transport-client.js';
import { verifyIsAuthentication } from './is-authentication.js';
import { selectProviderTargets } from './target-selection.js';

function inconsistent(message: string): XRoadError {
  return new XRoadError(ErrorCodes.inconsistentResponse, message).wrappedIn(ErrorCodes.serviceFailed);
}

/** The header part, optionally with the seeded defects that make it leak or lose headers. */
function headerPart(ctx: ServerContext, req: IncomingMessage, target: RestRequestTarget, requestId: string): RestRequestPart {
  let headers = headerPairs(req);
  if (ctx.defects.has('drop-user-id')) headers = headers.filter(([n]) => n.toLowerCase() !== XRoadHeader.userId.toLowerCase());
  const part = buildRestRequestPart({
    method: req.method ?? 'GET',
    path: target.path,
    ...(target.query !== undefined ? { query: target.query } : {}),
    headers,
    requestId,
    queryId: `${ctx.serverConf.instance}-${randomUUID()}`,
  });
  if (!ctx.defects.has('leak-user-agent')) return part;
  const ua = headers.find(([n]) => n.toLowerCase() === 'user-agent');
  if (!ua) return part;
  const leaked = serializeRestRequestPart(part.method, part.path, part.query, [...part.headers, ua]);
  return { ...part, bytes: leaked, canonicalBytes: leaked };
}

async function readRestAnswer(ctx: ServerContext, response: TransportResponse, sent: { part: RestRequestPart; body: Buffer; client: ClientId; service: ServiceId }): Promise<DecodedTransportMessage> {
  if (response.status !== 200) throw new XRoadError(ErrorCodes.httpError, `Server proxy responded with HTTP ${response.status}`);
  const contentType = response.headers['content-type'];
  let decoded: DecodedTransportMessage;
  try {
    decoded = await decodeTransportMessage([response.body], { contentType: contentType ?? '', hashAlgorithm: first(response.headers['x-hash-algorithm']) ?? 'SHA-512' });
  } catch (e) {
    throw isXRoadError(e) ? e.wrappedIn(ErrorCodes.serviceFailed) : e;
  }
  if (decoded.fault) {
    // A provider-side fault becomes a REST error carrying its code (server.serverproxy.* -> 500).
    const f = decoded.fault.envelope.fault;
    throw new XRoadError(f?.faultCode ?? ErrorCodes.internalError, f?.faultString ?? 'Fault from server proxy', f?.faultDetail);
  }
  if (decoded.rest?.kind !== 'response') throw new XRoadError(ErrorCodes.missingRest, 'Response does not have REST message');
  if (!decoded.signature) throw new XRoadError(ErrorCodes.missingSignature, 'Response does not have signature');
  // corrections.md: a REST response's signer is the service's member.
  if (!ctx.defects.has('skip-response-verification')) await ctx.verifier.verify(decoded, sent.service);
  if (!ctx.defects.has('skip-response-consistency')) {
    const r = decoded.rest.part;
    if (!r.client || !idEquals(r.client, sent.client)) throw inconsistent('Response client id does not match request');
    if (!r.service || r.service.serviceCode !== sent.service.serviceCode || !idEquals(providerOf(r.service), providerOf(sent.service))) {
      throw inconsistent('Response service id does not match request');
    }
    if (r.queryId !== sent.part.xRoad.queryId && r.queryId !== lastOf(sent.part.headers, 'x-road-id')) throw inconsistent('Response message id does not match request');
    if (r.requestId !== sent.part.requestId) throw inconsistent('Response request id does not match request');
    const bodyDigest = sent.body.length > 0 ? sha512(sent.body) : undefined;
    if (!restRequestHashMatches(restRequestHash(sent.part.canonicalBytes, bodyDigest), r.requestHash)) {
      throw inconsistent('Request message hash does not match request message');
    }
  }
  return decoded;
}

export async function handleRestRequest(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  mon: ExchangeMonitor = new ExchangeMonitor(ctx, ctx.config.proxyVersion),
): Promise<void> {
  const steps: string[] = [];
  const accept = req.headers['accept'];
  let queryId: string | undefined;
  try {
    let target: RestRequestTarget;
    try {
      target = parseRestRequestTarget(req.url ?? '/')!;
    } catch (e) {
      throw toXRoadError(e, 'client');
    }
    const xRoad = readRestRequestHeaders(headerPairs(req));
    const client = requireClient(xRoad);
    const service = target.serviceId;
    ctx.globalConf.assertValid();
    ctx.messageLog?.assertCanAcceptMessages();
    const hosted = ctx.serverConf.hostedClient(client);
    if (!hosted) throw new XRoadError(ErrorCodes.unknownMember, `Client '${idToShortString(client)}' not found`);
    verifyIsAuthentication(hosted, req);
    const targets = selectProviderTargets(ctx.globalConf, providerOf(service), xRoad.securityServer);

    const requestId = randomUUID();
    const part = headerPart(ctx, req, target, requestId);
    queryId = part.xRoad.queryId ?? lastOf(part.headers, 'x-road-id');
    const rest = {
      method: part.method,
      ...(queryId !== undefined ? { queryId } : {}),
      ...(xRoad.userId !== undefined ? { userId: xRoad.userId } : {}),
      ...(xRoad.issue !== undefined ? { issue: xRoad.issue } : {}),
      ...(xRoad.representedParty ? { representedParty: xRoad.representedParty } : {}),
      protocolVersion: '1',
    };
    mon.set({ client, service, rest, requestSize: part.bytes.length + body.length, requestAttachmentCount: 0, xRequestId: requestId });
    const signKey = ctx.defects.has('sign-with-wrong-member-key') || ctx.knobs.has('signer-other-member') ? ctx.serverConf.otherSignKey(client) : ctx.serverConf.signKey(client);
    if (!signKey) throw new XRoadError(ErrorCodes.cannotCreateSignature, `Member '${idToShortString(memberOf(client))}' has no signing key`);
    const transport = await buildRestTransportRequest(ctx, { headerPart: part.bytes, body, signKey, requestId, originalContentType: req.headers['content-type'] });
    steps.push('request-signed');
    await ctx.messageLog?.log({
      queryId: queryId ?? '',
      client: idToShortString(client),
      service: idToShortString(service),
      direction: 'request',
      protocol: 'rest',
      message: part.bytes,
      attachments: body.length ? [body] : [],
      signatureXml: transport.signed.signatureXml,
      ...(transport.signed.hashChainResult ? { hashChainResult: transport.signed.hashChainResult, hashChain: transport.signed.hashChain } : {}),
      loggedAt: new Date(),
    });
    mon.mark('requestOutTs');
    const response = await ctx.transport.send(targets, transport.request, {
      certPem: currentAuthIdentity(ctx).certPems,
      keyPem: currentAuthIdentity(ctx).keyPem,
      tlsTrust: ctx.tlsTrust,
      connectTimeoutMs: ctx.config.timeouts.connectMs,
      timeoutMs: ctx.config.timeouts.transportMs,
      ...(ctx.knobs.has('slow') ? { delayBeforeSendMs: ctx.knobs.number('slow', 1000) } : {}),
      ...(ctx.knobs.has('reset') ? { resetAfterHeaders: true } : {}),
    });
    mon.mark('responseInTs').sentAt(response.sentAt);
    steps.push(`sent-to:${response.serverId}`);
    mon.set({ serviceSecurityServerAddress: response.address });
    const decoded = await readRestAnswer(ctx, response, { part, body, client, service });
    steps.push('response-verified');
    const answer = decoded.rest!.kind === 'response' ? decoded.rest!.part : undefined;
    const answerBody = decoded.restBody?.bytes ?? Buffer.alloc(0);
    await ctx.messageLog?.log({
      queryId: queryId ?? '',
      client: idToShortString(client),
      service: idToShortString(service),
      direction: 'response',
      protocol: 'rest',
      message: answer!.bytes,
      attachments: answerBody.length ? [answerBody] : [],
      signatureXml: decoded.signature!.bytes,
      ...(decoded.hashChainResult !== undefined ? { hashChainResult: Buffer.from(decoded.hashChainResult), hashChain: Buffer.from(decoded.hashChain ?? '') } : {}),
      loggedAt: new Date(),
    });
    mon.set({ rest: { ...rest, statusCode: answer!.status }, responseSize: answer!.bytes.length + answerBody.length, responseAttachmentCount: 0 });
    const out: Array<[string, string]> = answer!.headers.filter(([n]) => !isSkippedHeader(n));
    out.push(['Content-Length', String(answerBody.length)]);
    res.writeHead(answer!.status, answer!.reason || undefined, out.flat());
    res.end(req.method === 'HEAD' ? undefined : answerBody);
    mon.finish({ at: new Date(), side: 'client-proxy', protocol: 'rest', ...(queryId ? { queryId } : {}), outcome: 'ok', steps });
  } catch (e) {
    const err = toXRoadError(e, 'server.clientproxy');
    sendRestError(res, err, accept, ctx.defects.has('rest-errors-as-200') ? 200 : undefined);
    mon.finish({ at: new Date(), side: 'client-proxy', protocol: 'rest', ...(queryId ? { queryId } : {}), outcome: 'fault', faultCode: err.code, faultString: err.message, steps });
    if (!isXRoadError(e)) console.error('client proxy (REST): unexpected error', e);
  }
}

function sha512(b: Buffer): Buffer {
  return createHash('sha512').update(b).digest();
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function lastOf(headers: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  const all = headers.filter(([n]) => n.toLowerCase() === name);
  return all[all.length - 1]?.[1];
}
