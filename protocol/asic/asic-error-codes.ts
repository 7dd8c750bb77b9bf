// ASiC structure error codes, X-Road 7.8+ spelling (ErrorCodes.X_ASIC_*). Compare with
// faultCodesEqual to accept the <= 7.7 CamelCase form (`AsicMimeTypeNotFound`).
export const AsicErrorCodes = {
  mimeTypeNotFound: 'asic_mime_type_not_found',
  invalidMimeType: 'asic_invalid_mime_type',
  messageNotFound: 'asic_message_not_found',
  signatureNotFound: 'asic_signature_not_found',
  hashChainResultNotFound: 'asic_hash_chain_result_not_found',
  hashChainNotFound: 'asic_hash_chain_not_found',
  timestampNotFound: 'asic_timestamp_not_found',
  manifestNotFound: 'asic_manifest_not_found',
} as const;

export type AsicErrorCode = (typeof AsicErrorCodes)[keyof typeof AsicErrorCodes];
