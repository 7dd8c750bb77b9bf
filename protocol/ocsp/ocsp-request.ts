// OCSPRequest reader (RFC 6960 §4.1.1). The responder simulator uses it to echo each CertID
// verbatim; tests use it to check what a security server sends (OCSP-001: unsigned, no nonce,
// SHA-1 CertID with NULL parameters).
import { parseCertIdAsn1, type CertId } from './cert-id.js';
import { isContext, type Asn1 } from '../asn1/der-reader.js';
import { asn1, OcspParseError, nonceValue } from './der-reader.js';
import { OID_PKIX_OCSP_NONCE } from './ocsp-response.js';

export interface OcspRequest {
  der: Buffer;
  version: number;
  certIds: CertId[];
  /** True when optionalSignature is present (X-Road sends unsigned requests). */
  signed: boolean;
  hasRequestorName: boolean;
  /** Value of the id-pkix-ocsp-nonce request extension, if any. */
  nonce?: Buffer;
  /** OIDs of all requestExtensions. */
  extensionOids: string[];
}

function extensionList(tag: Asn1 | undefined, what: string): Array<{ oid: string; value: Buffer }> {
  if (!tag) return [];
  return asn1.sequence(asn1.explicitInner(tag, what), what).map((ext) => {
    const parts = asn1.sequence(ext, 'Extension', 2);
    return { oid: asn1.oid(parts[0], 'extnID'), value: asn1.octetString(parts[parts.length - 1], 'extnValue') };
  });
}

export function parseOcspRequest(der: Uint8Array): OcspRequest {
  const top = asn1.sequence(asn1.decode(der, 'OCSPRequest'), 'OCSPRequest', 1);
  const tbs = asn1.sequence(top[0], 'TBSRequest', 1);
  let at = 0;
  let version = 0;
  if (isContext(tbs[at], 0)) {
    version = asn1.smallInteger(asn1.explicitInner(tbs[at], 'TBSRequest version'), 'TBSRequest version');
    at++;
  }
  const hasRequestorName = isContext(tbs[at], 1);
  if (hasRequestorName) at++;
  const requests = asn1.sequence(tbs[at], 'requestList');
  if (requests.length === 0) throw new OcspParseError('OCSPRequest', 'requestList is empty');
  const certIds = requests.map((r) => parseCertIdAsn1(asn1.sequence(r, 'Request', 1)[0]));
  const extensions = extensionList(tbs.slice(at + 1).find((i) => isContext(i, 2)), 'requestExtensions');
  const nonceExt = extensions.find((e) => e.oid === OID_PKIX_OCSP_NONCE);
  return {
    der: Buffer.from(der),
    version,
    certIds,
    signed: top.slice(1).some((i) => isContext(i, 0)),
    hasRequestorName,
    nonce: nonceExt ? nonceValue(nonceExt.value) : undefined,
    extensionOids: extensions.map((e) => e.oid),
  };
}
