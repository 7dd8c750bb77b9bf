// X.500 Name comparison the way X-Road's OCSP verifier does it.
// ResponderID byName is matched with BouncyCastle's X500Name.equals, which accepts the RDNs in any
// order (CATALOG §1 "OCSP acceptance": ee-sign-0-ocsp0.der names its responder in reversed order);
// "issued by the CA" is decided with Java's X500Principal.equals, which keeps the order. Both
// compare attribute values case-insensitively with whitespace collapsed.
import * as asn1js from 'asn1js';
import { encoding, isUniversal, type Asn1 } from '../asn1/der-reader.js';
import { asn1, OcspParseError } from './der-reader.js';

export interface AttributeTypeAndValue {
  type: string;
  /** Canonical comparison form: lowercased, trimmed, inner whitespace collapsed (hex for non-strings). */
  canonical: string;
}

export type Rdn = AttributeTypeAndValue[];

// Universal tags of the ASN.1 string types a DirectoryString or IA5String attribute may use.
const STRING_TAGS = new Set([12, 18, 19, 20, 22, 26, 28, 30]);

function canonicalValue(value: Asn1): string {
  if (STRING_TAGS.has(value.idBlock.tagNumber) && value.idBlock.tagClass === 1) {
    const text = (value as unknown as { valueBlock: { value: string } }).valueBlock.value ?? '';
    return text.toLowerCase().trim().replace(/\s+/g, ' ');
  }
  return '#' + encoding(value).toString('hex');
}

/** Parses a DER Name (SEQUENCE OF RelativeDistinguishedName) into comparable RDNs. */
export function parseName(der: Uint8Array): Rdn[] {
  return nameFromAsn1(asn1.decode(der, 'Name'));
}

export function nameFromAsn1(el: Asn1): Rdn[] {
  if (!isUniversal(el, 16)) throw new OcspParseError('Name', 'expected a SEQUENCE');
  return asn1.children(el, 'Name').map((rdn) => {
    if (!isUniversal(rdn, 17)) throw new OcspParseError('Name', 'expected a SET (RelativeDistinguishedName)');
    return asn1.children(rdn, 'Name').map((atv) => {
      const parts = asn1.children(atv, 'Name');
      if (parts.length !== 2) throw new OcspParseError('Name', 'AttributeTypeAndValue needs a type and a value');
      return { type: asn1.oid(parts[0], 'Name attribute type'), canonical: canonicalValue(parts[1]) };
    });
  });
}

function rdnEqual(a: Rdn, b: Rdn): boolean {
  if (a.length !== b.length) return false;
  // Multi-valued RDNs are sets: every AVA of one must appear in the other.
  const remaining = [...b];
  for (const ava of a) {
    const i = remaining.findIndex((o) => o.type === ava.type && o.canonical === ava.canonical);
    if (i < 0) return false;
    remaining.splice(i, 1);
  }
  return true;
}

/** BouncyCastle X500Name.equals: same RDNs, each matched once, order not significant. */
export function namesEqualAnyOrder(a: Rdn[], b: Rdn[]): boolean {
  if (a.length !== b.length) return false;
  const remaining: Array<Rdn | null> = [...b];
  for (const rdn of a) {
    const i = remaining.findIndex((o) => o !== null && rdnEqual(rdn, o));
    if (i < 0) return false;
    remaining[i] = null;
  }
  return true;
}

/** Java X500Principal.equals: same RDNs in the same order. */
export function namesEqualInOrder(a: Rdn[], b: Rdn[]): boolean {
  return a.length === b.length && a.every((rdn, i) => rdnEqual(rdn, b[i]));
}

/** Readable RFC 4514-like form for messages (most specific RDN last, as written in the DER). */
export function nameToString(der: Uint8Array): string {
  try {
    const el = asn1.decode(der, 'Name');
    return asn1.children(el, 'Name')
      .map((rdn) =>
        asn1.children(rdn, 'Name')
          .map((atv) => {
            const [t, v] = asn1.children(atv, 'Name');
            const text = STRING_TAGS.has(v.idBlock.tagNumber) ? (v as asn1js.Utf8String).valueBlock.value : '#' + encoding(v).toString('hex');
            return `${SHORT_NAMES[asn1.oid(t, 'Name')] ?? asn1.oid(t, 'Name')}=${text}`;
          })
          .join('+'),
      )
      .join(', ');
  } catch {
    return Buffer.from(der).toString('hex');
  }
}

const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.15': 'businessCategory',
  '1.2.840.113549.1.9.1': 'emailAddress',
};
