// A typed X-Road error: callers branch on `code`, never on message text (STYLE.md, undici's model).
// Codes use the 7.8+ snake_case spelling; compare them with faultCodesEqual to accept older spellings.

/** Origins X-Road prefixes to a code when it reaches a client (requirements §13, TRANSP-017). */
export type FaultOrigin = 'client' | 'server.clientproxy' | 'server.serverproxy' | 'server.serverproxy.opmonitor';

export class XRoadError extends Error {
  override readonly name = 'XRoadError';

  /**
   * @param code  e.g. `invalid_soap`, `malformed_signature.invalid_hash_chain_ref`, or already
   *              prefixed `server.clientproxy.unknown_member`
   * @param message what was wrong, naming the offending part
   */
  constructor(
    readonly code: string,
    message: string,
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The same error with the origin prefix X-Road puts in front of the code (`client.` etc.). */
  withOrigin(origin: FaultOrigin): XRoadError {
    if (this.code.toLowerCase().startsWith(origin + '.')) return this;
    return new XRoadError(`${origin}.${this.code}`, this.message, this.detail, { cause: this.cause });
  }

  /** The error as a cause in a chain: `service_failed` + `invalid_soap` -> `service_failed.invalid_soap`. */
  wrappedIn(outerCode: string): XRoadError {
    return new XRoadError(`${outerCode}.${this.code}`, this.message, this.detail, { cause: this });
  }
}

export function isXRoadError(e: unknown): e is XRoadError {
  return e instanceof XRoadError;
}

/** Error codes as constants, one place for the spelling (7.8+ form). */
export const ErrorCodes = {
  invalidHttpMethod: 'invalid_http_method',
  invalidContentType: 'invalid_content_type',
  mimeParsingFailed: 'mime_parsing_failed',
  invalidSoap: 'invalid_soap',
  invalidXml: 'invalid_xml',
  missingHeader: 'missing_header',
  missingBody: 'missing_body',
  invalidBody: 'invalid_body',
  missingHeaderField: 'missing_header_field',
  duplicateHeaderField: 'duplicate_header_field',
  invalidProtocolVersion: 'invalid_protocol_version',
  inconsistentHeaders: 'inconsistent_headers',
  invalidSoapAction: 'invalid_soap_action',
  invalidMessage: 'invalid_message',
  badRequest: 'bad_request',
  invalidClientIdentifier: 'invalid_client_identifier',
  invalidServiceIdentifier: 'invalid_service_identifier',
  unknownMember: 'unknown_member',
  invalidSecurityServer: 'invalid_security_server',
  maintenanceMode: 'maintenance_mode',
  globalConfOutdated: 'global_conf_outdated',
  sslAuthenticationFailed: 'ssl_authentication_failed',
  networkError: 'network_error',
  clientProxyVersionNotSupported: 'client_proxy_version_not_supported',
  missingSoap: 'missing_soap',
  missingRest: 'missing_rest',
  missingSignature: 'missing_signature',
  unknownService: 'unknown_service',
  serviceType: 'service_type',
  accessDenied: 'access_denied',
  serviceDisabled: 'service_disabled',
  serviceMissingUrl: 'service_missing_url',
  serviceMalformedUrl: 'service_malformed_url',
  serviceFailed: 'service_failed',
  inconsistentResponse: 'inconsistent_response',
  invalidSignatureValue: 'invalid_signature_value',
  malformedSignature: 'malformed_signature',
  incorrectCertificate: 'incorrect_certificate',
  invalidHashChain: 'invalid_hash_chain',
  malformedHashChain: 'malformed_hash_chain',
  hashChainUnusedInputs: 'hashchain_unused_inputs',
  invalidHashChainRef: 'invalid_hash_chain_ref',
  certValidation: 'cert_validation',
  incorrectValidationInfo: 'incorrect_validation_info',
  cannotCreateCertPath: 'cannot_create_cert_path',
  invalidCertPath: 'invalid_cert_path',
  cannotCreateSignature: 'cannot_create_signature',
  timestampingFailed: 'timestamping_failed',
  loggingFailed: 'logging_failed',
  internalError: 'internal_error',
  ioError: 'io_error',
  httpError: 'http_error',
} as const;
