import * as asn1js from 'asn1js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  algorithmIdentifier,
  cmsTime,
  enumerated,
  generalizedTime,
  generalizedTimeSeconds,
  integer,
  namedBitString,
  nullValue,
  objectIdentifier,
  octetString,
  sequence,
  setOf,
  tlv,
} from './der-writer.js';

const asn1jsDer = (v: asn1js.AsnType) => Buffer.from(v.toBER(false));

describe('DER writer', () => {
  it("encodes INTEGERs as asn1js does (minimal two's complement)", () => {
    for (const v of [0n, 1n, 127n, 128n, 255n, 256n, -1n, -128n, -129n, 2n ** 64n, -(2n ** 63n)]) {
      expect(integer(v).toString('hex')).toBe(asn1jsDer(asn1js.Integer.fromBigInt(v)).toString('hex'));
    }
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }), (v) => {
        expect(integer(v).equals(asn1jsDer(asn1js.Integer.fromBigInt(v)))).toBe(true);
      }),
    );
  });

  it('encodes OIDs as asn1js does, and refuses malformed ones', () => {
    for (const o of ['1.2.840.113549.1.9.16.1.4', '2.16.840.1.101.3.4.2.3', '1.3.14.3.2.26', '2.999.1', '1.2.3.4.1', '0.9.2342.19200300.100.1.25']) {
      expect(objectIdentifier(o).toString('hex')).toBe(asn1jsDer(new asn1js.ObjectIdentifier({ value: o })).toString('hex'));
    }
    expect(() => objectIdentifier('1')).toThrow(RangeError);
    expect(() => objectIdentifier('1.2.-3')).toThrow(RangeError);
  });

  it('encodes lengths in short and long form', () => {
    for (const n of [0, 1, 127, 128, 255, 256, 70_000]) {
      const el = octetString(Buffer.alloc(n, 7));
      expect(el.equals(asn1jsDer(new asn1js.OctetString({ valueHex: Buffer.alloc(n, 7) }))), `length ${n}`).toBe(true);
    }
  });

  it('sorts SET OF by encoding (X.690 §11.6), SEQUENCE keeps the order', () => {
    const a = octetString(Buffer.from([2]));
    const b = tlv(0x02, Buffer.from([1]));
    expect(setOf(a, b).equals(tlv(0x31, b, a))).toBe(true);
    expect(sequence(a, b).equals(tlv(0x30, a, b))).toBe(true);
    expect(sequence(a, b).equals(tlv(0x30, b, a))).toBe(false);
  });

  it('writes AlgorithmIdentifier with and without an explicit NULL (CertID depends on it)', () => {
    expect(algorithmIdentifier('1.3.14.3.2.26', nullValue()).toString('hex')).toBe('300906052b0e03021a0500');
    expect(algorithmIdentifier('1.3.14.3.2.26').toString('hex')).toBe('300706052b0e03021a');
  });

  it('writes GeneralizedTime without trailing fraction zeros, UTCTime before 2050', () => {
    expect(generalizedTime(new Date('2024-12-05T13:16:35.000Z')).subarray(2).toString()).toBe('20241205131635Z');
    expect(generalizedTime(new Date('2024-12-05T13:16:35.120Z')).subarray(2).toString()).toBe('20241205131635.12Z');
    expect(cmsTime(new Date('2024-12-05T13:16:35.999Z')).subarray(2).toString()).toBe('241205131635Z');
    expect(cmsTime(new Date('2051-01-01T00:00:00Z'))[0]).toBe(0x18);
  });

  it('writes whole-second GeneralizedTime for OCSP and refuses an invalid date', () => {
    expect(generalizedTimeSeconds(new Date('2024-07-09T07:36:55.987Z')).subarray(2).toString()).toBe('20240709073655Z');
    expect(() => generalizedTimeSeconds(new Date('not a date'))).toThrow(RangeError);
  });

  it('writes ENUMERATED, refusing negative values', () => {
    expect(enumerated(0).toString('hex')).toBe('0a0100');
    expect(enumerated(200).toString('hex')).toBe('0a0200c8');
    expect(() => enumerated(-1)).toThrow(RangeError);
  });

  it('writes named bit strings without trailing zero bits', () => {
    expect(namedBitString([0]).toString('hex')).toBe('03020780');
    expect(namedBitString([25]).toString('hex')).toBe('0305060000 0040'.replace(/ /g, ''));
    expect(namedBitString([]).toString('hex')).toBe('030100');
  });
});
