import { describe, expect, it } from 'vitest';
import { parseContentType } from '../mime/content-type.js';
import { parseMultipart } from './parse.js';
import { MultipartWriter, randomBoundary } from './writer.js';

async function drain(it: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of it) out.push(c);
  return Buffer.concat(out);
}

describe('MultipartWriter', () => {
  it('writes the RFC 2046 layout with CRLF line breaks', () => {
    const w = new MultipartWriter({ boundary: 'B', params: { charset: 'UTF-8' } })
      .add('<a/>', { 'Content-Type': 'text/xml' })
      .add(Buffer.from([0, 1]), [['Content-Type', 'application/octet-stream'], ['X-Two', '2']]);
    expect(w.contentType).toBe('multipart/mixed; charset=UTF-8; boundary=B');
    expect(w.toBuffer().toString('latin1')).toBe(
      '--B\r\nContent-Type: text/xml\r\n\r\n<a/>\r\n--B\r\nContent-Type: application/octet-stream\r\nX-Two: 2\r\n\r\n\x00\x01\r\n--B--\r\n',
    );
  });

  it('streams the same bytes as toBuffer, nested writers included, and round-trips through the parser', async () => {
    const inner = new MultipartWriter({ boundaryPrefix: 'xatt' }).add('att', { 'Content-Type': 'text/plain' });
    async function* streamed() {
      yield Buffer.from('part-');
      yield Buffer.from('two');
    }
    const w = new MultipartWriter({ mediaType: 'multipart/related', boundaryPrefix: 'xtop', params: { type: 'text/xml' } })
      .add('<soap/>', { 'Content-Type': 'text/xml' })
      .add(inner);
    const fromBuffer = w.toBuffer();
    expect(await drain(w.stream())).toEqual(fromBuffer);
    const mp = parseMultipart(fromBuffer, w.contentType, { nested: true });
    expect(mp.parts[1]!.headers.get('content-type')).toBe(inner.contentType);
    expect(mp.parts[1]!.nested!.parts[0]!.body.toString()).toBe('att');
    expect(parseContentType(w.contentType).params.get('type')).toBe('text/xml');

    const w2 = new MultipartWriter().add(streamed(), { A: '1' });
    expect(w2.buffered).toBe(false);
    expect(() => w2.toBuffer()).toThrow(expect.objectContaining({ code: 'internal_error' }));
    const bytes = await drain(w2.stream());
    expect(parseMultipart(bytes, w2.contentType).parts[0]!.body.toString()).toBe('part-two');
  });

  it('chooses random boundaries with the X-Road prefix that do not occur in buffered content', () => {
    const b = randomBoundary(30, 'xtop');
    expect(b).toMatch(/^xtop[A-Za-z0-9]{30}$/);
    expect(randomBoundary()).not.toBe(randomBoundary());
    const w = new MultipartWriter({ boundaryPrefix: 'x', boundaryRandomLength: 1 });
    // With one random character, a body holding every candidate forces the writer to give up
    // rather than emit a colliding boundary.
    const all = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('').map((c) => 'x' + c).join(' ');
    w.add(all, {});
    expect(() => w.boundary).toThrow(expect.objectContaining({ code: 'internal_error', message: expect.stringContaining('collision-free') }));
    const ok = new MultipartWriter({ boundaryPrefix: 'x', boundaryRandomLength: 1 }).add('xA xB', {});
    expect(['xA', 'xB']).not.toContain(ok.boundary);
  });

  it('refuses a fixed boundary that occurs in a body, buffered or streamed across chunks', async () => {
    expect(() => new MultipartWriter({ boundary: 'SEP' }).add('a SEP b', {})).toThrow(expect.objectContaining({ code: 'internal_error' }));
    async function* split() {
      yield Buffer.from('abc S');
      yield Buffer.from('EP def');
    }
    const w = new MultipartWriter({ boundary: 'SEP' }).add(split(), {});
    await expect(drain(w.stream())).rejects.toMatchObject({ code: 'internal_error', message: expect.stringContaining('streamed part 0') });
    async function* clean() {
      yield Buffer.from('abc S');
      yield Buffer.from('E P');
    }
    const w2 = new MultipartWriter({ boundary: 'SEP' }).add(clean(), {});
    expect((await drain(w2.stream())).includes('abc SE P')).toBe(true);
  });

  it('refuses header injection and empty multiparts', () => {
    expect(() => new MultipartWriter().add('x', { 'X-A': 'v\r\nEvil: 1' })).toThrow(expect.objectContaining({ code: 'internal_error' }));
    expect(() => new MultipartWriter().add('x', { 'Bad Name': 'v' })).toThrow(expect.objectContaining({ code: 'internal_error' }));
    expect(() => new MultipartWriter().toBuffer()).toThrow(expect.objectContaining({ message: expect.stringContaining('at least one part') }));
  });
});
