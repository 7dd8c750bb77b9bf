import { describe, expect, it } from 'vitest';
import { Asn1StructureError, DerReader, describeTag, encoding, isContext, isUniversal, Tag } from './der-reader.js';
import * as w from './der-writer.js';

class CustomError extends Error {}
const reader = new DerReader();
const strictly = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('did not throw');
};

describe('DER reader', () => {
  const cert = w.sequence(w.integer(5), w.algorithmIdentifier('1.2.840.113549.1.1.11', w.nullValue()), w.explicit(3, w.octetString(Buffer.from('ab'))));

  it('reads elements and keeps their encodings byte-exact', () => {
    const items = reader.sequence(reader.decode(cert, 'x'), 'x', 3);
    expect(reader.integer(items[0], 'serial')).toBe(5n);
    expect(reader.integerContent(items[0], 'serial').toString('hex')).toBe('05');
    expect(reader.smallInteger(items[0], 'serial')).toBe(5);
    const alg = reader.algorithmIdentifier(items[1], 'alg');
    expect(alg.oid).toBe('1.2.840.113549.1.1.11');
    expect(alg.parameters!.toString('hex')).toBe('0500');
    expect(alg.der.equals(w.algorithmIdentifier('1.2.840.113549.1.1.11', w.nullValue()))).toBe(true);
    expect(isContext(items[2], 3)).toBe(true);
    expect(reader.octetString(reader.explicitInner(items[2], 'ext'), 'ext').toString()).toBe('ab');
    expect(encoding(items[2]).equals(w.explicit(3, w.octetString(Buffer.from('ab'))))).toBe(true);
  });

  it('names what it found where something else was expected, through the reader\'s own error', () => {
    const custom = new DerReader({ fail: (what, problem) => new CustomError(`${what} / ${problem}`) });
    const e = strictly(() => custom.sequence(custom.decode(w.integer(1), 'top'), 'top'));
    expect(e).toBeInstanceOf(CustomError);
    expect(e.message).toBe('top / expected a SEQUENCE, found universal tag 2');
    expect(strictly(() => reader.oid(undefined, 'algorithm'))).toBeInstanceOf(Asn1StructureError);
    expect(strictly(() => reader.oid(undefined, 'algorithm')).message).toBe('algorithm: expected an OBJECT IDENTIFIER, found nothing');
    expect(strictly(() => reader.sequence(reader.decode(cert, 'x'), 'x', 4)).message).toContain('expected at least 4 elements, found 3');
    expect(describeTag(reader.decode(w.explicit(0, w.nullValue()), 'x'))).toBe('context tag 0');
  });

  it('refuses trailing bytes unless told to allow them', () => {
    const twice = Buffer.concat([w.integer(1), w.integer(2)]);
    expect(strictly(() => reader.decode(twice, 'x')).message).toContain('3 trailing bytes');
    expect(reader.integer(reader.decode(twice, 'x', { allowTrailingBytes: true }), 'x')).toBe(1n);
    expect(strictly(() => reader.decode(Buffer.alloc(0), 'x')).message).toBe('x: empty input');
    expect(strictly(() => reader.decode(Buffer.from([0x30, 0x05, 0x02]), 'x')).message).toContain('not valid BER');
  });

  it('turns asn1js exceptions into its own failure, or lets them through when asked', () => {
    const badTime = w.tlv(0x18, Buffer.from('AB'));
    expect(strictly(() => reader.decode(badTime, 'time'))).toBeInstanceOf(Asn1StructureError);
    const raw = strictly(() => reader.decode(badTime, 'time', { rethrowDecoderExceptions: true }));
    expect(raw).not.toBeInstanceOf(Asn1StructureError);
  });

  it('reads DER OCTET STRINGs strictly and BER ones (constructed, or [n] IMPLICIT) leniently', () => {
    const constructed = Buffer.from('2406040161040162', 'hex'); // BER constructed OCTET STRING "ab"
    const el = reader.decode(constructed, 'x');
    expect(reader.octetStringBer(el, 'x').toString()).toBe('ab');
    expect(strictly(() => reader.octetString(el, 'x')).message).toContain('not DER');
    expect(reader.octetStringBer(reader.decode(w.implicitPrimitive(0, Buffer.from('k')), 'x'), 'x').toString()).toBe('k');
    expect(strictly(() => reader.octetStringBer(reader.decode(w.integer(1), 'x'), 'x')).message).toContain('expected an OCTET STRING');
  });

  it('reads times: GeneralizedTime only, or RFC 5652 Time', () => {
    const gt = reader.decode(w.generalizedTime(new Date('2024-12-05T13:16:35.120Z')), 't');
    const utc = reader.decode(w.cmsTime(new Date('2024-12-05T13:16:35Z')), 't');
    expect(reader.generalizedTime(gt, 't').toISOString()).toBe('2024-12-05T13:16:35.120Z');
    expect(reader.time(utc, 't').toISOString()).toBe('2024-12-05T13:16:35.000Z');
    expect(strictly(() => reader.generalizedTime(utc, 't')).message).toContain('expected a GeneralizedTime, found universal tag 23');
    expect(strictly(() => reader.time(reader.decode(w.integer(1), 't'), 't')).message).toContain('expected a UTCTime or a GeneralizedTime');
  });

  it('bounds small integers and reads bit strings without the unused-bits octet', () => {
    expect(reader.smallInteger(reader.decode(w.enumerated(6), 'e'), 'e', Tag.enumerated)).toBe(6);
    expect(strictly(() => reader.smallInteger(reader.decode(w.integer(2n ** 40n), 'i'), 'i')).message).toContain('out of range');
    expect(strictly(() => reader.smallInteger(reader.decode(w.integer(1), 'e'), 'e', Tag.enumerated)).message).toContain('expected an ENUMERATED');
    expect(reader.bitString(reader.decode(w.bitString(Buffer.from([0xaa])), 'b'), 'b').toString('hex')).toBe('aa');
    expect(isUniversal(reader.decode(w.nullValue(), 'n'), Tag.null)).toBe(true);
  });
});
