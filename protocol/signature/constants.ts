// Fixed values of X-Road's XAdES profile (SIG-003..005; SignatureXmlBuilder and Helper in X-Road).

export const SIGNATURE_ID = 'signature';
export const SIGNATURE_VALUE_ID = 'signature-value';
export const SIGNED_PROPERTIES_ID = 'signed-properties';
export const MESSAGE_REFERENCE_ID = 'signature-reference-0';
export const SIGNED_PROPERTIES_REFERENCE_ID = 'signature-reference-1';
export const ENCAPSULATED_CERT_ID_PREFIX = 'encapsulated-cert-';
export const OCSP_RESPONSE_ID_PREFIX = 'ocsp-response-';
export const COMPLETE_CERTIFICATE_REFS_ID = 'complete-certificate-refs';
export const TS_ROOT_MANIFEST_ID = 'ts-root-manifest';

export const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';
export const MANIFEST_TYPE = 'http://www.w3.org/2000/09/xmldsig#Manifest';

export const SIGNATURE_POLICY_IDENTIFIER = 'urn:oid:1.3.6.1.4.1.3516.16.2';
export const SIGNATURE_POLICY_DESCRIPTION = 'Profile for High Performance Digital Signatures (version 1.2)';
/** SHA-512 of the policy document, as X-Road hard-codes it. */
export const SIGNATURE_POLICY_SHA512 = 'BuO0EDNfkxSVlUbxCzmQPzX1AUF1/xx9ytWHk3/6SAOePxQiniEfDYk+90QeYb3lWpV3Izhuz9fKaYyE+lTcXw==';
export const SIGNATURE_POLICY_SPURI = 'https://repo.cyber.ee/dsig-profile-1.2.pdf';

export const MIME_TEXT_XML = 'text/xml';
export const MIME_HASH_CHAIN_RESULT = 'application/hash-chain-result';
