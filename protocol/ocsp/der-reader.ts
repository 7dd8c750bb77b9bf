// Walks asn1js parse trees for OCSP structures. Every element keeps its original bytes
// (valueBeforeDecodeView) because X-Road compares CertIDs ASN.1-exactly and verifies the signature
// over tbsResponseData as received (corrections.md §2, OCSP-001/002).
import * as asn1js from 'asn1js';
import { ErrorCodes, XRoadError } from '../faults/index.js';

export type Asn1 = asn1js.AsnType;

const UNIVERSAL = 1;
const CONTEXT = 3;

/** A structure that is not the OCSP ASN.1 it claims to be: X-Road cannot use it as validation info. */
export class OcspParseError extends XRoadError {
  constructor(what: string, message: string) {
    super(ErrorCodes.incorrectValidationInfo, `Malformed ${what}: ${message}`);
  }
}

/** Parses one BER element. Trailing bytes are ignored, as BouncyCastle's ASN1InputStream does. */
export function decode(bytes: Uint8Array, what: string): Asn1 {
  if (bytes.length === 0) throw new OcspParseError(what, 'no bytes');
  let parsed: ReturnType<typeof asn1js.fromBER>;
  try {
    parsed = asn1js.fromBER(bytes);
  } catch (e) {
    // asn1js throws (rather than reporting) on some bad primitive contents, e.g. time strings.
    throw new OcspParseError(what, (e as Error).message);
  }
  if (parsed.offset === -1 || parsed.result.error) {
    throw new OcspParseError(what, parsed.result.error || 'not BER');
  }
  return parsed.result;
}

export function raw(el: Asn1): Buffer {
  return Buffer.from(el.valueBeforeDecodeView);
}

export function isUniversal(el: Asn1 | undefined, tagNumber: number): boolean {
  return !!el && el.idBlock.tagClass === UNIVERSAL && el.idBlock.tagNumber === tagNumber;
}

export function isContext(el: Asn1 | undefined, tagNumber: number): boolean {
  return !!el && el.idBlock.tagClass === CONTEXT && el.idBlock.tagNumber === tagNumber;
}

/** Children of a constructed element (SEQUENCE, SET, or a constructed [n]). */
export function children(el: Asn1, what: string): Asn1[] {
  const value = (el.valueBlock as { value?: unknown }).value;
  if (!el.idBlock.isConstructed || !Array.isArray(value)) throw new OcspParseError(what, 'expected a constructed element');
  return value as Asn1[];
}

export function sequenceOf(el: Asn1 | undefined, what: string, minItems = 0): Asn1[] {
  if (!isUniversal(el, 16)) throw new OcspParseError(what, 'expected a SEQUENCE');
  const items = children(el!, what);
  if (items.length < minItems) throw new OcspParseError(what, `expected at least ${minItems} elements, found ${items.length}`);
  return items;
}

/** The single element inside an EXPLICIT [n] wrapper. */
export function explicitInner(el: Asn1, what: string): Asn1 {
  const inner = children(el, what);
  if (inner.length !== 1) throw new OcspParseError(what, 'expected one element inside the explicit tag');
  return inner[0];
}

/** Content octets of a primitive element (OCTET STRING, INTEGER, implicit primitives). */
export function primitiveContent(el: Asn1 | undefined, what: string): Buffer {
  if (!el || el.idBlock.isConstructed) throw new OcspParseError(what, 'expected a primitive element');
  return Buffer.from((el.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView);
}

export function octetString(el: Asn1 | undefined, what: string): Buffer {
  if (!isUniversal(el, 4)) throw new OcspParseError(what, 'expected an OCTET STRING');
  if (el!.idBlock.isConstructed) throw new OcspParseError(what, 'constructed OCTET STRING is not DER');
  return primitiveContent(el, what);
}

export function integerContent(el: Asn1 | undefined, what: string): Buffer {
  if (!isUniversal(el, 2)) throw new OcspParseError(what, 'expected an INTEGER');
  return primitiveContent(el, what);
}

export function smallInteger(el: Asn1 | undefined, what: string, tagNumber = 2): number {
  if (!isUniversal(el, tagNumber)) throw new OcspParseError(what, tagNumber === 10 ? 'expected an ENUMERATED' : 'expected an INTEGER');
  const content = primitiveContent(el, what);
  if (content.length === 0 || content.length > 4) throw new OcspParseError(what, 'integer out of range');
  return content.readIntBE(0, content.length);
}

export function oid(el: Asn1 | undefined, what: string): string {
  if (!isUniversal(el, 6)) throw new OcspParseError(what, 'expected an OBJECT IDENTIFIER');
  return (el as asn1js.ObjectIdentifier).valueBlock.toString();
}

/** BIT STRING contents without the unused-bits octet. */
export function bitStringBytes(el: Asn1 | undefined, what: string): Buffer {
  if (!isUniversal(el, 3)) throw new OcspParseError(what, 'expected a BIT STRING');
  if (el!.idBlock.isConstructed) throw new OcspParseError(what, 'constructed BIT STRING is not DER');
  // asn1js keeps the unused-bits count apart: valueHexView is the bit string proper.
  return primitiveContent(el, what);
}

/** GeneralizedTime (OCSP uses it throughout, RFC 6960 §4.2.1). */
export function generalizedTime(el: Asn1 | undefined, what: string): Date {
  if (!isUniversal(el, 24)) throw new OcspParseError(what, 'expected a GeneralizedTime');
  const date = (el as asn1js.GeneralizedTime).toDate();
  if (Number.isNaN(date.getTime())) throw new OcspParseError(what, 'invalid GeneralizedTime');
  return date;
}

export interface AlgorithmIdentifier {
  oid: string;
  /** DER of the parameters when present (an explicit NULL is present, and matters for CertID). */
  parameters?: Buffer;
  der: Buffer;
}

export function algorithmIdentifier(el: Asn1 | undefined, what: string): AlgorithmIdentifier {
  const items = sequenceOf(el, what, 1);
  return { oid: oid(items[0], what), parameters: items[1] ? raw(items[1]) : undefined, der: raw(el!) };
}

/**
 * The nonce inside an id-pkix-ocsp-nonce extnValue: RFC 8954 wraps it in an OCTET STRING; some
 * clients put the raw bytes there, which are then returned as they are.
 */
export function nonceValue(extnValue: Buffer): Buffer {
  try {
    const inner = decode(extnValue, 'nonce');
    if (isUniversal(inner, 4) && inner.valueBeforeDecodeView.length === extnValue.length) return octetString(inner, 'nonce');
  } catch {
    // not DER: raw nonce bytes
  }
  return extnValue;
}
