import { describe, expect, it } from 'vitest';
import * as w from '../asn1/der-writer.js';
import { namesEqualAnyOrder, namesEqualInOrder, nameToString, parseName } from './x500-name.js';

const utf8 = (s: string) => w.tlv(0x0c, Buffer.from(s, 'utf8'));
const printable = (s: string) => w.tlv(0x13, Buffer.from(s, 'ascii'));
const rdn = (oid: string, value: Buffer) => w.setOf(w.sequence(w.objectIdentifier(oid), value));
const name = (...rdns: Buffer[]) => parseName(w.sequence(...rdns));
const C = '2.5.4.6';
const O = '2.5.4.10';
const CN = '2.5.4.3';

describe('X.500 name comparison (CATALOG §1 OCSP acceptance)', () => {
  it('any-order matching accepts reversed RDNs; in-order matching does not', () => {
    const a = name(rdn(C, printable('EE')), rdn(O, utf8('Cybernetica')), rdn(CN, utf8('consumer')));
    const b = name(rdn(CN, utf8('consumer')), rdn(O, utf8('Cybernetica')), rdn(C, printable('EE')));
    expect(namesEqualAnyOrder(a, b)).toBe(true);
    expect(namesEqualInOrder(a, b)).toBe(false);
    expect(namesEqualInOrder(a, a)).toBe(true);
  });

  it('ignores case, surrounding and repeated whitespace, and the string type', () => {
    const a = name(rdn(O, utf8('Test  Org ')), rdn(CN, utf8('Test OCSP')));
    const b = name(rdn(O, printable('test org')), rdn(CN, printable('TEST OCSP')));
    expect(namesEqualInOrder(a, b)).toBe(true);
  });

  it('different values, attribute types or RDN counts are different names', () => {
    const base = name(rdn(O, utf8('Test')), rdn(CN, utf8('Test OCSP')));
    expect(namesEqualAnyOrder(base, name(rdn(O, utf8('Test')), rdn(CN, utf8('Test CA'))))).toBe(false);
    expect(namesEqualAnyOrder(base, name(rdn(O, utf8('Test')), rdn('2.5.4.11', utf8('Test OCSP'))))).toBe(false);
    expect(namesEqualAnyOrder(base, name(rdn(O, utf8('Test')), rdn(CN, utf8('Test OCSP')), rdn(CN, utf8('Test OCSP'))))).toBe(false);
    // Each RDN is matched once: {O, O} is not {O, CN}.
    expect(namesEqualAnyOrder(name(rdn(O, utf8('Test')), rdn(O, utf8('Test'))), name(rdn(O, utf8('Test')), rdn(CN, utf8('Test'))))).toBe(false);
  });

  it('prints names for messages', () => {
    expect(nameToString(w.sequence(rdn(O, utf8('Test')), rdn(CN, utf8('Test OCSP'))))).toBe('O=Test, CN=Test OCSP');
  });
});
