// The server proxy's REST exchange (PR-REST, TRANSP-009..011, REST-006/007/009/010): the same
// gatekeeping as SOAP before the provider IS is called; the IS answer — any status, redirects
// included, never followed — becomes an x-road-rest-response part carrying x-road-id,
// x-road-client, x-road-service, x-road-request-id and our X-Road-Request-Hash, signed by the
// provider member. REST metaservices (listMethods, allowedMethods, getOpenAPI) are answered here
// without the ACL and go through the same signing and logging (META-005); every exchange leaves an
// operational monitoring record with method, path and status (OPMON-006).
import { createHash, type X509Certificate } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCodes, XRoadError, isXRoadError } from '../../../protocol/faults/index.js';
import { clientId, idToShortString, memberOf, providerOf } from '../../../protocol/identifiers/index.js';
import { buildRestResponsePart, restRequestHash } from '../../../protocol/rest/index.js';
import { checkTransportRequest, decodeTransportMessage, readTransportHeaders, type DecodedTransportMessage } from '../../../protocol/transport/index.js';
import { headerPairs, sendSoapFault, toXRoadError } from '../http-util.js';
import { answerMetaservice, metaserviceFor } from '../metaservices/answer-metaservice.js';
import { ExchangeMonitor } from '../opmon/exchange-monitor.js';
import { buildRestTransportResponse } from '../rest-exchange.js';
import type { ServerContext } from '../server-context.js';
import { checkClientProxyVersion, checkServiceAccess } from './access-check.js';
import { callProvider, type ProviderAnswer } from './provider-client.js';

function serviceFailed(e: unknown): XRoadError {
  return isXRoadError(e) ? e.wrappedIn(ErrorCodes.serviceFailed) : new XRoadError(ErrorCodes.internalError, (e as Error).message).wrappedIn(ErrorCodes.serviceFailed);
}

function joinUrl(base: string, servicePath: string, query: string | undefined): string {
  const trimmed = base.endsWith('/') && servicePath.startsWith('/') ? base.slice(0, -1) : base;
  return trimmed + servicePath + (query !== undefined ? `?${query}` : '');
}

function decodedPath(servicePath: string): string {
  try {
    return decodeURIComponent(servicePath);
  } catch {
    return servicePath;
  }
}

