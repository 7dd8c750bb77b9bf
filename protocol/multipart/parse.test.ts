import { describe, expect, it } from 'vitest';
import { readVector, describeWithVectors } from '../test-support/vectors.js';
import { parseMultipart } from './parse.js';
import { parseHeaderBlock } from './part-headers.js';

const crlf = (s: string) => Buffer.from(s.replace(/\n/g, '\r\n'), 'latin1');

describe('parseMultipart (whole buffer)', () => {
  it('returns exact part bodies for a CRLF message, ignoring preamble and epilogue', () => {
    const msg = crlf('preamble line\n--B\nContent-Type: text/plain\nX-Extra: 1\n\nhello\nworld\n--B\nContent-Type: application/octet-stream\n\n\x00\x01\n\n--B--\nepilogue --B\n');
    const mp = parseMultipart(msg, 'multipart/mixed; boundary=B');
    expect(mp.parts).toHaveLength(2);
    expect(mp.parts[0]!.body.toString('latin1')).toBe('hello\r\nworld');
    expect(mp.parts[0]!.headers.get('CONTENT-type')).toBe('text/plain');
    expect(mp.parts[0]!.headers.get('x-extra')).toBe('1');
    // The CRLF before the delimiter is the delimiter's; the CRLF before it is body.
    expect(mp.parts[1]!.body).toEqual(Buffer.from('\x00\x01\r\n', 'latin1'));
    expect(mp.parts[1]!.mediaType).toBe('application/octet-stream');
  });

  it('accepts LF-only framing (as in X-Road test messages) and a delimiter at offset 0', () => {
    const mp = parseMultipart(Buffer.from('--B\nContent-Type: text/xml\n\n<a/>\n--B--'), 'B');
    expect(mp.parts[0]!.body.toString()).toBe('<a/>');
  });

  it('does not treat a line that only starts with the boundary as a delimiter', () => {
    const mp = parseMultipart(crlf('--B\n\n--Bx is content\n--B \t\nA: 1\n\nz\n--B--'), 'B');
    expect(mp.parts).toHaveLength(2);
    expect(mp.parts[0]!.body.toString()).toBe('--Bx is content');
    expect(mp.parts[1]!.headers.get('a')).toBe('1'); // transport padding after boundary is allowed
  });

  it('handles empty header blocks and empty bodies, including a delimiter right after the blank line', () => {
    const mp = parseMultipart(crlf('--B\n\nbody\n--B\nA: 1\n\n--B\nA: 2\n\n\n--B--\n'), 'B');
    expect(mp.parts.map((p) => p.body.toString())).toEqual(['body', '', '']);
    expect(mp.parts[0]!.headers.fields).toHaveLength(0);
    expect(mp.parts[2]!.headers.get('a')).toBe('2');
  });

  it('folds continuation header lines and keeps the raw lines', () => {
    const h = parseHeaderBlock(crlf('Content-Type: multipart/mixed;\n\tboundary=x\nX-A: 1'));
    expect(h.get('content-type')).toBe('multipart/mixed; boundary=x');
    expect(h.fields[0]!.raw).toBe('Content-Type: multipart/mixed;\r\n\tboundary=x\r');
    expect(h.raw.toString()).toBe('Content-Type: multipart/mixed;\r\n\tboundary=x\r\nX-A: 1');
  });

  it('parses nested multiparts when asked', () => {
    const inner = crlf('--in\nContent-Type: text/plain\n\nblaah\n--in--\n');
    const outer = Buffer.concat([crlf('--out\nContent-Type: text/xml\n\n<x/>\n--out\nContent-Type: multipart/mixed; boundary=in\n\n'), inner, crlf('\n--out--\n')]);
    const mp = parseMultipart(outer, 'multipart/mixed; boundary=out', { nested: true });
    expect(mp.parts[1]!.body).toEqual(inner);
    expect(mp.parts[1]!.nested!.parts[0]!.body.toString()).toBe('blaah');
    expect(parseMultipart(outer, 'multipart/mixed; boundary=out').parts[1]!.nested).toBeUndefined();
  });

  describe('broken multiparts fail with mime_parsing_failed naming the defect', () => {
    it.each([
      ['missing closing delimiter', crlf('--B\nA: 1\n\nbody\n'), 'B', 'missing closing delimiter'],
      ['truncated after a delimiter', crlf('--B\nA: 1\n\nbody\n--B'), 'B', 'missing closing delimiter'],
      ['no opening delimiter', crlf('just text\n'), 'B', 'no opening delimiter'],
      ['no delimiter at line start', crlf('x--B\nA: 1\n\nz\n--B--'), 'B', 'no parts'],
      ['only a closing delimiter', crlf('--B--\n'), 'B', 'no parts'],
      ['header block not terminated', crlf('--B\nA: 1\n'), 'B', 'header block not terminated'],
      ['header line without colon', crlf('--B\n<xml/>\n\nz\n--B--'), 'B', 'malformed header line'],
      ['Content-Type without boundary', crlf('--B\n\nz\n--B--'), 'multipart/mixed', 'no boundary parameter'],
      ['Content-Type not multipart', crlf('--B\n\nz\n--B--'), 'text/xml; boundary=B', 'is not multipart'],
      ['garbage Content-Type', crlf('--B\n\nz\n--B--'), 'a/b; x', 'cannot parse multipart Content-Type'],
    ])('%s', (_name, body, ct, message) => {
      expect(() => parseMultipart(body, ct)).toThrow(expect.objectContaining({ code: 'mime_parsing_failed', message: expect.stringContaining(message) }));
    });
    it('oversized header block', () => {
      const body = crlf(`--B\nA: ${'x'.repeat(2000)}\n\nz\n--B--`);
      expect(() => parseMultipart(body, 'B', { maxHeaderBytes: 1000 })).toThrow(expect.objectContaining({ code: 'mime_parsing_failed', message: expect.stringContaining('header block larger') }));
      expect(parseMultipart(body, 'B').parts).toHaveLength(1);
    });
    it('too many parts', () => {
      const body = crlf('--B\n\na\n--B\n\nb\n--B\n\nc\n--B--');
      expect(() => parseMultipart(body, 'B', { maxParts: 2 })).toThrow(expect.objectContaining({ code: 'mime_parsing_failed', message: expect.stringContaining('more than 2 parts') }));
      expect(parseMultipart(body, 'B', { maxParts: 3 }).parts).toHaveLength(3);
    });
  });
});

describeWithVectors('parseMultipart on X-Road transport messages', () => {
  it('splits attachment.request into SOAP, nested attachments and signature', () => {
    const mp = parseMultipart(readVector('messages', 'proxy-transport', 'attachment.request'), 'multipart/mixed; charset=UTF-8; boundary=xtop569125687hcu8vfma', { nested: true });
    expect(mp.parts.map((p) => p.mediaType)).toEqual(['text/xml', 'multipart/mixed', 'signature/bdoc-1.0/ts']);
    expect(mp.parts[0]!.body.toString().endsWith('</SOAP-ENV:Envelope>')).toBe(true);
    const att = mp.parts[1]!.nested!;
    expect(att.parts).toHaveLength(1);
    expect(att.parts[0]!.body.toString()).toBe('blaah');
  });
});
