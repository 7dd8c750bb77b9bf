import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithVectors, readVector, vectorPath } from '../test-support/vectors.js';
import { entriesViaYauzl as viaYauzl } from '../test-support/yauzl-entries.js';
import { finishZip, newZipFile, type Yazl3ZipFile } from './yazl-zip.js';
import { readZipBufferSync } from './zip-buffer-reader.js';

describeWithVectors('zip central directory reader against yauzl', () => {
  it('reads every ASiC vector exactly as yauzl does (data descriptors, stored and deflated entries)', async () => {
    for (const sub of ['verifier-cli', 'container-structure']) {
      for (const f of readdirSync(vectorPath('asic', sub)).filter((n) => n.endsWith('.asice') && n !== 'not-asic.asice')) {
        const bytes = readVector('asic', sub, f);
        const mine = readZipBufferSync(bytes, (n) => (n.endsWith('/') ? 'skip' : 'keep'));
        const theirs = await viaYauzl(bytes);
        expect(mine.names, f).toEqual(theirs.map(([n]) => n));
        for (const k of mine.kept) expect(k.data.equals(theirs.find(([n]) => n === k.name)![1]), `${f}:${k.name}`).toBe(true);
      }
    }
  });
});

describe('zip central directory reader', () => {
  it('reads ZIP64 records (yazl forceZip64Format)', async () => {
    const zip = newZipFile() as Yazl3ZipFile & { addBuffer(d: Buffer, n: string, o: Record<string, unknown>): void };
    zip.addBuffer(Buffer.from('hello'), 'a.txt', { forceZip64Format: true, compress: true });
    zip.addBuffer(Buffer.from('world'), 'b.txt', { forceZip64Format: true, compress: false });
    const bytes = await finishZip(zip);
    const r = readZipBufferSync(bytes, () => 'keep');
    expect(r.kept.map((k) => [k.name, k.data.toString()])).toEqual([['a.txt', 'hello'], ['b.txt', 'world']]);
  });

  it('refuses an entry whose stated size is a lie', async () => {
    const zip = newZipFile();
    zip.addBuffer(Buffer.from('abcdef'), 'a.txt', { compress: false });
    const bytes = await finishZip(zip);
    const cd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const lie = Buffer.from(bytes);
    lie.writeUInt32LE(1_000_000, cd + 24); // uncompressed size
    expect(() => readZipBufferSync(lie, () => 'keep')).toThrow(/corrupted or truncated/);
  });
});
