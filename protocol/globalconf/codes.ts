// X-Road's global-configuration error codes (7.8+ ErrorCode enum spelling). They live here rather
// than in protocol/faults because only configuration download and parsing raise them.
import { XRoadError } from '../faults/index.js';

export const GlobalConfCodes = {
  /** Anchor file is not XML or fails the anchor schema (CS admin API answers HTTP 400). */
  malformedAnchor: 'malformed_anchor',
  /** shared-params / private-params fail their schema or reference rules. */
  malformedGlobalConf: 'malformed_global_conf',
  /** MONITORING / NEXTUPDATE / FETCHINTERVAL part fails its schema. */
  malformedOptionalPartsConf: 'malformed_optional_parts_conf',
  parsingFailure: 'global_conf_parsing_downloaded_conf_directory_failure',
  missingSignedData: 'global_conf_missing_signed_data',
  /** Only when there is no signature part at all (corrections.md GCONF-005). */
  missingSignedDataExpirationDate: 'global_conf_missing_signed_data_expiration_date',
  headerFieldMissing: 'global_conf_header_field_missing',
  headerFieldMissingParameter: 'global_conf_header_field_missing_parameter',
  headerFieldWrongValue: 'global_conf_header_field_wrong_value',
  missingVerificationCert: 'global_conf_missing_verification_cert',
  signatureDecodeFailure: 'global_conf_signature_decode_failure',
  signatureVerificationFailure: 'global_conf_signature_verification_failure',
  outdated: 'global_conf_outdated',
  partInvalidInstanceIdentifier: 'global_conf_part_invalid_instance_identifier',
  partDownloadFailure: 'global_conf_part_download_failure',
  partIntegrityFailure: 'global_conf_part_downloaded_file_integrity_failure',
} as const;

export type GlobalConfCode = (typeof GlobalConfCodes)[keyof typeof GlobalConfCodes];

export function globalConfError(code: GlobalConfCode, message: string, cause?: unknown): XRoadError {
  return new XRoadError(code, message, undefined, cause === undefined ? undefined : { cause });
}
