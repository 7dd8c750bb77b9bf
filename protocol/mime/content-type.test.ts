import { describe, expect, it } from 'vitest';
import {
  charsetOf,
  formatContentType,
  mediaTypeOf,
  multipartBoundaryVerbatim,
  parseContentType,
  parseContentTypeLeniently,
  parseHeaderFieldVerbatim,
} from './content-type.js';

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

describe('header fields read verbatim (signed configuration directory, GCONF-003)', () => {
  it('keeps the case of the value and of parameter names (hash-algorithm-id is compared case-sensitively)', () => {
    const f = parseHeaderFieldVerbatim(' Ab+c/D== ; hash-algorithm-id="http://www.w3.org/2001/04/xmlenc#sha512"; Instance=\'EE\'');
    expect(f.value).toBe('Ab+c/D==');
    expect(f.params.get('hash-algorithm-id')).toBe('http://www.w3.org/2001/04/xmlenc#sha512');
    expect(f.params.get('Instance')).toBe("'EE'");
    expect(f.params.get('instance')).toBeUndefined();
    // The lenient Content-Type reading lowercases both, which would let a wrongly cased name pass.
    expect(parseContentTypeLeniently('Ab; Instance=x').params.get('instance')).toBe('x');
  });

  it('takes a backslash as an ordinary character, inside quotes too', () => {
    const f = parseHeaderFieldVerbatim('x; a="p\\"; b=1; c="q\\r"');
    expect(Object.fromEntries(f.params)).toEqual({ a: 'p\\', b: '1', c: 'q\\r' });
    // Read leniently, the backslash escapes the closing quote and swallows the next parameter.
    expect(parseContentTypeLeniently('x; a="p\\"; b=1').params.get('b')).toBeUndefined();
  });

  it('skips pieces without a name or "=", keeps the first of repeated names', () => {
    expect(Object.fromEntries(parseHeaderFieldVerbatim('x; =1; flag; a=1; a=2; A=3').params)).toEqual({ a: '1', A: '3' });
  });

  it('multipartBoundaryVerbatim: the first non-empty boundary in any case, only for multipart', () => {
    expect(multipartBoundaryVerbatim('Multipart/Related; charset=UTF-8; Boundary="jetty-1;x"')).toBe('jetty-1;x');
    expect(multipartBoundaryVerbatim('multipart/mixed; boundary=""; BOUNDARY=b2')).toBe('b2');
    expect(multipartBoundaryVerbatim('text/plain; boundary=b')).toBeUndefined();
    expect(multipartBoundaryVerbatim('multipart/mixed; charset=x')).toBeUndefined();
    expect(multipartBoundaryVerbatim('multipart/mixed; boundary=')).toBeUndefined();
    expect(multipartBoundaryVerbatim(undefined)).toBeUndefined();
  });
});
