// Namespace URIs of the X-Road signature documents, in one place (STYLE.md: protocol constants once).

export const NS_XMLNS = 'http://www.w3.org/2000/xmlns/';
export const NS_XML = 'http://www.w3.org/XML/1998/namespace';
export const NS_DS = 'http://www.w3.org/2000/09/xmldsig#';
export const NS_XADES = 'http://uri.etsi.org/01903/v1.3.2#';
/** ASiC root namespace written by today's signer (SIG-003). */
export const NS_ASIC = 'http://uri.etsi.org/02918/v1.2.1#';
/** Older ASiC namespace found in sign-0-old-format.xml and batch-sig.xml; X-Road still accepts it. */
export const NS_ASIC_1_1_1 = 'http://uri.etsi.org/02918/v1.1.1#';
export const NS_HASHCHAIN = 'http://cyber.ee/hashchain';
export const NS_XSI = 'http://www.w3.org/2001/XMLSchema-instance';
