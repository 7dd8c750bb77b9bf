// Per-parse cost of parseSoapEnvelope: `node bin/roadtest-tsx.mjs perf/soap-envelope.bench.ts [seconds-per-case]`.
// Messages are X-Road requests as a client IS sends them (buildRequest), bytes in, with a payload of
// repeated records sized to ~1 kB, 10 kB, 100 kB and 10 MB. Reported per parse: median time over
// batches, and the young-generation GC count and GC time per 1,000 parses (a proxy for allocation,
// which is what makes the parse ~4x dearer inside the running security server than warm here).
// `--module <dir>/protocol/soap/index.ts` measures another checkout's parser instead (e.g. an export of
// an older commit: `git archive <commit> protocol | tar -x -C /tmp/before`), for before/after figures.
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildRequest, parseSoapEnvelope as current } from '../protocol/soap/index.js';

const argv = process.argv.slice(2);
const moduleAt = argv.indexOf('--module');
const modulePath = moduleAt >= 0 ? argv[moduleAt + 1] : undefined;
const seconds = Number(argv.find((a, k) => /^\d+(\.\d+)?$/.test(a) && argv[k - 1] !== '--module') ?? 2);
const parseSoapEnvelope: typeof current = modulePath
  ? ((await import(pathToFileURL(resolve(modulePath)).href)) as { parseSoapEnvelope: typeof current }).parseSoapEnvelope
  : current;

const service = { objectType: 'SERVICE', xRoadInstance: 'EE', memberClass: 'GOV', memberCode: '00000001', subsystemCode: 'System1', serviceCode: 'getRandom', serviceVersion: 'v1' } as const;
const client = { objectType: 'SUBSYSTEM', xRoadInstance: 'EE', memberClass: 'COM', memberCode: '12345678', subsystemCode: 'Client1' } as const;

function record(i: number): string {
  return `<prod:item id="${i}"><prod:name>Item ${i} &amp; co</prod:name><prod:value>${i * 7}</prod:value></prod:item>`;
}

function message(targetBytes: number): Uint8Array {
  const build = (n: number) =>
    buildRequest({
      client,
      service,
      id: '4894e35d-bf0f-44a6-867a-8e51f1daa7e0',
      userId: 'EE12345678901',
      protocolVersion: '4.0',
      wrapper: { content: Array.from({ length: n }, (_, i) => record(i)).join('') },
    } as Parameters<typeof buildRequest>[0]);
  const base = build(0).length;
  const per = record(1000).length;
  return Buffer.from(build(Math.max(0, Math.round((targetBytes - base) / per))), 'utf8');
}

let gcCount = 0;
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
    if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR || kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) {
      gcCount++;
      gcMs += e.duration;
    }
  }
}).observe({ entryTypes: ['gc'] });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function measure(bytes: Uint8Array): Promise<{ perParseMs: number; gcPer1k: number; gcMsPer1k: number; parses: number }> {
  // Batch so that a batch takes ~20 ms; warm up for a quarter of the time.
  const t0 = performance.now();
  parseSoapEnvelope(bytes);
  const one = Math.max(performance.now() - t0, 0.001);
  const batch = Math.max(1, Math.round(20 / one));
  const warmUntil = performance.now() + (seconds * 1000) / 4;
  while (performance.now() < warmUntil) for (let i = 0; i < batch; i++) parseSoapEnvelope(bytes);
  await new Promise((r) => setTimeout(r, 10));
  const gc0 = gcCount;
  const gcMs0 = gcMs;
  const samples: number[] = [];
  let parses = 0;
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const s = performance.now();
    for (let i = 0; i < batch; i++) parseSoapEnvelope(bytes);
    samples.push((performance.now() - s) / batch);
    parses += batch;
  }
  // GC entries are delivered asynchronously.
  await new Promise((r) => setTimeout(r, 50));
  return { perParseMs: median(samples), gcPer1k: ((gcCount - gc0) * 1000) / parses, gcMsPer1k: ((gcMs - gcMs0) * 1000) / parses, parses };
}

const sizes: [string, number][] = [
  ['1 kB', 1024],
  ['2 kB', 2048],
  ['10 kB', 10 * 1024],
  ['100 kB', 100 * 1024],
  ['10 MB', 10 * 1024 * 1024],
];

console.log(`parseSoapEnvelope from ${modulePath ?? 'this checkout'}, ${seconds} s per case, node ${process.version}`);
console.log('size      bytes       per parse    GCs/1k parses  GC ms/1k parses  parses');
for (const [label, target] of sizes) {
  const bytes = message(target);
  const r = await measure(bytes);
  const t = r.perParseMs >= 1 ? `${r.perParseMs.toFixed(2)} ms` : `${(r.perParseMs * 1000).toFixed(1)} µs`;
  console.log(
    `${label.padEnd(9)} ${String(bytes.length).padEnd(11)} ${t.padEnd(12)} ${r.gcPer1k.toFixed(2).padEnd(14)} ${r.gcMsPer1k.toFixed(2).padEnd(16)} ${r.parses}`,
  );
}
