// X.500 Names as a time-stamp verifier needs them: read from DER, shown as text, and compared the
// way BouncyCastle's X500Name.equals does (X-Road matches the token's SID with it; the rules are in
// protocol/asn1/x500-name.ts): equal encodings match at once, otherwise RDN order does not matter.
import type * as asn1js from 'asn1js';
import { Asn1StructureError, encoding, isUniversal, Tag } from '../asn1/der-reader.js';
import { attributeValueText, canonicalAttributeValue, formatName, rdnSequencesEqualAnyOrder } from '../asn1/x500-name.js';
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

export function readX500Name(block: asn1js.AsnType | undefined, what: string): X500Name {
  const seq = asn1.expectUniversal(block, Tag.sequence, what);
  const rdns = asn1.children(seq, what).map((set, i) => {
    if (!isUniversal(set, Tag.set)) throw new Asn1StructureError(`${what}: RDN ${i} is not a SET`);
    return asn1.children(set, `${what} RDN ${i}`).map((atv) => {
      const [type, value] = asn1.children(asn1.expectUniversal(atv, Tag.sequence, `${what} RDN ${i}`), `${what} RDN ${i}`);
      if (!value) throw new Asn1StructureError(`${what}: RDN ${i} has no value`);
      return { oid: asn1.oid(type, `${what} RDN ${i} type`), value: attributeValueText(value) };
    });
  });
  return { rdns, der: encoding(seq) };
}

/** `O=Test, CN=Test TSA` (in encoding order, as OpenSSL prints it). */
export function formatX500Name(name: X500Name): string {
  return formatName(name.rdns, 'E');
}

const sameAttribute = (x: AttributeTypeAndValue, y: AttributeTypeAndValue) =>
  x.oid === y.oid && canonicalAttributeValue(x.value) === canonicalAttributeValue(y.value);

export function x500NamesEqual(a: X500Name, b: X500Name): boolean {
  return a.der.equals(b.der) || rdnSequencesEqualAnyOrder(a.rdns, b.rdns, sameAttribute);
}
