// X.500 Names as a time-stamp verifier needs them: read from DER, shown as text, and compared the
// way BouncyCastle's X500Name.equals does (X-Road matches the token's SID with it): equal
// encodings match at once; otherwise every RDN must find an unused equal RDN in the other name
// (so RDN order does not matter) and values compare case-insensitively with spaces collapsed.
import type * as asn1js from 'asn1js';
import { Asn1StructureError, encoding, isUniversal, Tag } from '../asn1/der-reader.js';
import { asn1 } from './asn1.js';

export interface AttributeTypeAndValue {
  oid: string;
  /** The value as text for string types; `#<hex of DER>` otherwise (RFC 4514 form). */
  value: string;
}

export interface X500Name {
  rdns: AttributeTypeAndValue[][];
  der: Buffer;
}

const STRING_TAGS = new Set([12, 18, 19, 20, 22, 26, 28, 30]);

const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.15': 'businessCategory',
  '1.2.840.113549.1.9.1': 'E',
};

export function readX500Name(block: asn1js.AsnType | undefined, what: string): X500Name {
  const seq = asn1.expectUniversal(block, Tag.sequence, what);
  const rdns = asn1.children(seq, what).map((set, i) => {
    if (!isUniversal(set, Tag.set)) throw new Asn1StructureError(`${what}: RDN ${i} is not a SET`);
    return asn1.children(set, `${what} RDN ${i}`).map((atv) => {
      const [type, value] = asn1.children(asn1.expectUniversal(atv, Tag.sequence, `${what} RDN ${i}`), `${what} RDN ${i}`);
      if (!value) throw new Asn1StructureError(`${what}: RDN ${i} has no value`);
      return { oid: asn1.oid(type, `${what} RDN ${i} type`), value: valueToString(value) };
    });
  });
  return { rdns, der: encoding(seq) };
}

function valueToString(block: asn1js.AsnType): string {
  if (block.idBlock.tagClass === 1 && STRING_TAGS.has(block.idBlock.tagNumber)) {
    const v = (block.valueBlock as unknown as { value?: unknown }).value;
    if (typeof v === 'string') return v;
  }
  return '#' + encoding(block).toString('hex');
}

/** `O=Test, CN=Test TSA` (in encoding order, as OpenSSL prints it). */
export function formatX500Name(name: X500Name): string {
  return name.rdns
    .map((rdn) => rdn.map((atv) => `${SHORT_NAMES[atv.oid] ?? atv.oid}=${atv.value}`).join('+'))
    .join(', ');
}

function canonicalValue(value: string): string {
  return value.trim().toLowerCase().replace(/\s+/g, ' ');
}

function rdnEqual(a: AttributeTypeAndValue[], b: AttributeTypeAndValue[]): boolean {
  if (a.length !== b.length) return false;
  const used = new Set<number>();
  return a.every((x) => {
    const j = b.findIndex((y, k) => !used.has(k) && y.oid === x.oid && canonicalValue(y.value) === canonicalValue(x.value));
    if (j < 0) return false;
    used.add(j);
    return true;
  });
}

export function x500NamesEqual(a: X500Name, b: X500Name): boolean {
  if (a.der.equals(b.der)) return true;
  if (a.rdns.length !== b.rdns.length) return false;
  const used = new Set<number>();
  return a.rdns.every((rdn) => {
    const j = b.rdns.findIndex((other, k) => !used.has(k) && rdnEqual(rdn, other));
    if (j < 0) return false;
    used.add(j);
    return true;
  });
}
