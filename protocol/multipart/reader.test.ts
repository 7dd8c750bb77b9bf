import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMultipart } from './parse.js';
import { readMultipart, type MultipartPart } from './reader.js';
import { MultipartWriter } from './writer.js';

function* chunked(buf: Buffer, sizes: number[]): Generator<Buffer> {
  let pos = 0;
  let i = 0;
  while (pos < buf.length) {
    const n = Math.max(1, sizes[i++ % sizes.length]!);
    yield buf.subarray(pos, pos + n);
    pos += n;
  }
}

async function collectAll(source: Iterable<Buffer> | AsyncIterable<Buffer>, ct: string) {
  const out: { headers: Record<string, string>; body: Buffer }[] = [];
  for await (const part of readMultipart(source, ct)) {
    out.push({ headers: part.headers.toObject(), body: await part.bytes() });
  }
  return out;
}

describe('readMultipart (streaming)', () => {
  it('yields the same bytes as the whole-buffer parser for every chunking (property)', async () => {
    // Content deliberately rich in CR, LF, dashes and boundary prefixes.
    const byteArb = fc.constantFrom(0x0d, 0x0a, 0x2d, 0x42, 0x41, 0x20, 0x00, 0xff);
    const bodyArb = fc.uint8Array({ maxLength: 60 }).chain((u) => fc.array(byteArb, { minLength: u.length, maxLength: u.length }).map((a) => Buffer.from(a)));
    await fc.assert(
      fc.asyncProperty(fc.array(bodyArb, { minLength: 1, maxLength: 4 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }), async (bodies, sizes) => {
        const w = new MultipartWriter({ boundary: 'BA-B' });
        const usable = bodies.filter((b) => !b.includes('BA-B'));
        if (usable.length === 0) return;
        usable.forEach((b, i) => w.add(b, { 'Content-Type': 'application/octet-stream', 'X-I': String(i) }));
        const msg = w.toBuffer();
        const got = await collectAll(chunked(msg, sizes), w.contentType);
        expect(got.map((p) => p.body)).toEqual(usable);
        expect(got.map((p) => p.headers['x-i'])).toEqual(usable.map((_, i) => String(i)));
        expect(parseMultipart(msg, w.contentType).parts.map((p) => p.body)).toEqual(usable);
      }),
      { numRuns: 300 },
    );
  });

  it('reads LF-framed input split at every position', async () => {
    const msg = Buffer.from('pre\n--xyz\nContent-Type: text/plain\n\nline1\r\nline2\n\n--xyz\n\n--xyz--\nepi');
    for (let cut = 1; cut < msg.length; cut++) {
      const got = await collectAll([msg.subarray(0, cut), msg.subarray(cut)], 'multipart/mixed; boundary=xyz');
      expect(got.map((p) => p.body.toString())).toEqual(['line1\r\nline2\n', '']);
    }
  });

  it('hashes while streaming and reports size', async () => {
    const body = Buffer.alloc(300_000, 7);
    const w = new MultipartWriter().add(body, { 'Content-Type': 'application/octet-stream' });
    const src = Readable.from(chunked(w.toBuffer(), [65536]));
    for await (const part of readMultipart(src, w.contentType)) {
      const r = await part.consume({ digests: ['sha512', 'sha256'] });
      expect(r.size).toBe(body.length);
      expect(r.digests.sha512).toEqual(createHash('sha512').update(body).digest());
      expect(r.digests.sha256).toEqual(createHash('sha256').update(body).digest());
      expect(r.bytes).toBeUndefined();
    }
  });

  it('skips bodies the caller does not read and refuses to read a body twice', async () => {
    const w = new MultipartWriter().add('one', { A: '1' }).add('two', { A: '2' });
    const seen: string[] = [];
    for await (const part of readMultipart(chunked(w.toBuffer(), [3]), w.contentType)) {
      if (part.headers.get('a') === '2') {
        seen.push((await part.bytes()).toString());
        await expect(part.bytes()).rejects.toMatchObject({ code: 'internal_error' });
      }
    }
    expect(seen).toEqual(['two']);
  });

  it('enforces a per-part byte limit with io_error', async () => {
    const w = new MultipartWriter().add(Buffer.alloc(1000), {});
    const parts: MultipartPart[] = [];
    await expect(
      (async () => {
        for await (const part of readMultipart([w.toBuffer()], w.contentType)) {
          parts.push(part);
          await part.consume({ maxBytes: 999 });
        }
      })(),
    ).rejects.toMatchObject({ code: 'io_error', message: expect.stringContaining('exceeds 999 bytes') });
    expect(parts).toHaveLength(1);
  });

  it('reports a truncated stream as mime_parsing_failed, a failing source as io_error', async () => {
    const w = new MultipartWriter().add('abc', {});
    const msg = w.toBuffer();
    await expect(collectAll([msg.subarray(0, msg.length - 10)], w.contentType)).rejects.toMatchObject({
      code: 'mime_parsing_failed',
      message: expect.stringContaining('missing closing delimiter'),
    });
    async function* failing() {
      yield msg.subarray(0, 20);
      throw new Error('socket hang up');
    }
    await expect(collectAll(failing(), w.contentType)).rejects.toMatchObject({ code: 'io_error', message: expect.stringContaining('socket hang up') });
  });

  it('reads a nested multipart from a part body stream', async () => {
    const inner = new MultipartWriter({ boundaryPrefix: 'xatt' }).add('blaah', { 'Content-Type': 'text/plain' }).add(Buffer.from([1, 2, 3]), {});
    const outer = new MultipartWriter({ boundaryPrefix: 'xtop' }).add('<soap/>', { 'Content-Type': 'text/xml' }).add(inner);
    const bodies: string[] = [];
    for await (const part of readMultipart(chunked(outer.toBuffer(), [5, 7]), outer.contentType)) {
      if (part.mediaType === 'multipart/mixed') {
        for await (const sub of readMultipart(part.body(), part.headers.get('content-type')!)) bodies.push((await sub.bytes()).toString('hex'));
      }
    }
    expect(bodies).toEqual([Buffer.from('blaah').toString('hex'), '010203']);
  });

  it('streams a 100 MB part without holding it in memory', async () => {
    const boundary = 'xtopBIGBODY';
    const chunk = Buffer.alloc(1 << 20, 0x61);
    chunk.write('\r\n--xtopBIGBOD\r\n', 1000, 'latin1'); // near-miss of the delimiter in every chunk
    const total = 100;
    const expected = createHash('sha512');
    function* source(): Generator<Buffer> {
      yield Buffer.from(`--${boundary}\r\nContent-Type: application/octet-stream\r\n\r\n`);
      for (let i = 0; i < total; i++) {
        expected.update(chunk);
        yield chunk;
      }
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    }
    const before = process.memoryUsage();
    let peak = 0;
    let result: { size: number; digests: Record<string, Buffer> } | undefined;
    for await (const part of readMultipart(source(), `multipart/mixed; boundary=${boundary}`)) {
      result = await part.consume({
        digests: ['sha512'],
        onChunk: () => {
          const m = process.memoryUsage();
          peak = Math.max(peak, m.arrayBuffers - before.arrayBuffers);
        },
      });
    }
    expect(result!.size).toBe(total * chunk.length);
    expect(result!.digests.sha512).toEqual(expected.digest());
    expect(peak).toBeLessThan(20 * (1 << 20));
  });
});
