// Typed accessors over asn1js parse trees, so readers state structure instead of poking at asn1js
// internals. Every failure names the element that was wrong. Each protocol module gets a reader
// that fails with its own error type (OCSP: OcspParseError, which carries X-Road's
// incorrect_validation_info; RFC 3161: Asn1StructureError, turned into mlog.* codes at the API).
// Every element keeps its original bytes (encoding()): X-Road compares CertIDs ASN.1-exactly and
// verifies signatures over the bytes as received (corrections.md §2, OCSP-001/002).
import * as asn1js from 'asn1js';

export type Asn1 = asn1js.AsnType;

/** Structure that is not the ASN.1 it claims to be (the default failure of a DerReader). */
export class Asn1StructureError extends Error {
  override readonly name = 'Asn1StructureError';
}

/** Universal tag numbers we check. */
export const Tag = {
  boolean: 1,
  integer: 2,
  bitString: 3,
  octetString: 4,
  null: 5,
  oid: 6,
  enumerated: 10,
  utf8String: 12,
  sequence: 16,
  set: 17,
  utcTime: 23,
  generalizedTime: 24,
} as const;

const TAG_NAMES: Record<number, string> = {
  [Tag.boolean]: 'a BOOLEAN',
  [Tag.integer]: 'an INTEGER',
  [Tag.bitString]: 'a BIT STRING',
  [Tag.octetString]: 'an OCTET STRING',
  [Tag.null]: 'a NULL',
  [Tag.oid]: 'an OBJECT IDENTIFIER',
  [Tag.enumerated]: 'an ENUMERATED',
  [Tag.utf8String]: 'a UTF8String',
  [Tag.sequence]: 'a SEQUENCE',
  [Tag.set]: 'a SET',
  [Tag.utcTime]: 'a UTCTime',
  [Tag.generalizedTime]: 'a GeneralizedTime',
};

const UNIVERSAL = 1;
const CONTEXT = 3;

export function isUniversal(el: Asn1 | undefined, tagNumber: number): boolean {
  return !!el && el.idBlock.tagClass === UNIVERSAL && el.idBlock.tagNumber === tagNumber;
}

export function isContext(el: Asn1 | undefined, tagNumber: number): boolean {
  return !!el && el.idBlock.tagClass === CONTEXT && el.idBlock.tagNumber === tagNumber;
}

/** The element's own encoding, byte-exact as received (tag, length and contents). */
export function encoding(el: Asn1): Buffer {
  return Buffer.from(el.valueBeforeDecodeView);
}

/** `universal tag 2`, `context tag 0`: what was found where something else was expected. */
export function describeTag(el: Asn1 | undefined): string {
  if (!el) return 'nothing';
  const id = el.idBlock;
  const cls = ['', 'universal', 'application', 'context', 'private'][id.tagClass] ?? '?';
  return `${cls} tag ${id.tagNumber}`;
}

export interface DecodeOptions {
  /** Ignore bytes after the element, as BouncyCastle's ASN1InputStream does. Default: refuse them. */
  allowTrailingBytes?: boolean;
  /** Let asn1js also decode OCTET STRING contents that happen to be BER. Default: they stay opaque. */
  parseEmbedded?: boolean;
  /**
   * asn1js throws (rather than reporting) on some bad primitive contents, e.g. time strings. By
   * default that becomes this reader's failure; true lets the asn1js exception through.
   */
  rethrowDecoderExceptions?: boolean;
}

export interface DerReaderOptions {
  /** Builds the error for a structural failure; default Asn1StructureError(`${what}: ${problem}`). */
  fail?: (what: string, problem: string) => Error;
  /** Defaults for decode(). */
  decode?: DecodeOptions;
}

/** AlgorithmIdentifier with its parameters kept as DER (an explicit NULL is present, and matters for CertID). */
export interface AlgorithmIdentifier {
  oid: string;
  /** DER of the parameters when present. */
  parameters?: Buffer;
  der: Buffer;
}

export class DerReader {
  private readonly fail: (what: string, problem: string) => Error;
  private readonly decodeDefaults: DecodeOptions;

  constructor(options: DerReaderOptions = {}) {
    this.fail = options.fail ?? ((what, problem) => new Asn1StructureError(`${what}: ${problem}`));
    this.decodeDefaults = options.decode ?? {};
  }

  /** Parses one BER element from `bytes`. */
  decode(bytes: Uint8Array, what: string, options: DecodeOptions = this.decodeDefaults): Asn1 {
    if (bytes.length === 0) throw this.fail(what, 'empty input');
    let parsed: ReturnType<typeof asn1js.fromBER>;
    try {
      parsed = asn1js.fromBER(bytes, { parseEmbedded: options.parseEmbedded ?? false });
    } catch (e) {
      if (options.rethrowDecoderExceptions) throw e;
      throw this.fail(what, `not valid BER (${(e as Error).message})`);
    }
    if (parsed.offset === -1 || parsed.result.error) {
      throw this.fail(what, `not valid BER (${parsed.result.error || 'decoding failed'})`);
    }
    if (!options.allowTrailingBytes && parsed.offset !== bytes.length) {
      throw this.fail(what, `${bytes.length - parsed.offset} trailing bytes after the element`);
    }
    return parsed.result;
  }

