// The fetching client's check (X-Road OcspClient.verifyResponse): only responseStatus successful is
// usable. The verifier deliberately does not repeat it (corrections.md §2, OCSP-002), so a cached or
// stapled response is judged on its BasicOCSPResponse alone.
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { OcspResponseStatus, parseOcspResponse, type OcspResponse } from './ocsp-response.js';

const MESSAGES: Record<number, string> = {
  [OcspResponseStatus.malformedRequest]: 'OCSP responder received malformed request',
  [OcspResponseStatus.internalError]: 'OCSP responder encountered an internal error',
  [OcspResponseStatus.tryLater]: 'OCSP responder unable to process request, try again later',
  [OcspResponseStatus.sigRequired]: 'OCSP responder requires request to be signed',
  [OcspResponseStatus.unauthorized]: 'OCSP responder did not authorize the request',
};

/** Throws unless responseStatus is successful; returns the parsed response. */
export function checkOcspResponseStatus(response: Uint8Array | OcspResponse): OcspResponse {
  const parsed = response instanceof Uint8Array ? parseOcspResponse(response) : response;
  if (parsed.responseStatus === OcspResponseStatus.successful) return parsed;
  const message = MESSAGES[parsed.responseStatus] ?? `Invalid OCSP response status: ${parsed.responseStatus}`;
  throw new XRoadError(ErrorCodes.incorrectValidationInfo, message);
}
