// OCSP's DER reader: protocol/asn1's, failing with OcspParseError. Bytes after the top element are
// ignored and OCTET STRING contents decoded where they parse, as BouncyCastle's ASN1InputStream
// reads OCSP structures for X-Road.
import { DerReader, isUniversal, Tag } from '../asn1/der-reader.js';
import { ErrorCodes, XRoadError } from '../faults/index.js';

export type { AlgorithmIdentifier, Asn1 } from '../asn1/der-reader.js';

/** A structure that is not the OCSP ASN.1 it claims to be: X-Road cannot use it as validation info. */
export class OcspParseError extends XRoadError {
  constructor(what: string, message: string) {
    super(ErrorCodes.incorrectValidationInfo, `Malformed ${what}: ${message}`);
  }
}

export const asn1 = new DerReader({
  fail: (what, problem) => new OcspParseError(what, problem),
  decode: { allowTrailingBytes: true, parseEmbedded: true },
});

/**
 * The nonce inside an id-pkix-ocsp-nonce extnValue: RFC 8954 wraps it in an OCTET STRING; some
 * clients put the raw bytes there, which are then returned as they are.
 */
export function nonceValue(extnValue: Buffer): Buffer {
  try {
    const inner = asn1.decode(extnValue, 'nonce');
    if (isUniversal(inner, Tag.octetString) && inner.valueBeforeDecodeView.length === extnValue.length) return asn1.octetString(inner, 'nonce');
  } catch {
    // not DER: raw nonce bytes
  }
  return extnValue;
}