  /** The element, which must have the given universal tag. */
  expectUniversal(el: Asn1 | undefined, tagNumber: number, what: string): Asn1 {
    if (!isUniversal(el, tagNumber)) {
      throw this.fail(what, `expected ${TAG_NAMES[tagNumber] ?? `universal tag ${tagNumber}`}, found ${describeTag(el)}`);
    }
    return el!;
  }

  /** Children of a constructed element (SEQUENCE, SET, or a constructed [n]). */
  children(el: Asn1, what: string): Asn1[] {
    const value = (el.valueBlock as { value?: unknown }).value;
    if (!el.idBlock.isConstructed || !Array.isArray(value)) throw this.fail(what, 'expected a constructed element');
    return value as Asn1[];
  }

  /** Children of a SEQUENCE, at least `minItems` of them. */
  sequence(el: Asn1 | undefined, what: string, minItems = 0): Asn1[] {
    const items = this.children(this.expectUniversal(el, Tag.sequence, what), what);
    if (items.length < minItems) throw this.fail(what, `expected at least ${minItems} elements, found ${items.length}`);
    return items;
  }

  /** The single element inside an EXPLICIT [n] wrapper. */
  explicitInner(el: Asn1, what: string): Asn1 {
    const inner = this.children(el, what);
    if (inner.length !== 1) throw this.fail(what, 'expected one element inside the explicit tag');
    return inner[0];
  }

  /** Content octets of a primitive element (OCTET STRING, INTEGER, implicit primitives). */
  primitiveContent(el: Asn1 | undefined, what: string): Buffer {
    if (!el || el.idBlock.isConstructed) throw this.fail(what, 'expected a primitive element');
    return Buffer.from((el.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView);
  }

  /** OCTET STRING contents; DER, so a constructed (BER) OCTET STRING is refused. */
  octetString(el: Asn1 | undefined, what: string): Buffer {
    this.expectUniversal(el, Tag.octetString, what);
    if (el!.idBlock.isConstructed) throw this.fail(what, 'constructed OCTET STRING is not DER');
    return this.primitiveContent(el, what);
  }

  /** Contents of an OCTET STRING, constructed (BER) or primitive; also of a primitive [n] IMPLICIT one. */
  octetStringBer(el: Asn1 | undefined, what: string): Buffer {
    if (isUniversal(el, Tag.octetString)) return Buffer.from((el as asn1js.OctetString).getValue());
    if (el && el.idBlock.tagClass === CONTEXT && !el.idBlock.isConstructed) return this.primitiveContent(el, what);
    throw this.fail(what, `expected an OCTET STRING, found ${describeTag(el)}`);
  }

  /** BIT STRING contents without the unused-bits octet (asn1js keeps that count apart). */
  bitString(el: Asn1 | undefined, what: string): Buffer {
    this.expectUniversal(el, Tag.bitString, what);
    if (el!.idBlock.isConstructed) throw this.fail(what, 'constructed BIT STRING is not DER');
    return this.primitiveContent(el, what);
  }

  /** INTEGER content octets, exactly as encoded (a serial number compared byte for byte). */
  integerContent(el: Asn1 | undefined, what: string): Buffer {
    return this.primitiveContent(this.expectUniversal(el, Tag.integer, what), what);
  }

  integer(el: Asn1 | undefined, what: string): bigint {
    return (this.expectUniversal(el, Tag.integer, what) as asn1js.Integer).toBigInt();
  }

  /** An INTEGER (or, with tagNumber 10, an ENUMERATED) of at most four octets. */
  smallInteger(el: Asn1 | undefined, what: string, tagNumber: number = Tag.integer): number {
    const content = this.primitiveContent(this.expectUniversal(el, tagNumber, what), what);
    if (content.length === 0 || content.length > 4) throw this.fail(what, 'integer out of range');
    return content.readIntBE(0, content.length);
  }

  oid(el: Asn1 | undefined, what: string): string {
    return (this.expectUniversal(el, Tag.oid, what) as asn1js.ObjectIdentifier).getValue();
  }

  /** A GeneralizedTime (OCSP uses it throughout, RFC 6960 §4.2.1). */
  generalizedTime(el: Asn1 | undefined, what: string): Date {
    const date = (this.expectUniversal(el, Tag.generalizedTime, what) as asn1js.GeneralizedTime).toDate();
    if (Number.isNaN(date.getTime())) throw this.fail(what, 'invalid GeneralizedTime');
    return date;
  }

  /** RFC 5652 Time: a UTCTime or a GeneralizedTime. */
  time(el: Asn1 | undefined, what: string): Date {
    if (isUniversal(el, Tag.utcTime)) return (el as asn1js.UTCTime).toDate();
    if (isUniversal(el, Tag.generalizedTime)) return (el as asn1js.GeneralizedTime).toDate();
    throw this.fail(what, `expected a UTCTime or a GeneralizedTime, found ${describeTag(el)}`);
  }

  algorithmIdentifier(el: Asn1 | undefined, what: string): AlgorithmIdentifier {
    const items = this.sequence(el, what, 1);
    return { oid: this.oid(items[0], what), parameters: items[1] ? encoding(items[1]) : undefined, der: encoding(el!) };
  }
}
