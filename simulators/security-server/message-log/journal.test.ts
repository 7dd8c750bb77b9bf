// The write-ahead journal: entries and blobs come back on reopen in order; a torn last frame (the
// write a crash interrupted) is cut off; corruption before the tail and foreign files are refused
// with logging_failed; a failed write stops the journal (LOG-007).
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Journal, type ReplayedEntry } from './journal.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempFile(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'roadtest-journal-'));
  dirs.push(d);
  return join(d, 'j');
}

async function replay(path: string): Promise<{ journal: Journal; entries: Array<{ header: ReplayedEntry['header']; blobs: Buffer[] }> }> {
  const entries: Array<{ header: ReplayedEntry['header']; blobs: Buffer[] }> = [];
  const journal = await Journal.open(path, (e) => entries.push({ header: e.header, blobs: e.blobs.map((b) => Buffer.from(b)) }));
  return { journal, entries };
}

describe('Journal', () => {
  it('replays entries and blobs in append order; blob refs read back the bytes', async () => {
    const path = await tempFile();
    const j = await Journal.open(path, () => undefined);
    const refs = await Promise.all(Array.from({ length: 200 }, (_, i) => j.append({ t: 'x', i }, [Buffer.from(`blob-${i}`), Buffer.alloc(i)])));
    expect((await j.read(refs[123][0])).toString()).toBe('blob-123');
    await j.close();
    const { journal, entries } = await replay(path);
    expect(entries.map((e) => e.header.i)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(entries[77].blobs[0].toString()).toBe('blob-77');
    expect(entries[77].blobs[1].length).toBe(77);
    expect(journal.size).toBe((await stat(path)).size);
    await journal.close();
  });

  it('cuts off a torn last frame and keeps appending after the good ones', async () => {
    const path = await tempFile();
    const j = await Journal.open(path, () => undefined);
    await j.append({ t: 'x', i: 1 }, [Buffer.from('one')]);
    await j.append({ t: 'x', i: 2 }, [Buffer.from('two')]);
    await j.close();
    const good = (await stat(path)).size;
    // Half of a third frame, as a crash in the middle of write() leaves it.
    const full = await readFile(path);
    await appendFile(path, full.subarray(8, 8 + 20));
    let { journal, entries } = await replay(path);
    expect(entries.map((e) => e.header.i)).toEqual([1, 2]);
    expect((await stat(path)).size).toBe(good);
    await journal.append({ t: 'x', i: 3 }, [Buffer.from('three')]);
    await journal.close();
    ({ journal, entries } = await replay(path));
    expect(entries.map((e) => e.header.i)).toEqual([1, 2, 3]);
    await journal.close();
  });

  it('cuts off a complete last frame whose CRC fails, and a zero-filled tail', async () => {
    const path = await tempFile();
    const j = await Journal.open(path, () => undefined);
    await j.append({ t: 'x', i: 1 }, [Buffer.from('one')]);
    const before = j.size;
    await j.append({ t: 'x', i: 2 }, [Buffer.from('two')]);
    await j.close();
    const bytes = await readFile(path);
    bytes[bytes.length - 1] ^= 0xff;
    await writeFile(path, bytes);
    let { journal, entries } = await replay(path);
    expect(entries.map((e) => e.header.i)).toEqual([1]);
    expect(journal.size).toBe(before);
    await journal.close();
    await appendFile(path, Buffer.alloc(4096));
    ({ journal, entries } = await replay(path));
    expect(entries.map((e) => e.header.i)).toEqual([1]);
    expect((await stat(path)).size).toBe(before);
    await journal.close();
  });

  it('refuses corruption before the tail instead of dropping acknowledged entries', async () => {
    const path = await tempFile();
    const j = await Journal.open(path, () => undefined);
    await j.append({ t: 'x', i: 1 }, [Buffer.from('first record body')]);
    await j.append({ t: 'x', i: 2 }, [Buffer.from('second')]);
    await j.close();
    const bytes = await readFile(path);
    bytes[30] ^= 0x01; // inside the first frame
    await writeFile(path, bytes);
    await expect(Journal.open(path, () => undefined)).rejects.toMatchObject({ code: 'logging_failed', message: /corrupt at offset 8 \(CRC mismatch\)/ });
    // An impossible length with data behind it is corruption too.
    const bad = Buffer.from(bytes);
    bad[30] ^= 0x01;
    bad.writeUInt32BE(0xfffffff0, 8);
    await writeFile(path, bad);
    await expect(Journal.open(path, () => undefined)).rejects.toMatchObject({ code: 'logging_failed' });
  });

  it('refuses a file that is not a journal', async () => {
    const path = await tempFile();
    await writeFile(path, 'hello, not a journal');
    await expect(Journal.open(path, () => undefined)).rejects.toMatchObject({ code: 'logging_failed', message: /is not a message log journal/ });
  });

  it('stops with logging_failed after a failed write; nothing later is accepted', async () => {
    const path = await tempFile();
    const j = await Journal.open(path, () => undefined);
    await j.append({ t: 'x', i: 1 });
    // Pull the file away from under the journal: the next write fails with EBADF.
    await (j as unknown as { fh: { close(): Promise<void> } }).fh.close();
    await expect(j.append({ t: 'x', i: 2 })).rejects.toMatchObject({ code: 'logging_failed' });
    expect(j.failed?.code).toBe('logging_failed');
    await expect(j.append({ t: 'x', i: 3 })).rejects.toMatchObject({ code: 'logging_failed' });
    const { journal, entries } = await replay(path);
    expect(entries.map((e) => e.header.i)).toEqual([1]);
    await journal.close();
  });
});
