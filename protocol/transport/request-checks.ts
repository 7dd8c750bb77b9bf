// What a provider SS requires of a decoded request before it goes further (TRANSP-009; the
// reference's ServerMessageProcessor / ServerRestMessageProcessor.checkRequest and
// verifySslClientCert). The decoder itself accepts messages that lack these parts.
import { ErrorCodes, XRoadError } from '../faults/index.js';
import type { DecodedTransportMessage } from './decoded-message.js';

export interface RequestCheckOptions {
  /** REST request (x-road-message-type: REST) rather than SOAP. */
  rest: boolean;
  /** TLS is on between the security servers, so the client's auth-cert OCSP parts are needed (default true). */
  requireOcsp?: boolean;
}

export function checkTransportRequest(message: DecodedTransportMessage, options: RequestCheckOptions): void {
  if (options.rest) {
    if (!message.rest || message.rest.kind !== 'request') throw new XRoadError(ErrorCodes.missingRest, 'Request does not have REST message');
  } else if (!message.soap) {
    throw new XRoadError(ErrorCodes.missingSoap, 'Request does not have SOAP message');
  }
  if ((options.requireOcsp ?? true) && message.ocspResponses.length === 0) {
    throw new XRoadError(ErrorCodes.sslAuthenticationFailed, 'Cannot verify TLS certificate, corresponding OCSP response is missing');
  }
  if (!message.signature) throw new XRoadError(ErrorCodes.missingSignature, 'Request does not have signature');
}
