// Typed errors of management request handling. Codes are X-Road's (ErrorCodes.X_*, 7.8 spelling)
// as its ManagementRequestVerifier / decoder callbacks raise them.
import { XRoadError } from '../faults/index.js';

export const MservCodes = {
  /** X_INVALID_REQUEST: wrong fields, signer member does not match, unexpected parts. */
  invalidRequest: 'invalid_request',
  /** X_INVALID_SIGNATURE_VALUE: "Client signature verification failed". */
  invalidSignatureValue: 'invalid_signature_value',
  /** X_CERT_VALIDATION: member sign certificate not valid / not a signing cert. */
  certValidation: 'cert_validation',
  invalidContentType: 'invalid_content_type',
  /** X_INTERNAL_ERROR: a part is missing or extra ("Client certificate OCSP is missing"). */
  internalError: 'internal_error',
  invalidSignatureAlgorithm: 'invalid_signature_algorithm',
} as const;

export class MservError extends XRoadError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, undefined, options);
  }
}
