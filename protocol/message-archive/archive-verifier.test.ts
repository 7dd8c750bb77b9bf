import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { invalidVerdict, validVerdict } from '../asic/verdict.js';
import { UnusableInputError } from '../asic/unusable-input.js';
import { rejectionCodeOf } from '../test-support/fault-code.js';
import { describeWithVectors, vectorPath } from '../test-support/vectors.js';
import { ArchiveErrorCodes } from './archive-error-codes.js';
import { verifyArchiveSequence } from './archive-verifier.js';
import { MessageArchiveWriter } from './archive-writer.js';
import { ZipStreamReader } from './zip-stream-reader.js';
import { writeRawZip } from '../asic/test-zip.js';

const dir = mkdtempSync(join(tmpdir(), 'mlog-archive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const unusable = (p: Promise<unknown>): Promise<string> => rejectionCodeOf(p, 'usable', (e) => e instanceof UnusableInputError);

async function writeArchive(name: string, containers: [string, Buffer][], prevDigest = '', compress = true) {
  const w = await MessageArchiveWriter.create(join(dir, name), { prevDigest, prevFile: prevDigest ? 'previous.zip' : '', compress });
  for (const [n, b] of containers) await w.addContainer(n, b);
  return w.close();
}

const blobs = (n: number, seed: string): [string, Buffer][] =>
  Array.from({ length: n }, (_, i) => [`${seed}-${i}-request.asice`, createHash('sha512').update(`${seed}${i}`).digest()] as [string, Buffer]);

describeWithVectors('message-log archives (CATALOG "Message-log archives")', () => {
  it('message-archive-0.zip is valid first in chain with last digest 9011ab55...8eaa', async () => {
    const r = await verifyArchiveSequence([vectorPath('asic/message-archive/message-archive-0.zip')], { prevDigest: '' });
    expect(r.valid).toBe(true);
    expect(r.containers).toBe(1);
    expect(r.lastDigest).toMatch(/^9011ab55[0-9a-f]{116}8eaa$/);
    expect(r.files[0].algorithm).toBe('SHA-512');
  });

  it('computes the chain digest the way an independent hashlib computation does', async () => {
    const py = `import zipfile,hashlib\nz=zipfile.ZipFile(${JSON.stringify(vectorPath('asic/message-archive/message-archive-0.zip'))})\nd=''\nfor i in z.infolist():\n  if i.filename.endswith('.asice'): d=hashlib.sha512((d+hashlib.sha512(z.read(i)).hexdigest()).encode()).hexdigest()\nprint(d)`;
    const expected = spawnSync('python3', ['-c', py], { encoding: 'utf8', timeout: 20_000 }).stdout.trim();
    expect(expected).toHaveLength(128);
    const r = await verifyArchiveSequence([vectorPath('asic/message-archive/message-archive-0.zip')], { prevDigest: '' });
    expect(r.lastDigest).toBe(expected);
  });

  it('refuses message-archive-0.zip after a different previous digest', async () => {
    const r = await verifyArchiveSequence([vectorPath('asic/message-archive/message-archive-0.zip')], { prevDigest: 'ab'.repeat(64) });
    expect(r.valid).toBe(false);
    expect(r.firstBrokenLink?.code).toBe(ArchiveErrorCodes.prevDigestMismatch);
  });

  const legacy: [string, boolean, string | undefined][] = [
    ['mlog-WITH_LINKINGINFO.zip', true, undefined],
    ['mlog-NO_LINKINGINFO.zip', false, ArchiveErrorCodes.linkingInfoNotFound],
    ['mlog-NO_ASIC_CONTAINERS.zip', false, ArchiveErrorCodes.noAsicContainers],
    ['mlog-WITH_INVALID_LINKINGINFO.zip', false, ArchiveErrorCodes.digestMismatch],
    ['mlog-EXCESSIVE_FILES_IN_LINKINGINFO.zip', false, ArchiveErrorCodes.fileNamesDiffer],
  ];
  for (const [file, valid, code] of legacy) {
    it(`legacy ${file} -> ${valid ? 'valid' : code}`, async () => {
      const r = await verifyArchiveSequence([vectorPath('asic/legacy-logarchive', file)], { prevDigest: '' });
      expect(r.valid).toBe(valid);
      expect(r.firstBrokenLink?.code).toBe(code);
      // CATALOG abbreviates it '624334...0856'; linkinginfo has the full value, which ends in ...0304856.
      if (valid) expect(r.lastDigest).toBe('624334053a96e0e1209d342514b5d890aeaeee8f0659da69688a3eeac0304856');
    });
  }

  it('chains a new archive after message-archive-0.zip, and catches a wrong link', async () => {
    const first = vectorPath('asic/message-archive/message-archive-0.zip');
    const r0 = await verifyArchiveSequence([first], { prevDigest: '' });
    const next = await writeArchive('message-archive-1.zip', blobs(3, 'a1'), r0.lastDigest!);
    const ok = await verifyArchiveSequence([first, next.path], { prevDigest: '' });
    expect(ok.valid).toBe(true);
    expect(ok.lastDigest).toBe(next.lastDigest);
    expect(ok.warnings.join('\n')).toContain("names the previous archive 'previous.zip'");
    const wrong = await writeArchive('message-archive-1-wrong.zip', blobs(3, 'a1'), 'cd'.repeat(64));
    const bad = await verifyArchiveSequence([first, wrong.path], { prevDigest: '' });
    expect(bad.valid).toBe(false);
    expect(bad.firstBrokenLink).toMatchObject({ code: ArchiveErrorCodes.prevDigestMismatch, file: wrong.path });
    expect(bad.files[0].findings).toEqual([]);
  });
});

describe('message-log archive writer and verifier', () => {
  it('writes archives that unzip and Python zipfile accept, with linkinginfo last', async () => {
    const a = await writeArchive('plain.zip', blobs(5, 'p'));
    expect(spawnSync('unzip', ['-tq', a.path], { timeout: 10_000 }).status).toBe(0);
    const names = spawnSync('python3', ['-c', `import zipfile;print('\\n'.join(zipfile.ZipFile(${JSON.stringify(a.path)}).namelist()))`], { encoding: 'utf8', timeout: 10_000 }).stdout.trim().split('\n');
    expect(names).toEqual([...blobs(5, 'p').map(([n]) => n), 'linkinginfo']);
    const li = spawnSync('unzip', ['-p', a.path, 'linkinginfo'], { encoding: 'utf8', timeout: 10_000 }).stdout;
    expect(li.split('\n')[0]).toBe('- - SHA-512');
    expect(li).toContain(`${a.lastDigest} p-4-request.asice\n`);
  });

  it('reports every tampered container, not only the first, and keeps the rest of the chain', async () => {
    const good = await writeArchive('stored.zip', blobs(6, 's'), '', false);
    const bytes = readFileSync(good.path);
    for (const i of [1, 4]) {
      const at = bytes.indexOf(blobs(6, 's')[i][1]);
      bytes[at + 5] ^= 0xff;
    }
    const tampered = join(dir, 'tampered.zip');
    writeFileSync(tampered, bytes);
    const r = await verifyArchiveSequence([tampered], { prevDigest: '' });
    expect(r.valid).toBe(false);
    expect(r.findings.map((f) => f.entry)).toEqual(['s-1-request.asice', 's-4-request.asice']);
    expect(r.firstBrokenLink?.entry).toBe('s-1-request.asice');
    // The honest chain value differs; the next archive is still linked on linkinginfo's digest.
    expect(r.lastDigest).not.toBe(good.lastDigest);
    expect(r.files[0].linkDigest).toBe(good.lastDigest);
    const next = await writeArchive('after-tampered.zip', blobs(2, 'n'), good.lastDigest);
    const seq = await verifyArchiveSequence([tampered, next.path], { prevDigest: '' });
    expect(seq.findings.map((f) => f.entry)).toEqual(['s-1-request.asice', 's-4-request.asice']);
    expect(seq.lastDigest).toBe(next.lastDigest);
  });

  it('hands every container to the container verifier and lists the bad ones', async () => {
    const a = await writeArchive('inner.zip', blobs(4, 'i'));
    const seen: string[] = [];
    const r = await verifyArchiveSequence([a.path], {
      prevDigest: '',
      verifyContainer: async (bytes, name) => {
        seen.push(createHash('sha512').update(bytes).digest('hex'));
        return name.startsWith('i-2') ? invalidVerdict('malformed_signature', 'bad') : validVerdict('ok');
      },
    });
    expect(seen).toEqual(blobs(4, 'i').map(([, b]) => createHash('sha512').update(b).digest('hex')));
    expect(r.valid).toBe(false);
    expect(r.findings).toEqual([]);
    expect(r.badContainers.map((b) => [b.entry, b.verdict.code])).toEqual([['i-2-request.asice', 'malformed_signature']]);
    expect(r.containersVerified).toBe(4);
  });

  it('parses linkinginfo strictly and names what is wrong', async () => {
    const mk = async (name: string, li: string) => {
      const p = join(dir, name);
      writeFileSync(p, await writeRawZip([{ name: 'x.asice', data: 'x' }, { name: 'linkinginfo', data: li }]));
      return (await verifyArchiveSequence([p], { prevDigest: '' })).findings[0];
    };
    expect((await mk('md5.zip', '- - MD5\nab x.asice\n')).code).toBe(ArchiveErrorCodes.unsupportedDigestAlgorithm);
    expect((await mk('threecols.zip', '- - SHA-256\nab x.asice extra\n')).code).toBe(ArchiveErrorCodes.invalidLinkingInfo);
    expect((await mk('crlf.zip', '- - SHA-256\r\nab x.asice\r\n')).code).toBe(ArchiveErrorCodes.digestMismatch);
  });

  it('treats missing, empty, directory and truncated archives as unusable input', async () => {
    const a = await writeArchive('whole.zip', blobs(3, 't'));
    const bytes = readFileSync(a.path);
    writeFileSync(join(dir, 'cut.zip'), bytes.subarray(0, bytes.length - 30));
    writeFileSync(join(dir, 'empty.zip'), '');
    mkdirSync(join(dir, 'adir.zip'));
    expect(await unusable(verifyArchiveSequence([join(dir, 'cut.zip')]))).toBe('unusable_input.corrupted_zip');
    expect(await unusable(verifyArchiveSequence([join(dir, 'empty.zip')]))).toBe('unusable_input.empty_file');
    expect(await unusable(verifyArchiveSequence([join(dir, 'adir.zip')]))).toBe('unusable_input.not_a_file');
    expect(await unusable(verifyArchiveSequence([join(dir, 'nope.zip')]))).toBe('unusable_input.not_found');
    // Cut inside the entry data but with the end records kept: the data no longer inflates.
    const mangled = Buffer.from(bytes);
    mangled.fill(0xff, 60, 120);
    writeFileSync(join(dir, 'mangled.zip'), mangled);
    expect(await unusable(verifyArchiveSequence([join(dir, 'mangled.zip')]))).toBe('unusable_input.corrupted_zip');
  });

  it('warns when the first archive\'s previous digest is taken on trust', async () => {
    const a = await writeArchive('later.zip', blobs(2, 'l'), 'ef'.repeat(64));
    const r = await verifyArchiveSequence([a.path]);
    expect(r.valid).toBe(true);
    expect(r.warnings[0]).toContain('taken on trust');
  });
});

describe('zip stream reader', () => {
  it('reads entries larger than its window, stored and deflated, byte-exact', async () => {
    const big = Buffer.concat(Array.from({ length: 64 }, (_, i) => createHash('sha512').update(String(i)).digest()));
    const text = Buffer.from('linking '.repeat(2000));
    const p = join(dir, 'window.zip');
    writeFileSync(p, await writeRawZip([{ name: 'a.asice', data: big, compress: false }, { name: 'b.asice', data: text }, { name: 'c', data: big }]));
    const z = await ZipStreamReader.open(p, { windowSize: 1000 });
    try {
      expect(z.entries.map((e) => e.name)).toEqual(['a.asice', 'b.asice', 'c']);
      expect((await z.readEntry(z.entries[0])).equals(big)).toBe(true);
      expect((await z.readEntry(z.entries[1])).equals(text)).toBe(true);
      expect((await z.readEntry(z.entries[2])).equals(big)).toBe(true);
    } finally {
      await z.close();
    }
  });

  it('reads ZIP64 archives (more than 65535 entries)', async () => {
    const p = join(dir, 'many.zip');
    const w = await MessageArchiveWriter.create(p, { compress: false });
    for (let i = 0; i < 70_000; i++) await w.addContainer(`${i}.asice`, Buffer.from([i & 0xff]));
    const res = await w.close();
    const count = spawnSync('python3', ['-c', `import zipfile;print(len(zipfile.ZipFile(${JSON.stringify(p)}).namelist()))`], { encoding: 'utf8', timeout: 30_000 }).stdout.trim();
    expect(count).toBe('70001');
    const r = await verifyArchiveSequence([p], { prevDigest: '' });
    expect(r.valid).toBe(true);
    expect(r.containers).toBe(70_000);
    expect(r.lastDigest).toBe(res.lastDigest);
  });
});

describeWithVectors('archive with full container checks', () => {
  it('reports a damaged inner container as bad and keeps going', async () => {
    const { asicContainerCheck } = await import('./container-check.js');
    const { loadConfigurationDirectory } = await import('../globalconf/index.js');
    const trust = loadConfigurationDirectory(vectorPath('globalconf/dirs/messagelog-CS')).trust;
    const z = await ZipStreamReader.open(vectorPath('asic/message-archive/message-archive-0.zip'));
    const real = await z.readEntry(z.entries[0]);
    await z.close();
    const a = await writeArchive('mixed.zip', [['a-request.asice', real], ['b-request.asice', real.subarray(0, 2000)], ['c-response.asice', real]]);
    const r = await verifyArchiveSequence([a.path], { prevDigest: '', verifyContainer: asicContainerCheck({ trust }) });
    expect(r.findings).toEqual([]);
    expect(r.containersVerified).toBe(3);
    expect(r.badContainers.map((b) => [b.entry, b.verdict.code])).toEqual([['b-request.asice', 'unusable_input.corrupted_zip']]);
  });
});
