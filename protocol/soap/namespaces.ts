// Namespace URIs and algorithm ids of the X-Road SOAP profile (MESS §2, EXT-003/004, MESS-014).
export { IDENTIFIERS_NS, XROAD_NS } from '../identifiers/index.js';

/** SOAP 1.1 envelope; SOAP 1.2 (…/2003/05/soap-envelope) is not an X-Road envelope. */
export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
/** Value of SOAP-ENV:encodingStyle that marks an RPC/encoded message. */
export const SOAP_ENCODING_NS = 'http://schemas.xmlsoap.org/soap/encoding/';
export const REPRESENTATION_NS = 'http://x-road.eu/xsd/representation.xsd';
export const SECURITY_TOKEN_NS = 'http://x-road.eu/xsd/security-token.xsd';

/** Prefixes X-Road itself writes (SoapUtils.PREFIX_SOAPENV, SoapHeader.PREFIX_XROAD). */
export const SOAP_ENV_PREFIX = 'SOAP-ENV';
export const XROAD_PREFIX = 'xroad';
export const IDENTIFIERS_PREFIX = 'id';
export const REPRESENTATION_PREFIX = 'repr';
export const SECURITY_TOKEN_PREFIX = 'tok';

/** requestHash algorithm X-Road uses (MESS-014). */
export const SHA512_ALGORITHM_ID = 'http://www.w3.org/2001/04/xmlenc#sha512';
export const DIGEST_ALGORITHM_IDS: Record<string, 'sha256' | 'sha384' | 'sha512'> = {
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};

/** The JWT token type of the security-token extension (SECTOKEN §2). */
export const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
