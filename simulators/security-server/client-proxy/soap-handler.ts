// The client proxy's SOAP exchange (UCMESS §3.3): read and check the client IS's request, check
// the client and its IS connection, pick the provider's servers, sign, send over mutual TLS,
// verify the signed answer and its consistency with the request, and only then answer the IS
// (TRANSP-008). Every failure becomes an X-Road SOAP fault with HTTP 200 (MESS-018). Every
// exchange leaves an operational monitoring record (OPMON-006).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCodes, XRoadError, isXRoadError } from '../../../protocol/faults/index.js';
import { idToShortString, memberOf, providerOf } from '../../../protocol/identifiers/index.js';
import { checkSoapAction, faultToError } from '../../../protocol/soap/index.js';
import { currentAuthIdentity } from '../auth-identity.js';
import { headerPairs, sendSoapFault, toXRoadError } from '../http-util.js';
import { ExchangeMonitor } from '../opmon/exchange-monitor.js';
import type { ServerContext } from '../server-context.js';
import { buildSoapTransportRequest, soapResponseForClient } from '../soap-exchange.js';
import { verifyIsAuthentication } from './is-authentication.js';
import { readSoapMessage, type SoapRequest } from '../soap-message.js';
import { selectProviderTargets } from './target-selection.js';
import { readSoapTransportResponse, RelayedFault } from './soap-response.js';

function clientError(e: unknown): XRoadError {
  return toXRoadError(e, 'client');
}

/** Removes xrd:userId from the request text (seeded defect drop-user-id). */
function dropUserId(request: SoapRequest): Buffer {
  const text = Buffer.from(request.envelope.bytes).toString('utf8');
  return Buffer.from(text.replace(/<([\w.-]+:)?userId\b[^>]*>[^<]*<\/\1?userId>\s*/, ''), 'utf8');
}

export async function handleSoapRequest(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  mon: ExchangeMonitor = new ExchangeMonitor(ctx, ctx.config.proxyVersion),
): Promise<void> {
  const steps: string[] = [];
  let queryId: string | undefined;
  try {
    if (req.method !== 'POST' && !ctx.defects.has('accept-any-http-method')) {
      throw new XRoadError(ErrorCodes.invalidHttpMethod, `Must use POST request method instead of ${req.method}`).withOrigin('client');
    }
    ctx.globalConf.assertValid();
    ctx.messageLog?.assertCanAcceptMessages();

    let request: SoapRequest;
    try {
      request = readSoapMessage(req.headers['content-type'], body);
      checkSoapAction(headerValue(req, 'soapaction'));
    } catch (e) {
      throw clientError(e);
    }
    const { envelope } = request;
    if (envelope.isFault) throw clientError(faultToError(envelope.fault!));
    const header = envelope.header;
    const client = header.client!;
    const service = header.service!;
    queryId = header.id;
    steps.push('request-parsed');
    const soapSize = envelope.bytes.length;
    mon.set({
      client,
      service,
      soapHeader: header,
      requestSize: soapSize,
      requestAttachmentCount: request.attachments.length,
      ...(request.attachments.length > 0 ? { requestMimeSize: body.length } : {}),
    });

    const hosted = ctx.serverConf.hostedClient(client);
    if (!hosted) throw new XRoadError(ErrorCodes.unknownMember, `Client '${idToShortString(client)}' not found`);
    verifyIsAuthentication(hosted, req);

    const targets = selectProviderTargets(ctx.globalConf, providerOf(service), header.securityServer);
    const signKey = ctx.defects.has('sign-with-wrong-member-key') || ctx.knobs.has('signer-other-member') ? ctx.serverConf.otherSignKey(client) : ctx.serverConf.signKey(client);
    if (!signKey) throw new XRoadError(ErrorCodes.cannotCreateSignature, `Member '${idToShortString(memberOf(client))}' has no signing key`);

    const soapBytes = ctx.defects.has('drop-user-id') && header.userId !== undefined ? dropUserId(request) : Buffer.from(envelope.bytes);
    const requestId = randomUUID();
    const transport = await buildSoapTransportRequest(ctx, {
      requestId,
      soapBytes,
      soapContentType: request.soapContentType,
      soapHeaders: request.soapHeaders,
      attachments: request.attachments,
      originalContentType: request.originalContentType,
      soapAction: headerValue(req, 'soapaction'),
      signKey,
    });
    steps.push('request-signed');
    await ctx.messageLog?.log({
      queryId: queryId ?? '',
      client: idToShortString(client),
      service: idToShortString(service),
      direction: 'request',
      protocol: 'soap',
      message: soapBytes,
      attachments: request.attachments.map((a) => a.body),
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

    const answer = await readSoapTransportResponse(ctx, response, { request, soapBytes, service });
    steps.push('response-verified');
    await ctx.messageLog?.log({
      queryId: queryId ?? '',
      client: idToShortString(client),
      service: idToShortString(service),
      direction: 'response',
      protocol: 'soap',
      message: answer.soapBytes,
      attachments: answer.attachments.map((a) => a.body),
      signatureXml: answer.signatureXml,
      ...(answer.hashChainResult ? { hashChainResult: answer.hashChainResult, hashChain: answer.hashChain } : {}),
      loggedAt: new Date(),
    });
    const out = soapResponseForClient(answer.soapBytes, answer.soapContentType, answer.attachments, answer.originalContentType, answer.soapHeaders);
    mon.set({
      responseSize: answer.soapBytes.length,
      responseAttachmentCount: answer.attachments.length,
      ...(answer.attachments.length > 0 ? { responseMimeSize: out.body.length } : {}),
    });
    res.writeHead(200, { 'Content-Type': out.contentType, 'Content-Length': String(out.body.length) });
    res.end(out.body);
    mon.finish({ at: new Date(), side: 'client-proxy', protocol: 'soap', ...(queryId ? { queryId } : {}), outcome: 'ok', steps });
  } catch (e) {
    if (e instanceof RelayedFault) {
      // A fault from the provider side (its IS's own fault, MESS-019, or a server.serverproxy.*
      // fault, TRANSP-007) reaches the client IS byte for byte.
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=UTF-8', 'Content-Length': String(e.bytes.length) });
      res.end(e.bytes);
      mon.finish({ at: new Date(), side: 'client-proxy', protocol: 'soap', ...(queryId ? { queryId } : {}), outcome: 'fault', faultCode: e.faultCode, ...(e.faultString !== undefined ? { faultString: e.faultString } : {}), steps });
      return;
    }
    const err = toXRoadError(e, 'server.clientproxy');
    sendSoapFault(res, err);
    mon.finish({ at: new Date(), side: 'client-proxy', protocol: 'soap', ...(queryId ? { queryId } : {}), outcome: 'fault', faultCode: err.code, faultString: err.message, steps });
    if (!isXRoadError(e)) console.error('client proxy: unexpected error', e);
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  // The raw value, not Node's joined form: SOAPAction must reach the provider unchanged (MESS-010).
  return headerPairs(req).find(([n]) => n.toLowerCase() === name)?.[1];
}
