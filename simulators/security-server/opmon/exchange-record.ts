// OPMON-006: one operational data record per exchange, built from what the proxy knows when it
// finishes — its ExchangeEvent (outcome, fault) and the facts of the messages (ids, header
// fields, sizes, timings). messageId is the xrd:id / X-Road-Id, a failed exchange has
// succeeded=false and the fault code/string, REST exchanges carry method, path and status.
// representedParty (EXT-004) is split into representedPartyClass/Code as Annex B names them.
import type { ClientId, ServiceId } from '../../../protocol/identifiers/index.js';
import type { RepresentedParty, XRoadHeader } from '../../../protocol/soap/index.js';
import type { ExchangeEvent } from '../server-context.js';
import type { OpMonRecordDetails } from './record-fields.js';

export interface ExchangeFacts {
  /** ms when the request arrived (before it was decoded). */
  requestInTs: number;
  /** ms when the request left for the provider SS / provider IS. */
  requestOutTs?: number;
  /** ms when the answer came back. */
  responseInTs?: number;
  /** ms when the answer left; defaults to the event's time. */
  responseOutTs?: number;
  client?: ClientId;
  service?: ServiceId;
  /** SOAP: the request header (id, userId, issue, protocolVersion, representedParty). */
  soapHeader?: XRoadHeader;
  /**
   * REST: method; service path (X-Road records it on the provider side only, decoded); response
   * status; X-Road-Id, X-Road-UserId, X-Road-Issue, X-Road-Represented-Party; protocol version "1".
   */
  rest?: {
    method: string;
    path?: string;
    statusCode?: number;
    queryId?: string;
    representedParty?: RepresentedParty;
    userId?: string;
    issue?: string;
    protocolVersion?: string;
  };
  /** SOAP part bytes (REST: header part + body), as X-Road counts them. */
  requestSize?: number;
  /** SOAP part + attachment bytes, only when there are attachments. */
  requestMimeSize?: number;
  requestAttachmentCount?: number;
  responseSize?: number;
  responseMimeSize?: number;
  responseAttachmentCount?: number;
  serviceType?: 'WSDL' | 'REST' | 'OPENAPI3';
  /** Answered by this server itself (metaservice, monitoring): requestOutTs = requestInTs, responseInTs = responseOutTs, as X-Road records them. */
  answeredLocally?: boolean;
  clientSecurityServerAddress?: string;
  serviceSecurityServerAddress?: string;
  securityServerInternalIp?: string;
  xRequestId?: string;
}

export interface ExchangeRecordOptions {
  /** xRoadVersion of the record (the server's proxyVersion). */
  xRoadVersion: string;
}

function shortId(id: ClientId | ServiceId): string {
  const parts = [id.xRoadInstance, id.memberClass, id.memberCode];
  if ('subsystemCode' in id && id.subsystemCode !== undefined) parts.push(id.subsystemCode);
  if (id.objectType === 'SERVICE') {
    parts.push(id.serviceCode);
    if (id.serviceVersion !== undefined) parts.push(id.serviceVersion);
  }
  return parts.join('/');
}

export function opMonRecordFromExchange(event: ExchangeEvent, facts: ExchangeFacts, options: ExchangeRecordOptions): OpMonRecordDetails {
  const at = event.at.getTime();
  const responseOutTs = facts.responseOutTs ?? at;
  const header = facts.soapHeader;
  const party = header?.representedParty ?? facts.rest?.representedParty;
  const messageId = event.queryId ?? header?.id ?? facts.rest?.queryId;
  const failed = event.outcome !== 'ok';
  const local = facts.answeredLocally === true;
  const rec: OpMonRecordDetails = {
    monitoringDataTs: Math.floor(at / 1000),
    securityServerType: event.side === 'client-proxy' ? 'Client' : 'Producer',
    requestInTs: facts.requestInTs,
    ...(local ? { requestOutTs: facts.requestInTs } : facts.requestOutTs !== undefined ? { requestOutTs: facts.requestOutTs } : {}),
    ...(local ? { responseInTs: responseOutTs } : facts.responseInTs !== undefined ? { responseInTs: facts.responseInTs } : {}),
    responseOutTs,
    clientId: facts.client ? shortId(facts.client) : '',
    ...(facts.client ? { client: facts.client } : {}),
    ...(facts.service ? { service: facts.service, serviceId: shortId(facts.service) } : {}),
    ...(messageId !== undefined ? { messageId } : {}),
    ...(header?.userId !== undefined ? { messageUserId: header.userId } : facts.rest?.userId !== undefined ? { messageUserId: facts.rest.userId } : {}),
    ...(header?.issue !== undefined ? { messageIssue: header.issue } : facts.rest?.issue !== undefined ? { messageIssue: facts.rest.issue } : {}),
    ...(header?.protocolVersion !== undefined
      ? { messageProtocolVersion: header.protocolVersion }
      : facts.rest?.protocolVersion !== undefined
        ? { messageProtocolVersion: facts.rest.protocolVersion }
        : {}),
    ...(party?.partyClass !== undefined ? { representedPartyClass: party.partyClass } : {}),
    ...(party?.partyCode !== undefined ? { representedPartyCode: party.partyCode } : {}),
    ...(facts.rest ? { restMethod: facts.rest.method } : {}),
    ...(facts.rest?.path !== undefined ? { restPath: facts.rest.path } : {}),
    ...(facts.rest?.statusCode !== undefined ? { statusCode: facts.rest.statusCode } : {}),
    ...(facts.requestSize !== undefined ? { requestSize: facts.requestSize } : {}),
    ...(facts.requestMimeSize !== undefined ? { requestMimeSize: facts.requestMimeSize } : {}),
    ...(facts.requestAttachmentCount !== undefined ? { requestAttachmentCount: facts.requestAttachmentCount } : {}),
    ...(facts.responseSize !== undefined ? { responseSize: facts.responseSize } : {}),
    ...(facts.responseMimeSize !== undefined ? { responseMimeSize: facts.responseMimeSize } : {}),
    ...(facts.responseAttachmentCount !== undefined ? { responseAttachmentCount: facts.responseAttachmentCount } : {}),
    succeeded: !failed,
    ...(failed && event.faultCode !== undefined ? { faultCode: event.faultCode } : {}),
    ...(failed && event.faultString !== undefined ? { faultString: event.faultString } : {}),
    serviceType: facts.serviceType ?? (facts.rest ? 'REST' : 'WSDL'),
    xRoadVersion: options.xRoadVersion,
    ...(facts.clientSecurityServerAddress !== undefined ? { clientSecurityServerAddress: facts.clientSecurityServerAddress } : {}),
    ...(facts.serviceSecurityServerAddress !== undefined ? { serviceSecurityServerAddress: facts.serviceSecurityServerAddress } : {}),
    ...(facts.securityServerInternalIp !== undefined ? { securityServerInternalIp: facts.securityServerInternalIp } : {}),
    ...(facts.xRequestId !== undefined ? { xRequestId: facts.xRequestId } : {}),
  };
  return rec;
}
