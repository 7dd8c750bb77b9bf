import { describe, expect, it } from 'vitest';
import { DerReader } from './der-reader.js';
import * as w from './der-writer.js';
import { attributeValueString, attributeValueText, canonicalAttributeValue, formatName, rdnSequencesEqualAnyOrder, rdnSequencesEqualInOrder } from './x500-name.js';

const reader = new DerReader();
const same = (x: string, y: string) => canonicalAttributeValue(x) === canonicalAttributeValue(y);

describe('X.500 name rules shared by OCSP and RFC 3161', () => {
  it('reads string values as text and anything else as #hex', () => {
    expect(attributeValueText(reader.decode(w.utf8String('Test TSA'), 'v'))).toBe('Test TSA');
    expect(attributeValueText(reader.decode(w.tlv(0x13, Buffer.from('EE')), 'v'))).toBe('EE');
    expect(attributeValueText(reader.decode(w.integer(5), 'v'))).toBe('#020105');
    // A string type number under a non-universal class is not a string.
    expect(attributeValueText(reader.decode(w.tlv(0x8c, Buffer.from('x')), 'v'))).toBe('#8c0178');
  });

  it('attributeValueString: text only for the string types asked for', () => {
    const general = reader.decode(w.tlv(0x1b, Buffer.from('gs')), 'v'); // GeneralString
    expect(attributeValueString(general)).toBeUndefined();
    expect(attributeValueString(general, new Set([27]))).toBe('gs');
    expect(attributeValueString(reader.decode(w.utf8String('u'), 'v'), new Set([27]))).toBeUndefined();
    expect(attributeValueString(reader.decode(w.integer(5), 'v'), new Set([2]))).toBeUndefined();
  });

  it('compares values case-insensitively with whitespace collapsed', () => {
    expect(canonicalAttributeValue('  Test   OCSP ')).toBe('test ocsp');
    expect(same('Test\tOrg', 'test org')).toBe(true);
    expect(same('Test Org', 'Test Org2')).toBe(false);
  });

  it('matches RDNs in any order or in order, each RDN and attribute used once', () => {
    const a = [['C=EE'], ['O=X'], ['CN=y']];
    const reversed = [['CN=y'], ['O=X'], ['C=EE']];
    expect(rdnSequencesEqualAnyOrder(a, reversed, same)).toBe(true);
    expect(rdnSequencesEqualInOrder(a, reversed, same)).toBe(false);
    expect(rdnSequencesEqualInOrder(a, [['c=ee'], ['o=x'], ['cn=Y']], same)).toBe(true);
    expect(rdnSequencesEqualAnyOrder([['O=X'], ['O=X']], [['O=X'], ['CN=y']], same)).toBe(false);
    expect(rdnSequencesEqualAnyOrder([['O=X', 'CN=y']], [['CN=y', 'O=X']], same)).toBe(true);
    expect(rdnSequencesEqualAnyOrder([['O=X', 'O=X']], [['O=X', 'CN=y']], same)).toBe(false);
    expect(rdnSequencesEqualAnyOrder(a, a.slice(1), same)).toBe(false);
  });

  it('formats in encoding order with short names and the caller\'s emailAddress label', () => {
    const rdns = [[{ oid: '2.5.4.10', value: 'Test' }], [{ oid: '2.5.4.3', value: 'TSA' }, { oid: '1.2.840.113549.1.9.1', value: 'a@b' }], [{ oid: '1.2.3', value: '#0500' }]];
    expect(formatName(rdns, 'E')).toBe('O=Test, CN=TSA+E=a@b, 1.2.3=#0500');
    expect(formatName(rdns, 'emailAddress')).toBe('O=Test, CN=TSA+emailAddress=a@b, 1.2.3=#0500');
  });
});
