// Message-log archive verification throughput: `node bin/roadtest-tsx.mjs perf/archive.bench.ts [containers] [runs]`.
// Builds an archive of N (default 5,000) ASiC containers in a temp dir, then measures the linkinginfo
// chain verification in MB/s of container bytes and containers/s, next to plain SHA-512 over the
// same number of bytes in this process. Target: chain-only >= 40% of raw hashing, memory flat
// (RSS before/after and peak). With X-Road's vectors present, the containers are copies of the
// real signed record in message-archive-0.zip, so full per-container crypto verification (signature,
// hash chains, time-stamp, OCSP under globalconf messagelog-CS) is measured too.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAsicContainer } from '../protocol/asic/index.js';
import { loadConfigurationDirectory } from '../protocol/globalconf/index.js';
import { asicContainerCheck, MessageArchiveWriter, verifyArchiveSequence, ZipStreamReader, type ContainerVerifier } from '../protocol/message-archive/index.js';

// Same rule as protocol/test-support/vectors.ts, without pulling vitest into a plain script.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const vectorsDir: string | null = [process.env.ROADTEST_VECTORS, join(repoRoot, '..', 'shared', 'vectors')]
  .filter((c): c is string => Boolean(c)).find((c) => existsSync(join(c, 'CATALOG.md'))) ?? null;

const N = Number(process.argv[2] ?? 5000);
const runs = Number(process.argv[3] ?? 5);
const MB = 1024 * 1024;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const rssMb = () => process.memoryUsage().rss / MB;

/** A real record from X-Road's vectors when present, else a synthetic container of the same size. */
async function templateContainer(): Promise<{ bytes: Buffer; real: boolean }> {
  if (vectorsDir) {
    const zip = await ZipStreamReader.open(join(vectorsDir, 'asic/message-archive/message-archive-0.zip'));
    try {
      const entry = zip.entries.find((e) => e.name.endsWith('.asice'))!;
      return { bytes: await zip.readEntry(entry), real: true };
    } finally {
      await zip.close();
    }
  }
  const bytes = await buildAsicContainer({
    message: `<SOAP-ENV:Envelope>${randomBytes(600).toString('base64')}</SOAP-ENV:Envelope>`,
    signatureXml: `<asic:XAdESSignatures>${randomBytes(6000).toString('base64')}</asic:XAdESSignatures>`,
    sigHashChainResult: '<HashChainResult/>',
    sigHashChain: `<HashChain>${randomBytes(400).toString('base64')}</HashChain>`,
  });
  return { bytes, real: false };
}

function loadFullVerifier(): ContainerVerifier | undefined {
  if (!vectorsDir) return undefined;
  const trust = loadConfigurationDirectory(join(vectorsDir, 'globalconf/dirs/messagelog-CS')).trust;
  return asicContainerCheck({ trust });
}

async function buildArchive(path: string, template: Buffer, compress: boolean): Promise<number> {
  return time(async () => {
    const w = await MessageArchiveWriter.create(path, { compress });
    for (let i = 0; i < N; i++) await w.addContainer(`${i.toString().padStart(8, '0')}-request-bench.asice`, template);
    await w.close();
  });
}

interface Measured {
  seconds: number;
  rssBefore: number;
  rssAfter: number;
  rssPeak: number;
}

/** Median time of `n` runs of `fn`, with RSS sampled every 5 ms. */
async function measure(n: number, fn: () => Promise<void>): Promise<Measured> {
  const rssBefore = rssMb();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, rssMb()); }, 5);
  const ts: number[] = [];
  try {
    for (let r = 0; r < n; r++) ts.push(await time(fn));
  } finally {
    clearInterval(sampler);
  }
  return { seconds: median(ts), rssBefore, rssAfter: rssMb(), rssPeak };
}

const mem = (m: Measured) => `RSS ${m.rssBefore.toFixed(0)} MB before, ${m.rssAfter.toFixed(0)} MB after, ${m.rssPeak.toFixed(0)} MB peak`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'archive-bench-'));
  try {
    const { bytes: template, real } = await templateContainer();
    const totalBytes = template.length * N;
    const mb = totalBytes / MB;
    const stored = join(dir, 'mlog-stored.zip');
    const deflated = join(dir, 'mlog-deflated.zip');
    const tStored = await buildArchive(stored, template, false);
    const tDeflated = await buildArchive(deflated, template, true);
    console.log(`archives: ${N} containers of ${template.length} B (${real ? 'copies of the signed record in message-archive-0.zip' : 'synthetic'}), ` +
      `${mb.toFixed(1)} MB of containers; written stored (roadtest's default) in ${tStored.toFixed(2)} s and deflated (X-Road's layout) in ${tDeflated.toFixed(2)} s`);

    const chainOnly = (path: string) => async () => {
      const rep = await verifyArchiveSequence([path], { prevDigest: '' });
      if (!rep.valid || rep.containers !== N) throw new Error('bench archive did not verify');
    };
    // Warm-up, then raw hashing and each archive in turns so that machine load hits all alike.
    await chainOnly(stored)();
    const big = Buffer.alloc(totalBytes, 0x5a);
    const raws: number[] = [];
    const st: Measured[] = [];
    const df: Measured[] = [];
    for (let r = 0; r < runs; r++) {
      raws.push(await time(() => {
        const hash = createHash('sha512');
        for (let o = 0; o < big.length; o += MB) hash.update(big.subarray(o, o + MB));
        hash.digest();
      }));
      st.push(await measure(1, chainOnly(stored)));
      df.push(await measure(1, chainOnly(deflated)));
    }
    const raw = mb / median(raws);
    const pick = (ms: Measured[]): Measured => {
      const s = median(ms.map((m) => m.seconds));
      return { seconds: s, rssBefore: ms[0].rssBefore, rssAfter: ms.at(-1)!.rssAfter, rssPeak: Math.max(...ms.map((m) => m.rssPeak)) };
    };
    const line = (label: string, m: Measured) =>
      console.log(`${label} ${(mb / m.seconds).toFixed(0)} MB/s, ${(N / m.seconds).toFixed(0)} containers/s = ${((mb / m.seconds / raw) * 100).toFixed(0)}% of raw hashing; ${mem(m)}`);
    console.log(`load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`);
    console.log(`raw sha512 (same process, ${mb.toFixed(0)} MB buffer):  ${raw.toFixed(0)} MB/s   [target: chain-only >= 40% of this]`);
    line('chain-only, stored archive:  ', pick(st));
    line('chain-only, deflated archive:', pick(df));
    console.log(`  (RSS figures include the ${mb.toFixed(0)} MB raw-hash buffer; the verifier itself reads through one 4 MiB window)`);

    const full = loadFullVerifier();
    if (full) {
      let bad = 0;
      const m = await measure(Math.max(1, Math.min(runs, 2)), async () => {
        const rep = await verifyArchiveSequence([stored], { prevDigest: '', verifyContainer: full });
        bad = rep.badContainers.length;
      });
      console.log(`full (chain + every container: signature, hash chains, time-stamp, OCSP; ${bad} of ${N} invalid): ` +
        `${(mb / m.seconds).toFixed(2)} MB/s, ${(N / m.seconds).toFixed(0)} containers/s (${((m.seconds / N) * 1000).toFixed(1)} ms per container); ${mem(m)}`);
    } else {
      console.log('full per-container verification: not measured (needs the X-Road vectors: a real signed record and its trust)');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