export async function handleRestTransport(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  tlsChain: X509Certificate[],
  mon: ExchangeMonitor = new ExchangeMonitor(ctx, ctx.config.proxyVersion),
): Promise<void> {
  const steps: string[] = [];
  let queryId: string | undefined;
  try {
    if (req.method !== 'POST') throw new XRoadError(ErrorCodes.invalidHttpMethod, `Must use POST request method instead of ${req.method}`);
    ctx.globalConf.assertValid();
    ctx.messageLog?.assertCanAcceptMessages();
    const th = readTransportHeaders(headerPairs(req));
    checkClientProxyVersion(ctx.config.minClientVersion, th.proxyVersion);
    let decoded: DecodedTransportMessage;
    try {
      decoded = await decodeTransportMessage([body], { contentType: req.headers['content-type'] ?? '', hashAlgorithm: th.hashAlgorithm, faultAllowed: false });
    } catch (e) {
      throw serviceFailed(e);
    }
    checkTransportRequest(decoded, { rest: true });
    if (decoded.rest?.kind !== 'request') throw new XRoadError(ErrorCodes.missingRest, 'Request does not have REST message');
    const part = decoded.rest.part;
    const client = part.xRoad.client;
    if (!client) throw new XRoadError(ErrorCodes.invalidClientIdentifier, 'The X-Road-Client header is missing');
    const service = part.target.serviceId;
    queryId = part.xRoad.queryId;
    steps.push('request-decoded');
    const rest = {
      method: part.method,
      path: decodedPath(part.target.servicePath),
      ...(queryId !== undefined ? { queryId } : {}),
      ...(part.xRoad.userId !== undefined ? { userId: part.xRoad.userId } : {}),
      ...(part.xRoad.issue !== undefined ? { issue: part.xRoad.issue } : {}),
      ...(part.xRoad.representedParty ? { representedParty: part.xRoad.representedParty } : {}),
      protocolVersion: '1',
    };
    const requestBytes = decoded.restBody?.bytes?.length ?? 0;
    mon.set({
      client,
      service,
      rest,
      requestSize: part.bytes.length + requestBytes,
      requestAttachmentCount: 0,
      ...(req.socket.remoteAddress ? { clientSecurityServerAddress: req.socket.remoteAddress } : {}),
      ...(th.requestId ? { xRequestId: th.requestId } : {}),
    });
    const meta = metaserviceFor(ctx.meta, { protocol: 'rest', service, method: part.method });

    ctx.tlsTrust.verifyConsumer(tlsChain, decoded.ocspResponses.map((o) => o.der), idToShortString(client));
    if (part.xRoad.securityServer && idToShortString(part.xRoad.securityServer) !== ctx.serverConf.serverIdString) {
      throw new XRoadError(ErrorCodes.invalidSecurityServer, `Invalid security server '${idToShortString(part.xRoad.securityServer)}': this is ${ctx.serverConf.serverIdString}`);
    }
    const svc = meta ? undefined : checkServiceAccess(ctx.serverConf, ctx.defects, client, service, 'rest');
    steps.push(meta ? `metaservice:${meta}` : 'access-checked');
    mon.set(meta ? { answeredLocally: true } : { serviceType: svc!.type === 'openapi' ? 'OPENAPI3' : 'REST' });

    const verify = async (): Promise<void> => {
      if (ctx.defects.has('skip-signature-check')) return;
      await ctx.verifier.verify(decoded, client);
      steps.push('signature-verified');
    };
    const forwardBeforeVerify = ctx.defects.has('forward-before-verify');
    if (!forwardBeforeVerify) await verify();
    const requestBody = decoded.restBody?.bytes ?? Buffer.alloc(0);
    await ctx.messageLog?.log({
      queryId: queryId ?? '',
      client: idToShortString(client),
      service: idToShortString(service),
      direction: 'request',
      protocol: 'rest',
      message: part.bytes,
      attachments: requestBody.length ? [requestBody] : [],
      signatureXml: decoded.signature!.bytes,
      ...(decoded.hashChainResult !== undefined ? { hashChainResult: Buffer.from(decoded.hashChainResult), hashChain: Buffer.from(decoded.hashChain ?? '') } : {}),
      loggedAt: new Date(),
    });

    mon.mark('requestOutTs');
    let answer: ProviderAnswer;
    if (meta) {
      answer = (await answerMetaservice(ctx.meta, {
        protocol: 'rest',
        method: part.method,
        client,
        service,
        servicePath: part.target.servicePath,
        ...(part.query !== undefined ? { query: part.query } : {}),
      }))!;
    } else {
      const headers = part.headers.map(([n, v]): [string, string] => [n, v]);
      if (ctx.defects.has('leak-user-agent')) headers.push(['User-Agent', `roadtest-security-server ${ctx.serverConf.serverIdString}`]);
      answer = await callProvider({
        url: joinUrl(svc!.url, part.target.servicePath, part.query),
        method: part.method,
        headers,
        ...(requestBody.length > 0 || !['GET', 'HEAD'].includes(part.method) ? { body: requestBody } : {}),
        timeoutMs: svc!.timeoutMs,
        ...(svc!.verifyIsCert ? { expectedIsCerts: ctx.serverConf.hostedClient(providerOf(service))?.isCerts ?? [] } : {}),
        clientCertPem: (ctx.config.internalTls ?? ctx.config.keys.auth).certPem,
        clientKeyPem: (ctx.config.internalTls ?? ctx.config.keys.auth).keyPem,
      });
    }
    mon.mark('responseInTs');
    mon.set({ rest: { ...rest, statusCode: answer.status } });
    steps.push(meta ? 'answered-locally' : 'provider-called');
    if (forwardBeforeVerify) await verify();

    // REST-007: over the header part as we re-serialise it, and the body's digest (x-hash-algorithm).
    const bodyDigest = decoded.restBody?.digest;
    let hash = restRequestHash(ctx.defects.has('wrong-request-hash') ? part.bytes.subarray(1) : part.canonicalBytes, bodyDigest);
    if (ctx.knobs.has('bogus-request-hash')) hash = createHash('sha512').update('bogus').digest();
    const responsePart = buildRestResponsePart({
      status: answer.status,
      reason: answer.statusText,
      headers: answer.headers,
      client: ctx.knobs.has('alter-client') ? clientId(client.xRoadInstance, client.memberClass, `${client.memberCode}-altered`) : client,
      service,
      queryId: ctx.knobs.has('alter-id') ? `${queryId ?? ''}-altered` : (queryId ?? ''),
      requestId: part.requestId ?? th.requestId ?? '',
      requestHash: hash,
    });
    const signKey = ctx.defects.has('sign-with-wrong-member-key') || ctx.knobs.has('signer-other-member') ? ctx.serverConf.otherSignKey(service) : ctx.serverConf.signKey(service);
    if (!signKey) throw new XRoadError(ErrorCodes.cannotCreateSignature, `Member '${idToShortString(memberOf(service))}' has no signing key`);
    const encoded = await buildRestTransportResponse(ctx, { headerPart: responsePart.bytes, body: answer.body, signKey });
    steps.push('response-signed');
    mon.set({ responseSize: responsePart.bytes.length + answer.body.length, responseAttachmentCount: 0 });
    await ctx.messageLog?.log({
      queryId: queryId ?? '',
      client: idToShortString(client),
      service: idToShortString(service),
      direction: 'response',
      protocol: 'rest',
      message: responsePart.bytes,
      attachments: answer.body.length ? [answer.body] : [],
      signatureXml: encoded.signed.signatureXml,
      ...(encoded.signed.hashChainResult ? { hashChainResult: encoded.signed.hashChainResult, hashChain: encoded.signed.hashChain } : {}),
      loggedAt: new Date(),
    });
    if (ctx.knobs.has('slow')) await new Promise((r) => setTimeout(r, ctx.knobs.number('slow', 1000)));
    if (ctx.knobs.has('reset')) {
      req.socket.destroy();
      return;
    }
    const out: Record<string, string> = { 'Content-Type': encoded.contentType, 'Content-Length': String(encoded.body.length) };
    for (const [n, v] of encoded.headers) out[n] = v;
    res.writeHead(200, out);
    res.end(encoded.body);
    mon.finish({ at: new Date(), side: 'server-proxy', protocol: 'rest', ...(queryId ? { queryId } : {}), outcome: 'ok', steps });
  } catch (e) {
    const err = toXRoadError(e, 'server.serverproxy');
    sendSoapFault(res, err);
    mon.finish({ at: new Date(), side: 'server-proxy', protocol: 'rest', ...(queryId ? { queryId } : {}), outcome: 'fault', faultCode: err.code, faultString: err.message, steps });
    if (!isXRoadError(e)) console.error('server proxy: unexpected error', e);
  }
}

