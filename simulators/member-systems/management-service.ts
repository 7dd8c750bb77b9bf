// The management service provider's information system (MSERV-001/005): behind the security
// server that hosts managementRequestServiceProviderId it decodes each management request,
// verifies it (protocol/mserv: parts, signature over the exact SOAP bytes, certificate, OCSP
// freshness, owners) and answers as the central server's management service does — the echo
// with a new requestId, or a SOAP fault naming what was wrong. Every request is recorded, good
// or bad, so scenarios can check what arrived.
import { isXRoadError, XRoadError, ErrorCodes } from '../../protocol/faults/index.js';
import {
  buildManagementResponse,
  readManagementRequest,
  verifyManagementRequest,
  type ManagementRequest,
  type VerifiedManagementRequest,
} from '../../protocol/mserv/index.js';
import { buildFault } from '../../protocol/soap/index.js';
import type { VerificationTrust } from '../../protocol/trust/index.js';
import type { ProviderBehaviour, RespondRequest } from './provider-behaviour.js';
import { RequestInbox } from '../http/request-inbox.js';

export interface ReceivedManagementRequest {
  receivedAt: Date;
  contentType: string | undefined;
  body: Buffer;
  /** Decoded request (absent when it could not be read at all). */
  request?: ManagementRequest;
  verified?: VerifiedManagementRequest;
  /** Why it was refused. */
  error?: XRoadError;
  requestId?: number;
}

export class ManagementInbox extends RequestInbox<ReceivedManagementRequest> {
  constructor() {
    super(1000);
  }
}

export interface ManagementServiceOptions {
  /** What the management service trusts (the hosting server's global configuration). */
  trust: () => VerificationTrust;
  inbox: ManagementInbox;
  now?: () => Date;
}

function header(req: RespondRequest, name: string): string | undefined {
  return req.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

export function managementServiceBehaviour(options: ManagementServiceOptions): ProviderBehaviour {
  return {
    kind: 'respond',
    respond(req) {
      const record: ReceivedManagementRequest = { receivedAt: new Date(), contentType: header(req, 'content-type'), body: req.body };
      options.inbox.received.push(record);
      try {
        record.request = readManagementRequest(record.contentType, req.body);
        record.verified = verifyManagementRequest(record.request, { trust: options.trust(), atDate: (options.now ?? (() => new Date()))() });
        record.requestId = options.inbox.takeRequestId();
        const body = buildManagementResponse(record.request.soap, record.request.kind, record.request.fields, record.requestId);
        return { status: 200, headers: { 'Content-Type': 'text/xml; charset=UTF-8' }, body };
      } catch (e) {
        record.error = isXRoadError(e) ? e : new XRoadError(ErrorCodes.internalError, (e as Error).message, undefined, { cause: e });
        const fault = buildFault({ faultCode: `Server.${record.error.code}`, faultString: record.error.message });
        return { status: 500, headers: { 'Content-Type': 'text/xml; charset=UTF-8' }, body: fault };
      }
    },
  };
}
