import { describe, expect, it } from 'vitest';
import { charsetOf, formatContentType, mediaTypeOf, parseContentType, parseContentTypeLeniently } from './content-type.js';

describe('Content-Type parameters (RFC 2045 §5.1)', () => {
  it('reads X-Road MTOM parameters, quoted and bare, names case-insensitive', () => {
    const ct = parseContentType(
      'Multipart/Related; TYPE="application/xop+xml"; charset=UTF-8; start="<rootpart@x>"; start-info="text/xml"; Boundary=xtop123',
    );
    expect(ct.mediaType).toBe('multipart/related');
    expect(ct.params.get('type')).toBe('application/xop+xml');
    expect(ct.params.get('charset')).toBe('UTF-8');
    expect(ct.params.get('start')).toBe('<rootpart@x>');
    expect(ct.params.get('start-info')).toBe('text/xml');
    expect(ct.params.get('boundary')).toBe('xtop123');
  });
  it('unescapes quoted-pairs and keeps ";" inside quotes', () => {
    const ct = parseContentType('text/plain; name="a \\"b\\"; c"; x=1');
    expect(ct.params.get('name')).toBe('a "b"; c');
    expect(ct.params.get('x')).toBe('1');
  });
  it('keeps the first of repeated parameters (a smuggled second boundary is ignored)', () => {
    expect(parseContentType('multipart/mixed; boundary=a; boundary=b').params.get('boundary')).toBe('a');
  });
  it('tolerates a trailing semicolon', () => {
    expect(parseContentType('text/xml; charset=utf-8;').params.get('charset')).toBe('utf-8');
  });
  it.each([
    ['tsdfsdfsdf', 'no valid type/subtype'],
    ['text/', 'no valid type/subtype'],
    ['text/xml; charset', 'has no "="'],
    ['text/xml; name="abc', 'unterminated quoted value'],
    ['text/xml; name="abc"x', 'text after quoted value'],
    ['text/xml; na me=1', 'bad parameter name'],
  ])('refuses %s with invalid_content_type', (value, message) => {
    expect(() => parseContentType(value)).toThrow(expect.objectContaining({ code: 'invalid_content_type', message: expect.stringContaining(message) }));
  });
  it('mediaTypeOf is lenient and lowercases', () => {
    expect(mediaTypeOf('Text/XML; charset=x')).toBe('text/xml');
    expect(mediaTypeOf('signature/bdoc-1.0/ts')).toBe('signature/bdoc-1.0/ts');
    expect(mediaTypeOf('garbage')).toBeUndefined();
    expect(mediaTypeOf('a b/c')).toBeUndefined();
    expect(mediaTypeOf(undefined)).toBeUndefined();
  });
  it('formats and quotes non-token values, round-tripping through the parser', () => {
    const s = formatContentType('multipart/related', { type: 'application/xop+xml', charset: 'UTF-8', boundary: 'abc', skip: undefined });
    expect(s).toBe('multipart/related; type="application/xop+xml"; charset=UTF-8; boundary=abc');
    expect(parseContentType(s).params.get('type')).toBe('application/xop+xml');
  });
});

describe('Content-Type read leniently (plain SOAP, MESS-002/MESS-017)', () => {
  const params = (v: string) => Object.fromEntries(parseContentTypeLeniently(v).params);

  it('reads what the strict reader reads from a well-formed value', () => {
    const v = 'Multipart/Related; TYPE="application/xop+xml"; charset=UTF-8; start="<r;x>"; Boundary=xtop123';
    const strict = parseContentType(v);
    const lenient = parseContentTypeLeniently(v);
    expect(lenient.mediaType).toBe(strict.mediaType);
    expect([...lenient.params]).toEqual([...strict.params]);
  });

  it('never refuses: defects are skipped or kept as written', () => {
    expect(parseContentTypeLeniently('tsdfsdfsdf').mediaType).toBe('tsdfsdfsdf');
    expect(params('text/xml; charset; =x; a=1')).toEqual({ a: '1' });
    expect(params('text/xml; name="abc"x; b=2')).toEqual({ name: '"abc"x', b: '2' });
    // A quote opens a quoted section wherever it stands, so the ';' inside does not split.
    expect(params('text/xml; x=a"b; c"; y=1')).toEqual({ x: 'a"b; c"', y: '1' });
    expect(parseContentType('text/xml; x=a"b; y=1').params.get('y')).toBe('1');
    expect(() => parseContentType('text/xml; name="abc"x')).toThrow(expect.objectContaining({ code: 'invalid_content_type' }));
  });

  it('charsetOf: the charset parameter, trimmed; undefined when absent or blank', () => {
    expect(charsetOf('text/xml; CHARSET="iso-8859-1"')).toBe('iso-8859-1');
    expect(charsetOf('text/xml; charset=  ')).toBeUndefined();
    expect(charsetOf('text/xml')).toBeUndefined();
    expect(charsetOf(undefined)).toBeUndefined();
    expect(charsetOf('text/xml; charset="utf-8')).toBe('"utf-8');
  });
});
