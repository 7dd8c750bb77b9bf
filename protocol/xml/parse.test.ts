import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { faultCodesEqual } from '../faults/index.js';
import { codeOf } from '../test-support/fault-code.js';
import { describeWithVectors, readVector } from '../test-support/vectors.js';
import { decodeBase64, getElementById } from './dom.js';
import { parseXml } from './parse.js';

describe('parseXml', () => {
  it('parses namespaces and keeps XML 1.0 line-end rules (U+2028 stays, CR LF becomes LF)', () => {
    const doc = parseXml(Buffer.from('<a xmlns="urn:x">1\r\n2\u2028</a>', 'utf8'));
    expect(doc.documentElement!.namespaceURI).toBe('urn:x');
    expect(doc.documentElement!.textContent).toBe('1\n2\u2028');
  });

  it('honours the BOM and the encoding declaration', () => {
    expect(parseXml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>ä</a>')])).documentElement!.textContent).toBe('ä');
    expect(parseXml(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>\xe4</a>', 'latin1')).documentElement!.textContent).toBe('ä');
    expect(parseXml(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>ü</a>', 'utf16le')])).documentElement!.textContent).toBe('ü');
  });

  it.each([
    ['empty input', ''],
    ['declaration only', '<?xml version="1.0" encoding="UTF-8"?>'],
    ['mismatched tags', '<a><b></a>'],
    ['trailing content', '<a/>junk'],
    ['undeclared prefix', '<p:a/>'],
    ['duplicate attribute', '<a b="1" b="2"/>'],
    ['a DOCTYPE', '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'],
    ['invalid UTF-8', Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e])],
    ['an end tag with junk after its name', '<a></a b>'],
    ['an end tag with an invalid name', '<a></1a>'],
    ['the same end-tag error twice (memoised grammar)', '<a><b></b></a c>'],
  ])('rejects %s with invalid_xml', (_name, input) => {
    expect(faultCodesEqual(codeOf(() => parseXml(input)), 'invalid_xml')).toBe(true);
  });
});

describe('xmldom grammar.reg memo', () => {
  const grammar = createRequire(import.meta.url)('@xmldom/xmldom/lib/grammar.js') as {
    reg: (...p: Array<RegExp | string>) => RegExp; QName_group: RegExp; S_OPT: RegExp;
  };

  it('returns one RegExp per argument list, with the same source and flags as a fresh one', () => {
    const a = grammar.reg('^', grammar.QName_group, grammar.S_OPT, '$');
    expect(grammar.reg('^', grammar.QName_group, grammar.S_OPT, '$')).toBe(a);
    expect(grammar.reg('^', grammar.QName_group)).not.toBe(a);
    const fresh = new RegExp(['^', grammar.QName_group.source, grammar.S_OPT.source, '$'].join(''), 'u');
    expect([a.source, a.flags]).toEqual([fresh.source, fresh.flags]);
    expect(a.global || a.sticky).toBe(false);
  });

  it('keeps the misuse check of an unbound call', () => {
    const unbound = grammar.reg;
    expect(() => unbound('a', '|', 'b')).toThrow(/regg/);
  });

  it('parses many end tags the same before and after the memo warmed up', () => {
    const xml = '<r>' + Array.from({ length: 50 }, (_, i) => `<p:e${i} xmlns:p="urn:p">t</p:e${i} >`).join('') + '</r>';
    const first = parseXml(xml).documentElement!;
    const again = parseXml(xml).documentElement!;
    expect(again.childNodes.length).toBe(50);
    expect(again.toString()).toBe(first.toString());
  });
});

describe('dom helpers', () => {
  it('finds elements by unqualified Id, with or without #', () => {
    const doc = parseXml('<r><a Id="x"/><b Id="y"/><c xml:Id="z"/></r>');
    expect(getElementById(doc, '#y')!.nodeName).toBe('b');
    expect(getElementById(doc, 'x')!.nodeName).toBe('a');
    expect(getElementById(doc, 'z')).toBeUndefined();
  });

  it('decodes base64 with Java line breaks and rejects junk', () => {
    expect(decodeBase64('AQID&#13;'.replace('&#13;', '\r\n') + 'BA==', 'v')).toEqual(Buffer.from([1, 2, 3, 4]));
    expect(codeOf(() => decodeBase64('AQ*D', 'v'))).toBe('malformed_signature');
    expect(codeOf(() => decodeBase64('A', 'v', 'malformed_hash_chain'))).toBe('malformed_hash_chain');
  });
});

describeWithVectors('parseXml on X-Road vectors', () => {
  it('rejects empty.xml and sign-0-malformed-xml.xml with invalid_xml', () => {
    expect(codeOf(() => parseXml(readVector('signatures/globalconf-impl/empty.xml')))).toBe('invalid_xml');
    expect(codeOf(() => parseXml(readVector('signatures/globalconf-impl/sign-0-malformed-xml.xml')))).toBe('invalid_xml');
    expect(parseXml(readVector('signatures/common-test/sign-0.xml')).documentElement!.localName).toBe('XAdESSignatures');
  });
});
