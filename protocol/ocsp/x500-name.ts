// X.500 Names as X-Road's OCSP verifier compares them (protocol/asn1/x500-name.ts): ResponderID
// byName with BouncyCastle's X500Name.equals, which accepts the RDNs in any order (CATALOG §1
// "OCSP acceptance": ee-sign-0-ocsp0.der names its responder in reversed order); "issued by the
// CA" with Java's X500Principal.equals, which keeps the order.
import { isUniversal, Tag, type Asn1 } from '../asn1/der-reader.js';
import {
  attributeValueText,
  canonicalAttributeValue,
  formatName,
  rdnSequencesEqualAnyOrder,
  rdnSequencesEqualInOrder,
} from '../asn1/x500-name.js';
import { ContentCache, deepFreeze } from '../asn1/content-cache.js';
import { asn1, OcspParseError } from './der-reader.js';

export interface AttributeTypeAndValue {
  type: string;
  /** Canonical comparison form: lowercased, trimmed, inner whitespace collapsed (hex for non-strings). */
  canonical: string;
}

export type Rdn = AttributeTypeAndValue[];

// ResponderID byName is the same few names on every response: parsed once, shared (frozen).
const parsedNames = new ContentCache<Rdn[]>(512);

/** Parses a DER Name (SEQUENCE OF RelativeDistinguishedName) into comparable RDNs (shared, frozen). */
export function parseName(der: Uint8Array): Rdn[] {
  return parsedNames.forBytes(der, () => deepFreeze(nameFromAsn1(asn1.decode(der, 'Name'))));
}

export function nameFromAsn1(el: Asn1): Rdn[] {
  if (!isUniversal(el, Tag.sequence)) throw new OcspParseError('Name', 'expected a SEQUENCE');
  return asn1.children(el, 'Name').map((rdn) => {
    if (!isUniversal(rdn, Tag.set)) throw new OcspParseError('Name', 'expected a SET (RelativeDistinguishedName)');
    return asn1.children(rdn, 'Name').map((atv) => {
      const parts = asn1.children(atv, 'Name');
      if (parts.length !== 2) throw new OcspParseError('Name', 'AttributeTypeAndValue needs a type and a value');
      return { type: asn1.oid(parts[0], 'Name attribute type'), canonical: canonicalAttributeValue(attributeValueText(parts[1])) };
    });
  });
}

const sameAttribute = (x: AttributeTypeAndValue, y: AttributeTypeAndValue) => x.type === y.type && x.canonical === y.canonical;

/** BouncyCastle X500Name.equals: same RDNs, each matched once, order not significant. */
export function namesEqualAnyOrder(a: Rdn[], b: Rdn[]): boolean {
  return rdnSequencesEqualAnyOrder(a, b, sameAttribute);
}

/** Java X500Principal.equals: same RDNs in the same order. */
export function namesEqualInOrder(a: Rdn[], b: Rdn[]): boolean {
  return rdnSequencesEqualInOrder(a, b, sameAttribute);
}

/** Readable RFC 4514-like form for messages (most specific RDN last, as written in the DER). */
export function nameToString(der: Uint8Array): string {
  try {
    const rdns = asn1.children(asn1.decode(der, 'Name'), 'Name').map((rdn) =>
      asn1.children(rdn, 'Name').map((atv) => {
        const [t, v] = asn1.children(atv, 'Name');
        return { oid: asn1.oid(t, 'Name'), value: attributeValueText(v) };
      }),
    );
    return formatName(rdns, 'emailAddress');
  } catch {
    return Buffer.from(der).toString('hex');
  }
}
