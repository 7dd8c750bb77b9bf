// Performance steps (features/performance): thin wrappers over harness/perf's paired
// measurement. The load runs in this process next to the environment, so these figures include
// the harness sharing a core with the SUT; `roadtest perf` separates them and reports the floor.
import { Then, When } from '@cucumber/cucumber';
import { expectThat } from '../harness/expect/conformance-failure.js';
import { measureOverhead, type MeasurePoint } from '../harness/perf/measure-overhead.js';
import { endpointsFromEnvironment, targetsFor } from '../harness/perf/perf-endpoints.js';
import { collectPerfPoints } from '../harness/perf/suite-charts.js';
import { overloaded, settle } from '../harness/perf/sut-pacing.js';
import { Pool } from 'undici';
import { handlesOf } from '../harness/environment/environment-handles.js';
import { formatReportTable } from '../perf/console-table.js';
import { KB, parseSize, sizeLabel } from '../perf/message-mix.js';
import { PERF_REPORT_FORMAT, type PerfReport, type PointReport } from '../perf/perf-report.js';
import type { Target } from '../perf/target.js';
import type { RoadtestWorld } from './support/world.js';

const POINT = 'perf.point';

/** A threshold from the profile's `performance` section when it sets one, else the scenario's. */
function threshold(world: RoadtestWorld, key: string, fromScenario: number): number {
  const section = (world.env.profile as { performance?: Record<string, unknown> }).performance;
  const v = section?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fromScenario;
}

function protocols(word: string): Array<'soap' | 'rest'> {
  const w = word.toLowerCase();
  if (w === 'soap' || w === 'rest') return [w];
  throw new Error(`unknown protocol "${word}" (SOAP or REST)`);
}

async function measure(world: RoadtestWorld, which: Array<'soap' | 'rest'>, point: MeasurePoint, durationMs: number): Promise<PointReport> {
  const { baseline, throughSut } = targetsFor(endpointsFromEnvironment(world.env, world.role));
  const pick = (ts: Target[]) => ts.filter((t) => (which as string[]).includes(t.protocol));
  // The provider IS records every request for the conformance checks; not thousands of these.
  const provider = handlesOf(world.env).providerIs;
  const before = provider.received.length;
  const trim = setInterval(() => provider.received.splice(before), 250);
  let points: PointReport[];
  try {
    points = await measureOverhead({
      baseline: pick(baseline),
      throughSut: pick(throughSut),
      points: [point],
      durationMs,
      rounds: 2,
      timeoutMs: Math.min(world.env.profile.timing.requestTimeoutMs, 10_000),
      allowRemote: world.env.profile.kind !== 'embedded',
      sutProcess: world.env.profile.kind === 'embedded' ? { kind: 'self' } : undefined,
    });
  } finally {
    clearInterval(trim);
    provider.received.splice(before);
  }
  const [p] = points;
  if (p && overloaded(p) && throughSut.length) {
    // Later scenarios share this SUT: let it work off what this load left unanswered.
    const probe = pick(throughSut)[0] ?? throughSut[0];
    const pool = new Pool(new URL(probe.url).origin, { connect: { rejectUnauthorized: false } });
    try {
      const s = await settle(pool, probe, 1000, 20_000, 10_000);
      await world.attach(`SUT overloaded by this scenario's load; waited ${s.waitedMs} ms for it to answer within 1 s again${s.settled ? '' : ' (it did not)'}`, 'text/plain');
    } finally {
      await pool.destroy();
    }
  }
  world.vars.set(POINT, p);
  collectPerfPoints(points);
  const report: PerfReport = { format: PERF_REPORT_FORMAT, agents: ['suite'], startedAt: '', finishedAt: '', target: { profile: world.env.profile.name, kind: world.env.profile.kind }, settings: {}, floors: [], points, notes: [] };
  await world.attach(formatReportTable(report), 'text/plain');
  return p;
}

function pointOf(world: RoadtestWorld): PointReport {
  const p = world.vars.get(POINT) as PointReport | undefined;
  if (!p) throw new Error('no load was measured in this scenario yet');
  return p;
}

When('the client IS sends {word} requests at {int} requests\\/s for {int} s, directly and through the SUT', async function (this: RoadtestWorld, proto: string, rate: number, s: number) {
  const r = threshold(this, 'rate', rate);
  await measure(this, protocols(proto), { shape: { kind: 'open', rate: r }, size: parseSize('1k'), attachments: false }, s * 1000);
});

When('the client IS sends {word} requests with {int} in flight for {int} s, directly and through the SUT', async function (this: RoadtestWorld, proto: string, c: number, s: number) {
  await measure(this, protocols(proto), { shape: { kind: 'closed', concurrency: c }, size: parseSize('1k'), attachments: false }, s * 1000);
});

