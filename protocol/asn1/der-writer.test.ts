import * as asn1js from 'asn1js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cmsTime, generalizedTime, int, namedBits, oid } from './der-writer.js';

describe('DER writer', () => {
  it('encodes INTEGERs as asn1js does (minimal two\'s complement)', () => {
    for (const v of [0n, 1n, 127n, 128n, 255n, 256n, -1n, -128n, -129n, 2n ** 64n, -(2n ** 63n)]) {
      expect(int(v).toString('hex')).toBe(Buffer.from(asn1js.Integer.fromBigInt(v).toBER(false)).toString('hex'));
    }
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }), (v) => {
        expect(int(v).equals(Buffer.from(asn1js.Integer.fromBigInt(v).toBER(false)))).toBe(true);
      }),
    );
  });

  it('encodes OIDs as asn1js does', () => {
    for (const o of ['1.2.840.113549.1.9.16.1.4', '2.16.840.1.101.3.4.2.3', '1.3.14.3.2.26', '2.999.1', '1.2.3.4.1', '0.9.2342.19200300.100.1.25']) {
      expect(oid(o).toString('hex')).toBe(Buffer.from(new asn1js.ObjectIdentifier({ value: o }).toBER(false)).toString('hex'));
    }
    expect(() => oid('1')).toThrow(RangeError);
  });

  it('writes GeneralizedTime without trailing fraction zeros, UTCTime before 2050', () => {
    expect(generalizedTime(new Date('2024-12-05T13:16:35.000Z')).subarray(2).toString()).toBe('20241205131635Z');
    expect(generalizedTime(new Date('2024-12-05T13:16:35.120Z')).subarray(2).toString()).toBe('20241205131635.12Z');
    expect(cmsTime(new Date('2024-12-05T13:16:35.999Z')).subarray(2).toString()).toBe('241205131635Z');
    expect(cmsTime(new Date('2051-01-01T00:00:00Z'))[0]).toBe(0x18);
  });

  it('writes named bit strings without trailing zero bits', () => {
    expect(namedBits([0]).toString('hex')).toBe('03020780');
    expect(namedBits([25]).toString('hex')).toBe('0305060000 0040'.replace(/ /g, ''));
    expect(namedBits([]).toString('hex')).toBe('030100');
  });
});
