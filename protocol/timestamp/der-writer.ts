// Minimal DER writer for the builders: raw TLVs so that parts taken byte-exact from a certificate
// (issuer Name) can be embedded without a decode/re-encode round trip.
import { derLength, derSetOf } from './asn1.js';

export function tlv(tag: number, ...contents: Uint8Array[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

export const seq = (...parts: Uint8Array[]): Buffer => tlv(0x30, ...parts);
export const setOf = (...parts: Uint8Array[]): Buffer => derSetOf(parts);
export const octets = (b: Uint8Array): Buffer => tlv(0x04, b);
export const nullValue = (): Buffer => Buffer.from([0x05, 0x00]);
export const bool = (v: boolean): Buffer => Buffer.from([0x01, 0x01, v ? 0xff : 0x00]);
/** [n] EXPLICIT (constructed) context tag. */
export const explicit = (n: number, ...parts: Uint8Array[]): Buffer => tlv(0xa0 | n, ...parts);
/** [n] IMPLICIT over a primitive value. */
export const implicitPrimitive = (n: number, contents: Uint8Array): Buffer => tlv(0x80 | n, contents);

// OIDs and INTEGERs are encoded here rather than through asn1js: a TSA signs every token with
// a dozen of them and asn1js's generic encoder was most of the per-token cost (perf/tsa.bench.ts).
const oidCache = new Map<string, Buffer>();

export function oid(value: string): Buffer {
  let enc = oidCache.get(value);
  if (!enc) {
    const arcs = value.split('.').map((a) => BigInt(a));
    if (arcs.length < 2 || arcs.some((a) => a < 0n)) throw new RangeError(`bad OID ${value}`);
    const sub = [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)];
    const bytes: number[] = [];
    for (const arc of sub) {
      const group: number[] = [Number(arc & 0x7fn)];
      for (let v = arc >> 7n; v > 0n; v >>= 7n) group.unshift(Number(v & 0x7fn) | 0x80);
      bytes.push(...group);
    }
    enc = tlv(0x06, Buffer.from(bytes));
    oidCache.set(value, enc);
  }
  return enc;
}

/** INTEGER in minimal two's complement. */
export function int(value: bigint | number): Buffer {
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

export function utf8(value: string): Buffer {
  return tlv(0x0c, Buffer.from(value, 'utf8'));
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** GeneralizedTime `YYYYMMDDHHMMSS[.f*]Z`, fraction without trailing zeros (RFC 3161 §2.4.2). */
export function generalizedTime(d: Date): Buffer {
  let s = `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  if (ms) s += '.' + pad(ms, 3).replace(/0+$/, '');
  return tlv(0x18, Buffer.from(s + 'Z', 'latin1'));
}

/** RFC 5652 §11.3 Time: UTCTime for 1950..2049, GeneralizedTime otherwise; whole seconds. */
export function cmsTime(d: Date): Buffer {
  const y = d.getUTCFullYear();
  const whole = new Date(Math.floor(d.getTime() / 1000) * 1000);
  if (y < 1950 || y > 2049) return generalizedTime(whole);
  const s = `${pad(y % 100)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(s, 'latin1'));
}

/** A DER named-bit BIT STRING with the given bit positions set (trailing zero bits dropped). */
export function namedBits(bits: number[]): Buffer {
  if (bits.length === 0) return Buffer.from([0x03, 0x01, 0x00]);
  const top = Math.max(...bits);
  const bytes = Buffer.alloc((top >> 3) + 1);
  for (const b of bits) bytes[b >> 3]! |= 0x80 >> (b & 7);
  return tlv(0x03, Buffer.from([7 - (top & 7)]), bytes);
}
