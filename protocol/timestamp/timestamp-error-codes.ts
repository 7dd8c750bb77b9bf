// The message-log (`mlog.*`) codes X-Road 7.8 gives time-stamp failures. They are not in
// protocol/faults' ErrorCodes (owned elsewhere), so they live here, spelled as X-Road's ErrorCode enum.
import { ErrorCodes, XRoadError } from '../faults/index.js';

export const TimestampErrorCodes = {
  /** Imprint differs from the digest of the stamped data ("Timestamp hashes do not match"). */
  malformedSignature: ErrorCodes.malformedSignature,
  /** Token structure BouncyCastle's TimeStampToken constructor refuses (not TSTInfo, signers != 1, no ESS attribute). */
  internalError: ErrorCodes.internalError,
  noTimestampingProviderFound: 'mlog.no_timestamping_provider_found',
  tspCertificateNotFound: 'mlog.tsp_certificate_not_found',
  timestampTokenSignerInfoNotFound: 'mlog.timestamp_token_signer_info_not_found',
  timestampSignerVerificationFailed: 'mlog.timestamp_signer_verification_failed',
  /** Client side (TimestamperUtil): HTTP status other than 200. */
  timestampingNonOkResponse: 'mlog.timestamping_non_ok_response',
  timestampProviderConnectionFailed: 'mlog.timestamp_provider_connection_failed',
  timestampRequestTimedOut: 'mlog.timestamp_request_timed_out',
  readingTimestampResponseFailed: 'mlog.reading_timestamp_response_failed',
  timestampNonGrantedResponse: 'mlog.timestamp_non_granted_response',
  timestampResponseObjectCreationFailed: 'mlog.timestamp_response_object_creation_failed',
  timestampResponseValidationFailed: 'mlog.timestamp_response_validation_failed',
} as const;

export type TimestampErrorCode = (typeof TimestampErrorCodes)[keyof typeof TimestampErrorCodes];

export function timestampError(code: TimestampErrorCode, message: string, cause?: unknown): XRoadError {
  return new XRoadError(code, message, undefined, cause === undefined ? undefined : { cause });
}
