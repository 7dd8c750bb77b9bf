// Small typed accessors over asn1js, so the token/response readers state structure instead of
// poking at asn1js internals. Every failure names the element that was wrong.
import * as asn1js from 'asn1js';

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
  utf8String: 12,
  sequence: 16,
  set: 17,
  utcTime: 23,
  generalizedTime: 24,
} as const;

/**
 * Decodes one BER/DER element that must fill `bytes` exactly. Embedded parsing is off: an OCTET
 * STRING stays opaque bytes (a TSTInfo is decoded on purpose, not by accident).
 */
export function decodeAsn1(bytes: Uint8Array, what: string): asn1js.AsnType {
  if (bytes.length === 0) throw new Asn1StructureError(`${what}: empty input`);
  const result = asn1js.fromBER(bytes, { parseEmbedded: false });
  if (result.offset === -1 || result.result.error) {
    throw new Asn1StructureError(`${what}: not valid BER (${result.result.error || 'decoding failed'})`);
  }
  if (result.offset !== bytes.length) {
    throw new Asn1StructureError(`${what}: ${bytes.length - result.offset} trailing bytes after the element`);
  }
  return result.result;
}

function describe(block: asn1js.AsnType): string {
  const id = block.idBlock;
  const cls = ['', 'universal', 'application', 'context', 'private'][id.tagClass] ?? '?';
  return `${cls} tag ${id.tagNumber}`;
}

export function isUniversal(block: asn1js.AsnType | undefined, tag: number): boolean {
  return !!block && block.idBlock.tagClass === 1 && block.idBlock.tagNumber === tag;
}

export function isContext(block: asn1js.AsnType | undefined, tag: number): boolean {
  return !!block && block.idBlock.tagClass === 3 && block.idBlock.tagNumber === tag;
}

export function expectUniversal(block: asn1js.AsnType | undefined, tag: number, what: string): asn1js.AsnType {
  if (!block) throw new Asn1StructureError(`${what}: missing`);
  if (!isUniversal(block, tag)) throw new Asn1StructureError(`${what}: expected universal tag ${tag}, found ${describe(block)}`);
  return block;
}

/** Children of a constructed element (SEQUENCE, SET, [n] constructed). */
export function childrenOf(block: asn1js.AsnType, what: string): asn1js.AsnType[] {
  if (!block.idBlock.isConstructed) throw new Asn1StructureError(`${what}: expected a constructed element`);
  return (block.valueBlock as unknown as { value: asn1js.AsnType[] }).value;
}

export function sequenceChildren(block: asn1js.AsnType | undefined, what: string): asn1js.AsnType[] {
  return childrenOf(expectUniversal(block, Tag.sequence, what), what);
}

export function oidOf(block: asn1js.AsnType | undefined, what: string): string {
  const b = expectUniversal(block, Tag.oid, what) as asn1js.ObjectIdentifier;
  return b.getValue();
}

export function integerOf(block: asn1js.AsnType | undefined, what: string): bigint {
  const b = expectUniversal(block, Tag.integer, what) as asn1js.Integer;
  return b.toBigInt();
}

/** Contents of an OCTET STRING, constructed (BER) or primitive; also of a primitive [n] IMPLICIT one. */
export function octetsOf(block: asn1js.AsnType | undefined, what: string): Buffer {
  if (!block) throw new Asn1StructureError(`${what}: missing`);
  if (isUniversal(block, Tag.octetString)) return Buffer.from((block as asn1js.OctetString).getValue());
  if (block.idBlock.tagClass === 3 && !block.idBlock.isConstructed) {
    return Buffer.from((block.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView);
  }
  throw new Asn1StructureError(`${what}: expected an OCTET STRING, found ${describe(block)}`);
}

/** The element's own encoding, byte-exact as received (tag, length and contents). */
export function encodingOf(block: asn1js.AsnType): Buffer {
  return Buffer.from(block.valueBeforeDecodeView);
}

/** Parsed time of a UTCTime or GeneralizedTime element. */
export function timeOf(block: asn1js.AsnType | undefined, what: string): Date {
  if (isUniversal(block, Tag.utcTime)) return (block as asn1js.UTCTime).toDate();
  if (isUniversal(block, Tag.generalizedTime)) return (block as asn1js.GeneralizedTime).toDate();
  throw new Asn1StructureError(`${what}: expected UTCTime or GeneralizedTime`);
}

/** X.690 §11.6: DER orders SET OF by the encodings, shorter ones padded with zero octets. */
export function compareDerForSet(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

/** DER length octets for `len`. */
export function derLength(len: number): Buffer {
  if (len < 0x80) return Buffer.from([len]);
  const bytes: number[] = [];
  for (let v = len; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** A DER SET OF over already-encoded elements, sorted as DER requires. */
export function derSetOf(elements: Uint8Array[]): Buffer {
  const body = Buffer.concat([...elements].sort(compareDerForSet));
  return Buffer.concat([Buffer.from([0x31]), derLength(body.length), body]);
}

export function toDer(block: asn1js.AsnType): Buffer {
  return Buffer.from(block.toBER(false));
}
