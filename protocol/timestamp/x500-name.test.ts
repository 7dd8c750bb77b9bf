import { describe, expect, it } from 'vitest';
import { asn1 } from './asn1.js';
import { objectIdentifier as oid, sequence as seq, tlv } from '../asn1/der-writer.js';
import { formatX500Name, readX500Name, x500NamesEqual } from './x500-name.js';

const atv = (o: string, v: string, tag = 0x0c) => tlv(0x31, seq(oid(o), tlv(tag, Buffer.from(v, 'utf8'))));
const name = (...rdns: Buffer[]) => readX500Name(asn1.decode(seq(...rdns), 'name'), 'name');
const O = '2.5.4.10';
const CN = '2.5.4.3';

describe('X.500 name comparison (BouncyCastle X500Name.equals, used for the token SID)', () => {
  it('formats in encoding order', () => {
    expect(formatX500Name(name(atv(O, 'Test'), atv(CN, 'Test TSA')))).toBe('O=Test, CN=Test TSA');
  });
  it('matches equal names, reversed RDN order, other string types, case and spacing', () => {
    const a = name(atv(O, 'Test'), atv(CN, 'Test TSA'));
    expect(x500NamesEqual(a, name(atv(O, 'Test'), atv(CN, 'Test TSA')))).toBe(true);
    expect(x500NamesEqual(a, name(atv(CN, 'Test TSA'), atv(O, 'Test')))).toBe(true);
    expect(x500NamesEqual(a, name(atv(O, 'test', 0x13), atv(CN, '  test   tsa ')))).toBe(true);
  });
  it('tells different names apart', () => {
    const a = name(atv(O, 'Test'), atv(CN, 'Test TSA'));
    expect(x500NamesEqual(a, name(atv(O, 'Test'), atv(CN, 'Test CA')))).toBe(false);
    expect(x500NamesEqual(a, name(atv(O, 'Test')))).toBe(false);
    expect(x500NamesEqual(a, name(atv(O, 'Test'), atv(O, 'Test TSA')))).toBe(false);
    expect(x500NamesEqual(name(atv(O, 'a'), atv(O, 'a')), name(atv(O, 'a'), atv(O, 'b')))).toBe(false);
  });
});
