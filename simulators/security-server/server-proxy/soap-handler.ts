// The server proxy's SOAP exchange (UCMESS §3.4): decode the transport request, check that it is
// complete (TRANSP-009) and that the consumer's TLS certificate belongs to a server hosting the
// client (TRANSP-010), authorise (TRANSP-011), verify the signature — all before the provider IS
// is called (TRANSP-008) — then forward with only Content-Type and SOAPAction (MESS-011), put our
// own requestHash into the answer (MESS-013/014) and sign it. An IS fault goes back unsigned and
// unchanged (MESS-019). Every other failure is a server.serverproxy.* SOAP fault. Metaservices
// (listMethods, allowedMethods, getWsdl, monitoring) skip the ACL and are answered here instead of
// by the IS, then signed, logged and monitored like any answer (META-005). Every exchange leaves
// an operational monitoring record (OPMON-006).
import type { X509Certificate } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCodes, XRoadError, isXRoadError } from '../../../protocol/faults/index.js';
import { idToShortString, memberOf, providerOf } from '../../../protocol/identifiers/index.js';
import { computeRequestHash, replaceRequestHash, SHA512_ALGORITHM_ID, type SoapEnvelope } from '../../../protocol/soap/index.js';
import { checkTransportRequest, decodeTransportMessage, readTransportHeaders, type DecodedTransportMessage } from '../../../protocol/transport/index.js';
import { headerPairs, sendSoapFault, toXRoadError } from '../http-util.js';
import { answerMetaservice, metaserviceFor } from '../metaservices/answer-metaservice.js';
import { ExchangeMonitor } from '../opmon/exchange-monitor.js';
import type { ServerContext } from '../server-context.js';
import { buildSoapTransportResponse, soapForInformationSystem } from '../soap-exchange.js';
import { readSoapMessage, type AttachmentPart, type SoapRequest } from '../soap-message.js';
import { checkClientProxyVersion, checkServiceAccess } from './access-check.js';
import { callProvider, type ProviderAnswer } from './provider-client.js';

function serviceFailed(e: unknown): XRoadError {
  return isXRoadError(e) ? e.wrappedIn(ErrorCodes.serviceFailed) : new XRoadError(ErrorCodes.internalError, (e as Error).message).wrappedIn(ErrorCodes.serviceFailed);
}

/** Edits applied to the provider's answer before signing (peer knobs, seeded defects). */
function editAnswerText(ctx: ServerContext, answer: SoapEnvelope, requestSoap: Buffer): string {
  if (ctx.defects.has('keep-provider-request-hash')) return answer.xml;
  const hashedBytes = ctx.defects.has('wrong-request-hash') ? Buffer.concat([requestSoap, Buffer.from('\n')]) : requestSoap;
  let hash = computeRequestHash(hashedBytes);
  if (ctx.knobs.has('bogus-request-hash')) hash = { algorithmId: SHA512_ALGORITHM_ID, value: Buffer.alloc(64, 7).toString('base64') };
  let text = replaceRequestHash(answer, hash);
  if (ctx.knobs.has('omit-request-hash')) text = text.replace(/<([\w.-]+:)?requestHash\b[^>]*>[^<]*<\/\1?requestHash>/, '');
  if (ctx.knobs.has('alter-id')) text = text.replace(/(<([\w.-]+:)?id>)([^<]*)(<\/\2?id>)/, '$1$3-altered$4');
  if (ctx.knobs.has('alter-client')) {
    text = text.replace(/(<([\w.-]+:)?client\b[\s\S]*?<([\w.-]+:)?memberCode>)([^<]*)(<)/, '$1$4-altered$5');
  }
  return text;
}

