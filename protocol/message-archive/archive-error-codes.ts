// Codes for message-log archive findings. X-Road's ArchiveHashChainVerifier has only messages,
// no codes, so these are roadtest's own stable spellings (one per X-Road message).
export const ArchiveErrorCodes = {
  linkingInfoNotFound: 'log_archive.linking_info_not_found',
  invalidLinkingInfo: 'log_archive.invalid_linking_info',
  unsupportedDigestAlgorithm: 'log_archive.unsupported_digest_algorithm',
  noAsicContainers: 'log_archive.no_asic_containers',
  prevDigestMismatch: 'log_archive.prev_digest_mismatch',
  fileNamesDiffer: 'log_archive.file_names_differ',
  digestMismatch: 'log_archive.digest_mismatch',
  invalidContainer: 'log_archive.invalid_container',
} as const;
