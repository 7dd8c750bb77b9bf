// `roadtest perf` end to end: environment (in a child process), the harness floor, the paired
// measurements, one report. The SUT legs need a running environment; if it cannot be brought up
// the run still measures the baseline and the floor and says so in the report's notes.
import { hostname } from 'node:os';
import { ProgressBar } from '../../perf/progress-bar.js';
import { PERF_REPORT_FORMAT, type FloorReport, type PerfReport } from '../../perf/perf-report.js';
import type { SampledProcess } from '../../perf/resource-sampler.js';
import type { TargetProfile } from '../profile/index.js';
import { startChildServer, type ChildServer } from '../environment/child-server.js';
import { measureFloor } from './floor.js';
import { measureOverhead } from './measure-overhead.js';
import { PERF_SERVICE_CODES, peerSideFor, targetsFor, type PerfEndpoints } from './perf-endpoints.js';
import { httpPeerTimingProbe, type PeerTimingProbe } from './peer-timing-probe.js';
import { plannedLoadMs, type PerfPlan } from './plan.js';

export interface RunPerfOptions {
  profile: TargetProfile;
  profileFile: string;
  plan: PerfPlan;
  agentId?: string;
  /** Agent mode: endpoints given, no environment of our own. */
  endpoints?: PerfEndpoints;
  reportDir: string;
  allowRemote?: boolean;
  /** Per-request timeout (default: the profile's requestTimeoutMs, at most 10 s). */
  timeoutMs?: number;
  /**
   * No point starts after this many ms of run time (default 140 s: a point started just before
   * can take ~30 s with a saturated SUT, and the whole run must stay within 3 minutes).
   */
  budgetMs?: number;
  /** Progress on stderr (default true). */
  progress?: boolean;
  /** Wait until this epoch ms before loading (agents of one Job start together). */
  startAt?: number;
  /** Rates the operator chose are measured as asked, even above the SUT's capacity. */
  explicitRates?: boolean;
}

export function defaultAgentId(): string {
  return process.env.ROADTEST_AGENT_ID ?? `${hostname()}-${process.pid}`;
}

async function waitUntil(epochMs: number | undefined): Promise<void> {
  if (epochMs === undefined) return;
  const wait = epochMs - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, 3600_000)));
}

export async function runPerf(o: RunPerfOptions): Promise<PerfReport> {
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  const agent = o.agentId ?? defaultAgentId();
  const notes: string[] = [];
  const children: ChildServer[] = [];
  const stderr = o.progress === false ? undefined : process.stderr;
  const log = (s: string) => stderr?.write(`${s}\n`);
  try {
    let endpoints = o.endpoints;
    let sutProcess: SampledProcess | undefined;
    let harnessProcess: SampledProcess | undefined;
    /** The environment's peer SS timing endpoint; none in agent mode (the peer is not ours). */
    let peerTimingUrl: string | undefined;
    if (!endpoints) {
      log(`bringing up the environment for ${o.profile.name} ...`);
      try {
        const env = await startChildServer('environment', [o.profileFile, o.reportDir], 120_000);
        children.push(env);
        endpoints = env.info.endpoints as PerfEndpoints;
        if (typeof env.info.peerTimingUrl === 'string') peerTimingUrl = env.info.peerTimingUrl;
        const sutPid = typeof env.info.sutPid === 'number' ? env.info.sutPid : undefined;
        // The environment process runs the harness's peer SS and simulators, unless the embedded SUT shares it.
        if (o.profile.kind !== 'embedded' || sutPid !== undefined) harnessProcess = { kind: 'pid', pid: env.pid };
        if (o.profile.kind !== 'embedded') sutProcess = undefined;
        else if (sutPid !== undefined) {
          sutProcess = { kind: 'pid', pid: sutPid };
          notes.push(`SUT CPU and memory are those of the embedded SUT's own process (pid ${sutPid}); the peer SS, provider IS, OCSP responder and TSA run in the environment process (pid ${env.pid})`);
        } else {
          sutProcess = { kind: 'pid', pid: env.pid };
          notes.push(`SUT CPU and memory are those of the environment process (pid ${env.pid}): the embedded SUT shares it with the peer SS, provider IS, OCSP responder and TSA`);
        }
      } catch (e) {
        notes.push(`SUT legs skipped: they need the environment, and its bring-up failed (${(e as Error).message}); baseline and floor only`);
      }
    }
    // Agent mode without a floor needs no simulator of its own.
    const provider = o.endpoints && !o.plan.floor ? undefined : await startChildServer('provider-is');
    if (provider) children.push(provider);
    if (!endpoints) endpoints = { providerIsUrl: provider!.url, providerSide: 'peer' };
    else if (!o.endpoints && provider) {
      // The environment's provider IS shares a process with the SUT: a SUT still busy with the
      // last slice would slow the baseline down. Same simulator, own process, same paths.
      endpoints = { ...endpoints, providerIsUrl: provider.url };
      notes.push('baseline: the provider IS simulator in a process of its own (the one behind the SUT shares the environment process)');
    }
    if (!endpoints.sut && !notes.some((n) => n.startsWith('SUT legs skipped'))) notes.push('SUT legs skipped: no SUT endpoint was given; baseline and floor only');
    const { baseline, throughSut } = targetsFor(endpoints);
    const peerProbe: PeerTimingProbe | undefined = peerTimingUrl && endpoints.sut ? httpPeerTimingProbe(peerTimingUrl, peerSideFor(endpoints.sut.role)) : undefined;
    await waitUntil(o.startAt);

    const counter = { n: 0 };
    const planned = plannedLoadMs(o.plan, throughSut.length > 0);
    const bar = stderr ? new ProgressBar(planned, stderr, () => counter.n) : undefined;
    const floors: FloorReport[] = [];
    let floorMs = 0;
    if (o.plan.floor) {
      const f = o.plan.floor;
      floors.push(await measureFloor({ agent, rounds: f.rounds, sliceMs: f.sliceMs, provider, onStep: (s) => bar?.step(s, floorMs) }));
      floorMs = f.rounds * 3 * f.sliceMs + 2000;
    }
    const timeoutMs = o.timeoutMs ?? Math.min(o.profile.timing.requestTimeoutMs, 10_000);
    const points = await measureOverhead({
      baseline,
      throughSut,
      points: o.plan.points,
      durationMs: o.plan.stepMs,
      rounds: o.plan.rounds,
      timeoutMs,
      allowRemote: o.allowRemote,
      sutProcess: throughSut.length ? sutProcess : undefined,
      harnessProcess: throughSut.length ? harnessProcess : undefined,
      counter,
      onStep: (label, done) => bar?.step(label, floorMs + done),
      deadlineAt: t0 + (o.budgetMs ?? 140_000),
      adaptToCapacity: !o.explicitRates,
      ...(peerProbe ? { peer: { probe: peerProbe, serviceCodes: PERF_SERVICE_CODES } } : {}),
      notes,
    });
    bar?.finish();
    return {
      format: PERF_REPORT_FORMAT,
      agents: [agent],
      startedAt,
      finishedAt: new Date().toISOString(),
      target: { profile: o.profile.name, kind: o.profile.kind, ...(endpoints.sut ? { sutId: endpoints.sut.id } : {}) },
      settings: { ...o.plan.settings, timeoutMs, role: endpoints.sut?.role },
      floors,
      points,
      notes,
    };
  } finally {
    await Promise.allSettled(children.reverse().map((c) => c.stop()));
  }
}