export async function handleSoapTransport(
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
    checkTransportRequest(decoded, { rest: false });
    const soap = decoded.soap!;
    const header = soap.envelope.header;
    const client = header.client!;
    const service = header.service!;
    queryId = header.id;
    steps.push('request-decoded');
    const attachmentBytes = decoded.attachments.reduce((n, a) => n + (a.bytes?.length ?? 0), 0);
    mon.set({
      client,
      service,
      soapHeader: header,
      requestSize: soap.bytes.length,
      requestAttachmentCount: decoded.attachments.length,
      ...(decoded.attachments.length > 0 ? { requestMimeSize: soap.bytes.length + attachmentBytes } : {}),
      ...(req.socket.remoteAddress ? { clientSecurityServerAddress: req.socket.remoteAddress } : {}),
      ...(th.requestId ? { xRequestId: th.requestId } : {}),
    });
    const meta = metaserviceFor(ctx.meta, { protocol: 'soap', service });

    ctx.tlsTrust.verifyConsumer(tlsChain, decoded.ocspResponses.map((o) => o.der), idToShortString(client));
    steps.push('tls-client-verified');
    if (header.securityServer && idToShortString(header.securityServer) !== ctx.serverConf.serverIdString) {
      throw new XRoadError(ErrorCodes.invalidSecurityServer, `Invalid security server '${idToShortString(header.securityServer)}': this is ${ctx.serverConf.serverIdString}`);
    }
    // Metaservices: no ACL (X-Road's shouldVerifyAccess() = false); allowedMethods filters itself.
    const svc = meta ? undefined : checkServiceAccess(ctx.serverConf, ctx.defects, client, service, 'soap');
    steps.push(meta ? `metaservice:${meta}` : 'access-checked');
    if (meta) mon.set({ answeredLocally: true });

    const attachments: AttachmentPart[] = decoded.attachments.map((a) => ({ headers: a.headers.fields.map((f): [string, string] => [f.name, f.value]), body: a.bytes ?? Buffer.alloc(0) }));
    const soapHeaders = soap.headers.fields.filter((f) => f.name.toLowerCase() !== 'content-type').map((f): [string, string] => [f.name, f.value]);
    const verify = async (): Promise<void> => {
      if (ctx.defects.has('skip-signature-check')) return;
      await ctx.verifier.verify(decoded, client);
      steps.push('signature-verified');
    };
    const forwardBeforeVerify = ctx.defects.has('forward-before-verify');
    if (!forwardBeforeVerify) await verify();

    await ctx.messageLog?.log({
      queryId: queryId ?? '',
      client: idToShortString(client),
      service: idToShortString(service),
      direction: 'request',
      protocol: 'soap',
      message: soap.bytes,
      attachments: attachments.map((a) => a.body),
      signatureXml: decoded.signature!.bytes,
      ...(decoded.hashChainResult !== undefined ? { hashChainResult: Buffer.from(decoded.hashChainResult), hashChain: Buffer.from(decoded.hashChain ?? '') } : {}),
      loggedAt: new Date(),
    });

    mon.mark('requestOutTs');
    let answer: ProviderAnswer;
    if (meta) {
      answer = (await answerMetaservice(ctx.meta, { protocol: 'soap', envelope: soap.envelope, client, service }))!;
    } else {
      // MESS-011: only Content-Type and SOAPAction reach the provider.
      const toIs = soapForInformationSystem(soap.bytes, soap.contentType, attachments, th.originalContentType, soapHeaders);
      const headers: Array<[string, string]> = [['Content-Type', toIs.contentType]];
      if (th.originalSoapAction !== undefined) headers.push(['SOAPAction', th.originalSoapAction]);
      if (ctx.defects.has('forward-all-headers')) {
        for (const [n, v] of headerPairs(req)) if (!/^(content-type|content-length|host|connection|transfer-encoding|soapaction)$/i.test(n)) headers.push([n, v]);
      }
      const hosted = ctx.serverConf.hostedClient(providerOf(service));
      answer = await callProvider({
        url: svc!.url,
        method: 'POST',
        headers,
        body: toIs.body,
        timeoutMs: svc!.timeoutMs,
        ...(svc!.verifyIsCert ? { expectedIsCerts: hosted?.isCerts ?? [] } : {}),
        clientCertPem: (ctx.config.internalTls ?? ctx.config.keys.auth).certPem,
        clientKeyPem: (ctx.config.internalTls ?? ctx.config.keys.auth).keyPem,
      });
    }
    mon.mark('responseInTs');
    steps.push(meta ? 'answered-locally' : 'provider-called');
    if (forwardBeforeVerify) await verify();

    const answerType = answer.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1];
    let parsed: SoapRequest;
    try {
      parsed = readSoapMessage(answerType, answer.body);
    } catch (e) {
      if (answer.status >= 400) throw new XRoadError(ErrorCodes.httpError, `Service responded with HTTP ${answer.status}`).wrappedIn(ErrorCodes.serviceFailed);
      throw serviceFailed(e);
    }
    mon.set({ responseSize: parsed.hashedBytes.length, responseAttachmentCount: parsed.attachments.length });
    if (parsed.envelope.isFault) {
      // MESS-019: the provider's own fault goes back as it came, not signed as a normal response.
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=UTF-8', 'Content-Length': String(parsed.hashedBytes.length) });
      res.end(parsed.hashedBytes);
      const f = parsed.envelope.fault;
      mon.finish({ at: new Date(), side: 'server-proxy', protocol: 'soap', ...(queryId ? { queryId } : {}), outcome: 'fault', faultCode: f?.faultCode, ...(f?.faultString !== undefined ? { faultString: f.faultString } : {}), steps });
      return;
    }
    const answerText = editAnswerText(ctx, parsed.envelope, Buffer.from(soap.bytes));
    const answerBytes = Buffer.from(answerText, parsed.envelope.charset.toLowerCase().replace(/[-_]/g, '') === 'iso88591' ? 'latin1' : 'utf8');
    mon.set({
      responseSize: answerBytes.length,
      ...(parsed.attachments.length > 0 ? { responseMimeSize: answerBytes.length + parsed.attachments.reduce((n, a) => n + a.body.length, 0) } : {}),
    });

    const signKey = ctx.defects.has('sign-with-wrong-member-key') || ctx.knobs.has('signer-other-member') ? ctx.serverConf.otherSignKey(service) : ctx.serverConf.signKey(service);
    if (!signKey) throw new XRoadError(ErrorCodes.cannotCreateSignature, `Member '${idToShortString(memberOf(service))}' has no signing key`);
    const encoded = await buildSoapTransportResponse(ctx, {
      soapBytes: answerBytes,
      soapContentType: parsed.soapContentType,
      soapHeaders: parsed.soapHeaders,
      attachments: parsed.attachments,
      signKey,
      originalContentType: answerType ?? parsed.soapContentType,
    });
    steps.push('response-signed');
    await ctx.messageLog?.log({
      queryId: queryId ?? '',
      client: idToShortString(client),
      service: idToShortString(service),
      direction: 'response',
      protocol: 'soap',
      message: answerBytes,
      attachments: parsed.attachments.map((a) => a.body),
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
    mon.finish({ at: new Date(), side: 'server-proxy', protocol: 'soap', ...(queryId ? { queryId } : {}), outcome: 'ok', steps });
  } catch (e) {
    const err = toXRoadError(e, 'server.serverproxy');
    sendSoapFault(res, err);
    mon.finish({ at: new Date(), side: 'server-proxy', protocol: 'soap', ...(queryId ? { queryId } : {}), outcome: 'fault', faultCode: err.code, faultString: err.message, steps });
    if (!isXRoadError(e)) console.error('server proxy: unexpected error', e);
  }
}
