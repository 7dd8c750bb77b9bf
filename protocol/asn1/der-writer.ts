// A minimal DER writer. Every function returns finished TLV bytes, so parts that must stay
// byte-exact can be passed wherever an element is expected, without a decode/re-encode round trip
// through asn1js (which cannot embed raw DER inside a constructed value): an OCSP responder echoes
// the request's CertID verbatim (corrections.md §3 "OCSP responder"), and a certificate's subject
// or issuer Name goes into OCSP ResponderIDs and time-stamp tokens as it is.
// OIDs and INTEGERs are encoded here rather than through asn1js: a TSA signs every token with a
// dozen of them and asn1js's generic encoder was most of the per-token cost (perf/tsa.bench.ts).

/** DER length octets (X.690 §8.1.3: short form below 128, else minimal long form). */
export function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV with a single-byte identifier (every tag OCSP, CMS and RFC 3161 use is below 31). */
export function tlv(tag: number, ...contents: Uint8Array[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

export const sequence = (...items: Uint8Array[]): Buffer => tlv(0x30, ...items);

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

/** A SET OF over finished elements, sorted as DER requires (CMS signs the sorted signed attributes). */
export function setOf(...elements: Uint8Array[]): Buffer {
  return tlv(0x31, ...[...elements].sort(compareDerForSet));
}

export const octetString = (value: Uint8Array): Buffer => tlv(0x04, value);
export const nullValue = (): Buffer => Buffer.from([0x05, 0x00]);
export const boolean = (value: boolean): Buffer => Buffer.from([0x01, 0x01, value ? 0xff : 0x00]);
export const utf8String = (value: string): Buffer => tlv(0x0c, Buffer.from(value, 'utf8'));

/** [n] EXPLICIT: constructed context-specific wrapper around finished elements. */
export const explicit = (n: number, ...items: Uint8Array[]): Buffer => tlv(0xa0 | n, ...items);

/** [n] IMPLICIT over a primitive type: the contents with a context-specific primitive tag. */
export const implicitPrimitive = (n: number, contents: Uint8Array): Buffer => tlv(0x80 | n, contents);

/** [n] IMPLICIT over a constructed type (SEQUENCE): the contents of the sequence, retagged. */
export const implicitConstructed = (n: number, ...items: Uint8Array[]): Buffer => tlv(0xa0 | n, ...items);

export function bitString(value: Uint8Array, unusedBits = 0): Buffer {
  return tlv(0x03, Buffer.from([unusedBits]), value);
}

/** A named-bit BIT STRING with the given bit positions set; DER drops trailing zero bits (X.690 §11.2.2). */
export function namedBitString(bits: number[]): Buffer {
  if (bits.length === 0) return Buffer.from([0x03, 0x01, 0x00]);
  const top = Math.max(...bits);
  const bytes = Buffer.alloc((top >> 3) + 1);
  for (const b of bits) bytes[b >> 3]! |= 0x80 >> (b & 7);
  return tlv(0x03, Buffer.from([7 - (top & 7)]), bytes);
}

/** INTEGER in minimal two's complement, as DER requires. */
export function integer(value: bigint | number): Buffer {
  let v = BigInt(value);
  const bytes: number[] = [];
  if (v >= 0n) {
    do {
      bytes.unshift(Number(v & 0xffn));
      v >>= 8n;
    } while (v > 0n);
    if (bytes[0]! & 0x80) bytes.unshift(0);
  } else {
    do {
      bytes.unshift(Number(v & 0xffn));
      v >>= 8n;
    } while (v < -1n);
    if (!(bytes[0]! & 0x80)) bytes.unshift(0xff);
  }
  return tlv(0x02, Buffer.from(bytes));
}

/** INTEGER whose content octets are given as they are (a certificate's serial number). */
export const integerFromContent = (content: Uint8Array): Buffer => tlv(0x02, content);

/** ENUMERATED. The ones we write (OCSPResponseStatus, CRLReason) are never negative: a negative value is a caller's bug. */
export function enumerated(value: number): Buffer {
  if (value < 0) throw new RangeError(`negative ENUMERATED value ${value}`);
  return tlv(0x0a, integer(value).subarray(2));
}

// A TSA or an OCSP responder writes the same few OIDs over and over.
const oidCache = new Map<string, Buffer>();

/** OBJECT IDENTIFIER from dotted text. The returned buffer is shared: do not modify it. */
export function objectIdentifier(oid: string): Buffer {
  let enc = oidCache.get(oid);
  if (!enc) {
    const arcs = oid.split('.').map((a) => BigInt(a));
    if (arcs.length < 2 || arcs.some((a) => a < 0n)) throw new RangeError(`bad OID ${oid}`);
    const sub = [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)];
    const bytes: number[] = [];
    for (const arc of sub) {
      const group: number[] = [Number(arc & 0x7fn)];
      for (let v = arc >> 7n; v > 0n; v >>= 7n) group.unshift(Number(v & 0x7fn) | 0x80);
      bytes.push(...group);
    }
    enc = tlv(0x06, Buffer.from(bytes));
    oidCache.set(oid, enc);
  }
  return enc;
}

/** AlgorithmIdentifier; pass nullValue() for an explicit NULL, which CertID comparison depends on (OCSP-001). */
export function algorithmIdentifier(oid: string, parameters?: Uint8Array | null): Buffer {
  return parameters ? sequence(objectIdentifier(oid), parameters) : sequence(objectIdentifier(oid));
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const wholeSeconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

/** GeneralizedTime `YYYYMMDDHHMMSS[.f*]Z`, the fraction without trailing zeros (RFC 3161 §2.4.2). */
export function generalizedTime(d: Date): Buffer {
  let s = `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  if (ms) s += '.' + pad(ms, 3).replace(/0+$/, '');
  return tlv(0x18, Buffer.from(s + 'Z', 'latin1'));
}

/**
 * GeneralizedTime in whole seconds, the form RFC 6960 §4.2.2.1 and RFC 5280 §4.1.2.5.2 ask for.
 * Refuses an invalid Date (a response with an unreadable time would be a builder bug, not a fault).
 */
export function generalizedTimeSeconds(d: Date): Buffer {
  if (Number.isNaN(d.getTime())) throw new RangeError('Invalid time value');
  return generalizedTime(wholeSeconds(d));
}

/** RFC 5652 §11.3 Time: UTCTime for 1950..2049, GeneralizedTime otherwise; whole seconds. */
export function cmsTime(d: Date): Buffer {
  const y = d.getUTCFullYear();
  const whole = wholeSeconds(d);
  if (y < 1950 || y > 2049) return generalizedTime(whole);
  const s = `${pad(y % 100)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(s, 'latin1'));
}
