// X.500 Names compared the way X-Road compares them. BouncyCastle's X500Name.equals matches
// RDNs in any order (OCSP ResponderID byName, CATALOG §1 "OCSP acceptance": ee-sign-0-ocsp0.der
// names its responder in reversed order; a time-stamp token's SID issuer); Java's
// X500Principal.equals keeps the order ("issued by the CA"). Both compare attribute values
// case-insensitively with surrounding whitespace dropped and inner whitespace collapsed.
// Reading a Name stays with each protocol module: they answer malformed Names differently.
import { encoding, type Asn1 } from './der-reader.js';

// Universal tags of the ASN.1 string types a DirectoryString or IA5String attribute may use.
const STRING_TAGS = new Set([12, 18, 19, 20, 22, 26, 28, 30]);

/**
 * The value's text when it has one of the universal string types `tags` (default: those a
 * DirectoryString or IA5String may use), otherwise undefined.
 */
export function attributeValueString(value: Asn1, tags: ReadonlySet<number> = STRING_TAGS): string | undefined {
  if (value.idBlock.tagClass !== 1 || !tags.has(value.idBlock.tagNumber)) return undefined;
  const v = (value.valueBlock as unknown as { value?: unknown }).value;
  return typeof v === 'string' ? v : undefined;
}

/** The value as text for string types; `#<hex of DER>` otherwise (RFC 4514 §2.4). */
export function attributeValueText(value: Asn1): string {
  return attributeValueString(value) ?? '#' + encoding(value).toString('hex');
}

/** The form two attribute values are compared in: lowercased, trimmed, inner whitespace collapsed. */
export function canonicalAttributeValue(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Every item of `a` pairs with a distinct equal item of `b` (multiset equality: each is matched once). */
function sameMembers<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  const used = new Set<number>();
  return a.every((x) => {
    const j = b.findIndex((y, k) => !used.has(k) && same(x, y));
    if (j < 0) return false;
    used.add(j);
    return true;
  });
}

/** Multi-valued RDNs are sets: same attributes, each matched once. */
function rdnsEqual<A>(a: readonly A[], b: readonly A[], sameAttribute: (x: A, y: A) => boolean): boolean {
  return sameMembers(a, b, sameAttribute);
}

/** BouncyCastle X500Name.equals: same RDNs, each matched once, order not significant. */
export function rdnSequencesEqualAnyOrder<A>(a: readonly (readonly A[])[], b: readonly (readonly A[])[], sameAttribute: (x: A, y: A) => boolean): boolean {
  return sameMembers(a, b, (x, y) => rdnsEqual(x, y, sameAttribute));
}

/** Java X500Principal.equals: same RDNs in the same order. */
export function rdnSequencesEqualInOrder<A>(a: readonly (readonly A[])[], b: readonly (readonly A[])[], sameAttribute: (x: A, y: A) => boolean): boolean {
  return a.length === b.length && a.every((rdn, i) => rdnsEqual(rdn, b[i]!, sameAttribute));
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
};
const EMAIL_ADDRESS = '1.2.840.113549.1.9.1';

export interface NameAttributeText {
  oid: string;
  /** attributeValueText() of the value. */
  value: string;
}

/**
 * `O=Test, CN=Test TSA`: RFC 4514-like, in encoding order (most specific RDN last), as OpenSSL
 * prints it; for messages only. `emailAddressLabel` is what pkcs-9 emailAddress is shown as.
 */
export function formatName(rdns: readonly (readonly NameAttributeText[])[], emailAddressLabel: string): string {
  const label = (oid: string) => (oid === EMAIL_ADDRESS ? emailAddressLabel : (SHORT_NAMES[oid] ?? oid));
  return rdns.map((rdn) => rdn.map((atv) => `${label(atv.oid)}=${atv.value}`).join('+')).join(', ');
}
