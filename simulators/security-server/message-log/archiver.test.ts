// Archive rotation: stamped records go into mlog-*.zip files whose linkinginfo chains across files;
// the sequence verifies (chain + every container, in-process and with `roadtest verify archive`),
// a tampered container breaks the chain at that entry, and files a crash left half-done are
// finished or discarded on reopen.
import { spawnSync } from 'node:child_process';
import { copyFile, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAsicContainer, readAsicContainer } from '../../../protocol/asic/index.js';
import { readZipBuffer } from '../../../protocol/asic/zip-buffer-reader.js';
import { verifyArchiveSequence, ZipStreamWriter, type ContainerVerifier } from '../../../protocol/message-archive/index.js';
import { createMessageLog, type ReferenceMessageLog } from './message-log.js';
import { CLIENT, logFixture, type LogFixture } from './test-fixture.js';

let f: LogFixture;
let dir: string;
let log: ReferenceMessageLog;
let files: string[];

const verifyContainer: ContainerVerifier = (bytes) => f.verify(bytes);

beforeAll(async () => {
  f = await logFixture();
  dir = await f.tempDir();
  log = await createMessageLog({ directory: dir, globalConf: f.globalConf, timestampingIntervalSeconds: 3600, archive: { maxRecordsPerArchive: 2 } });
  for (let i = 1; i <= 5; i++) await log.log(f.soapRequest(`arch-${i}`));
  await log.timestampNow();
  await log.log(f.soapRequest('arch-6')); // stamped alone: an embedded time-stamp in the archive too
  await log.timestampNow();
  const first = await log.archiveNow();
  expect(first.map((r) => r.containers)).toEqual([2, 2, 2]);
  await log.log(f.soapRequest('arch-7'));
  await log.timestampNow();
  await log.log(f.soapRequest('arch-unstamped'));
  expect(await log.archiveNow()).toHaveLength(1); // only the stamped record
  files = log.archiveFiles();
});

afterAll(async () => {
  await log.stop();
  await f.stop();
});

describe('archive rotation', () => {
  it('chains every archive to the previous one and every container verifies', async () => {
    expect(files).toHaveLength(4);
    for (const file of files) expect(basename(file)).toMatch(/^mlog-\d{14}-\d{14}-[0-9a-f]{10}\.zip$/);
    const report = await verifyArchiveSequence(files, { prevDigest: '', verifyContainer });
    expect(report.findings).toEqual([]);
    expect(report.badContainers).toEqual([]);
    expect(report).toMatchObject({ valid: true, containers: 7, containersVerified: 7 });
    expect(report.files[1].prevFileInLinkingInfo).toBe(basename(files[0]));
    expect(log.stats()).toMatchObject({ stampedUnarchived: 0, unstamped: 1, archives: 4 });
  });

  it('is accepted by `roadtest verify archive --first`', () => {
    const r = spawnSync(process.execPath, ['bin/roadtest.mjs', 'verify', 'archive', ...files, '--first', '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, containers: 7 });
  });

  it('archived records stay downloadable', async () => {
    const [r] = log.find('arch-3', CLIENT);
    expect(r.archive).toBe(basename(files[1]));
    expect((await f.verify(await log.container(r))).valid).toBe(true);
  });

  it('a tampered container breaks the chain at that entry', async () => {
    const tdir = await f.tempDir();
    const copies = await Promise.all(files.map(async (p) => {
      const to = join(tdir, basename(p));
      await copyFile(p, to);
      return to;
    }));
    // Re-write archive 2 with its first container's message changed, linkinginfo untouched.
    const victim = copies[1];
    const { kept } = await readZipBuffer(await readFile(victim), () => 'keep');
    const out = await ZipStreamWriter.create(victim + '.new');
    for (const [i, e] of kept.entries()) {
      let data = e.data;
      if (i === 0) {
        const c = await readAsicContainer(data);
        data = await buildAsicContainer({
          message: c.message!.toString('utf8').replace('<prod:value>42</prod:value>', '<prod:value>43</prod:value>'),
          signatureXml: c.signatureXml!,
          batchTimestamp: { tokenDer: c.timestampToken!, hashChainResult: c.tsHashChainResult!, hashChain: c.tsHashChain! },
        });
      }
      await out.add(e.name, data, { compress: false });
    }
    await out.close();
    await rename(victim + '.new', victim);
    const report = await verifyArchiveSequence(copies, { prevDigest: '', verifyContainer });
    expect(report.valid).toBe(false);
    expect(report.firstBrokenLink).toMatchObject({ code: 'log_archive.digest_mismatch', file: victim, entry: kept[0].name });
    expect(report.badContainers.map((b) => b.entry)).toEqual([kept[0].name]);
  });
});

describe('periodic rotation', () => {
  it('archives stamped records every archive.intervalSeconds', async () => {
    const a = await createMessageLog({ directory: await f.tempDir(), globalConf: f.globalConf, timestampingIntervalSeconds: 0.1, archive: { intervalSeconds: 0.2 } });
    try {
      await a.log(f.soapRequest('periodic-1'));
      const end = Date.now() + 5000;
      while (a.archiveFiles().length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(a.archiveFiles()).toHaveLength(1);
      expect(a.find('periodic-1', CLIENT)[0].archive).toBe(basename(a.archiveFiles()[0]));
    } finally {
      await a.stop();
    }
  });
});

describe('archiver crash recovery', () => {
  it('finishes a journalled archive left as .part and deletes one the journal never recorded', async () => {
    const d = await f.tempDir();
    const a = await createMessageLog({ directory: d, globalConf: f.globalConf, timestampingIntervalSeconds: 3600 });
    await a.log(f.soapRequest('rec-1'));
    await a.timestampNow();
    const [res] = await a.archiveNow();
    await a.stop();
    // Crash after the journal entry, before the rename ...
    await rename(res.path, res.path + '.part');
    // ... and a crash before the journal entry of another archive.
    const orphan = join(a.archiveDirectory, 'mlog-20000101000000-20000101000000-0000000000.zip.part');
    await writeFile(orphan, 'half an archive');
    const b = await createMessageLog({ directory: d, globalConf: f.globalConf, timestampingIntervalSeconds: 3600 });
    try {
      expect((await readdir(b.archiveDirectory)).sort()).toEqual([basename(res.path)]);
      const report = await verifyArchiveSequence(b.archiveFiles(), { prevDigest: '', verifyContainer });
      expect(report).toMatchObject({ valid: true, containers: 1 });
    } finally {
      await b.stop();
    }
  });
});