When(
  'the client IS sends SOAP requests with a {int} kB attachment, {int} in flight for {int} s, directly and through the SUT',
  async function (this: RoadtestWorld, kb: number, c: number, s: number) {
    const bytes = kb * KB;
    await measure(this, ['soap'], { shape: { kind: 'closed', concurrency: c }, size: { kind: 'fixed', label: sizeLabel(bytes), bytes }, attachments: true }, s * 1000);
  },
);

When('the client IS keeps SOAP and REST requests at {int} requests\\/s through the SUT for {int} s', async function (this: RoadtestWorld, rate: number, s: number) {
  const durationMs = threshold(this, 'soakSeconds', s) * 1000;
  await measure(this, ['soap', 'rest'], { shape: { kind: 'soak', rate: threshold(this, 'soakRate', rate), durationMs }, size: parseSize('1k'), attachments: false }, durationMs);
});

Then('no exchange through the SUT failed', function (this: RoadtestWorld) {
  const p = pointOf(this);
  const legs = p.legs.filter((l) => l.role === 'sut');
  expectThat(legs.length > 0, 'no leg went through the SUT', { expected: 'exchanges through the SUT', actual: 'none measured' });
  for (const l of legs) {
    const errors = Object.entries(l.errors);
    expectThat(errors.length === 0 && l.count > 0, `${l.name}: exchanges through the SUT failed`, {
      sent: `${p.id}, ${l.name}`,
      expected: 'every exchange answered successfully',
      actual: `${l.count} ok, errors ${errors.map(([k, v]) => `${k}: ${v}`).join(', ') || 'none'}`,
    });
  }
});

function addedUnder(world: RoadtestWorld, which: 'p50' | 'p99', key: string, ms: number): void {
  const limit = threshold(world, key, ms);
  const p = pointOf(world);
  expectThat(p.added.length > 0, 'no added latency could be computed', { expected: 'a SUT leg and a baseline leg with exchanges', actual: p.legs.map((l) => `${l.name}: ${l.count}`).join(', ') });
  for (const a of p.added) {
    const d = a[which];
    expectThat(d !== undefined && d.ms < limit, `${a.sut}: added ${which} latency ${d ? `${d.ms.toFixed(2)} ms` : 'unknown'} is not under ${limit} ms`, {
      sent: `${p.id}: ${a.sut} vs ${a.baseline}`,
      expected: `added ${which} < ${limit} ms`,
      actual: d ? `${d.ms.toFixed(2)} ms (95 % interval ${d.lo.toFixed(2)} .. ${d.hi.toFixed(2)} ms)` : 'no exchanges',
    });
  }
}

Then('the added p99 latency stays under {int} ms', function (this: RoadtestWorld, ms: number) {
  addedUnder(this, 'p99', 'addedP99Ms', ms);
});

Then('the added p50 latency stays under {int} ms', function (this: RoadtestWorld, ms: number) {
  addedUnder(this, 'p50', 'addedP50Ms', ms);
});

Then('the SUT completes at least {int} exchanges per second', function (this: RoadtestWorld, n: number) {
  const min = threshold(this, 'minThroughput', n);
  const p = pointOf(this);
  for (const l of p.legs.filter((x) => x.role === 'sut')) {
    expectThat(l.throughput >= min, `${l.name}: ${l.throughput} exchanges/s is below ${min}`, { sent: p.id, expected: `>= ${min} exchanges/s`, actual: `${l.throughput} exchanges/s (${l.count} in ${l.activeMs} ms)` });
  }
});

Then('the p99 latency of the last second is at most {int} times that of the first second', function (this: RoadtestWorld, factor: number) {
  const p = pointOf(this);
  for (const l of p.legs.filter((x) => x.role === 'sut')) {
    const w = (l.windows ?? []).filter((x) => x.count > 0);
    expectThat(w.length >= 2, `${l.name}: too few latency windows to judge drift`, { sent: p.id, expected: 'two or more one-second windows with exchanges', actual: `${w.length}` });
    const first = w[0];
    const last = w[w.length - 1];
    // A few ms of slack: at sub-millisecond latencies a factor alone would flag noise.
    expectThat(last.p99 <= factor * first.p99 + 5, `${l.name}: p99 drifted from ${first.p99} ms to ${last.p99} ms`, {
      sent: p.id,
      expected: `last-window p99 <= ${factor} x ${first.p99} ms + 5 ms`,
      actual: `${last.p99} ms (windows: ${w.map((x) => x.p99).join(', ')} ms)`,
    });
  }
});
