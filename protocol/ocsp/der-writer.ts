// A minimal DER writer. OCSP needs some parts copied byte for byte (the request's CertID is echoed
// verbatim, corrections.md §3 "OCSP responder"; a certificate's subject Name and DER go in as they
// are), which asn1js cannot embed inside a constructed value. Each function returns finished TLV
// bytes, so raw DER from elsewhere can be passed wherever an element is expected.

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV with a single-byte identifier (every tag OCSP uses is below 31). */
export function tlv(tag: number, ...contents: Uint8Array[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

export const sequence = (...items: Uint8Array[]): Buffer => tlv(0x30, ...items);
export const set = (...items: Uint8Array[]): Buffer => tlv(0x31, ...items);
export const octetString = (value: Uint8Array): Buffer => tlv(0x04, value);
export const derNull = (): Buffer => Buffer.from([0x05, 0x00]);

/** [n] EXPLICIT: constructed context-specific wrapper around finished elements. */
export const explicit = (n: number, ...items: Uint8Array[]): Buffer => tlv(0xa0 | n, ...items);

/** [n] IMPLICIT over a primitive type: the contents with a context-specific primitive tag. */
export const implicitPrimitive = (n: number, contents: Uint8Array): Buffer => tlv(0x80 | n, contents);

/** [n] IMPLICIT over a constructed type (SEQUENCE): the contents of the sequence, retagged. */
export const implicitConstructed = (n: number, ...items: Uint8Array[]): Buffer => tlv(0xa0 | n, ...items);

export function bitString(value: Uint8Array, unusedBits = 0): Buffer {
  return tlv(0x03, Buffer.from([unusedBits]), value);
}

/** INTEGER from a non-negative bigint (minimal two's-complement, as DER requires). */
export function integer(value: bigint | number): Buffer {
  let v = BigInt(value);
  if (v < 0n) throw new RangeError('negative INTEGER values are not needed for OCSP');
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (v > 0n);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

/** INTEGER whose content octets are given as they are (a certificate's serial number). */
export const integerFromContent = (content: Uint8Array): Buffer => tlv(0x02, content);

export const enumerated = (value: number): Buffer => tlv(0x0a, integer(value).subarray(2));

export function objectIdentifier(oid: string): Buffer {
  const arcs = oid.split('.').map((a) => BigInt(a));
  if (arcs.length < 2) throw new RangeError(`bad OID ${oid}`);
  const out: number[] = [];
  const pushArc = (arc: bigint) => {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (let a = arc >> 7n; a > 0n; a >>= 7n) chunk.unshift(Number(a & 0x7fn) | 0x80);
    out.push(...chunk);
  };
  pushArc(arcs[0] * 40n + arcs[1]);
  for (const arc of arcs.slice(2)) pushArc(arc);
  return tlv(0x06, Buffer.from(out));
}

/** GeneralizedTime in the DER form RFC 6960 §4.2.2.1 and RFC 5280 §4.1.2.5.2 ask for: whole seconds, Z. */
export function generalizedTime(date: Date): Buffer {
  const iso = new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString(); // 2024-07-09T07:36:55.000Z
  const text = iso.slice(0, 19).replace(/[-T:]/g, '') + 'Z';
  return tlv(0x18, Buffer.from(text, 'ascii'));
}

export function algorithmIdentifier(oid: string, parameters?: Uint8Array | null): Buffer {
  return parameters ? sequence(objectIdentifier(oid), parameters) : sequence(objectIdentifier(oid));
}
