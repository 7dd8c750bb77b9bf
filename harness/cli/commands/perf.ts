// `roadtest perf`: latency and throughput the security layer adds, direct vs through the SUT
// (issue 7), and `roadtest perf merge` for the logs of several load agents. Bad flag values are
// usage errors (exit 2) naming the flag.
import type { Command } from 'commander';
import { formatReportTable } from '../../../perf/console-table.js';
import { mergePerfReports, PerfReportError } from '../../../perf/merge-reports.js';
import { parseSizeList, SizeSpecError, type SizeSpec } from '../../../perf/message-mix.js';
import { MAX_RATE } from '../../../perf/open-loop.js';
import { agentEndpoints } from '../../perf/perf-endpoints.js';
import { buildPlan } from '../../perf/plan.js';
import { defaultAgentId, runPerf } from '../../perf/run-perf.js';
import { readPerfReport, writePerfOutputs } from '../../perf/write-output.js';
import { UsageError } from '../usage-error.js';
import { profileOrUsageError } from './run.js';

export interface PerfCliOptions {
  target: string;
  duration?: string;
  concurrency?: string;
  rate?: string;
  sizes?: string;
  step?: string;
  out: string;
  agent?: boolean;
  agentId?: string;
  sutUrl?: string;
  baselineUrl?: string;
  startAt?: string;
  quick?: boolean;
  floor: boolean;
}

const MAX_CONCURRENCY = 10_000;

function numberList(flag: string, text: string, check: (n: number) => boolean, what: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => p === '')) throw new UsageError(`${flag}: "${text}" is not a comma-separated list of ${what}`);
  return parts.map((p) => {
    const n = Number(p);
    if (!/^\d+(\.\d+)?$/.test(p) || !check(n)) throw new UsageError(`${flag}: "${p}" is not ${what}`);
    return n;
  });
}

function seconds(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || n < min || n > max) throw new UsageError(`${flag}: "${text}" is not a number of seconds between ${min} and ${max}`);
  return n;
}

function url(flag: string, text: string): string {
  try {
    const u = new URL(text);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    return text.replace(/\/$/, '');
  } catch {
    throw new UsageError(`${flag}: "${text}" is not an http(s) URL`);
  }
}

function startAt(text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(n)) throw new UsageError(`--start-at: "${text}" is neither an ISO time nor epoch milliseconds`);
  return n;
}

/** Validates the flags into run settings; throws UsageError naming the first bad flag. */
export function perfSettingsFrom(opts: PerfCliOptions) {
  let sizes: SizeSpec[] | undefined;
  try {
    sizes = opts.sizes === undefined ? undefined : parseSizeList(opts.sizes);
  } catch (e) {
    if (e instanceof SizeSpecError) throw new UsageError(`--sizes: ${e.message}`);
    throw e;
  }
  return {
    quick: opts.quick ?? false,
    concurrency: opts.concurrency === undefined ? undefined : numberList('--concurrency', opts.concurrency, (n) => Number.isInteger(n) && n >= 1 && n <= MAX_CONCURRENCY, `a whole number from 1 to ${MAX_CONCURRENCY}`),
    rates: opts.rate === undefined ? undefined : numberList('--rate', opts.rate, (n) => n > 0 && n <= MAX_RATE, `a rate in requests/s above 0 and up to ${MAX_RATE}`),
    sizes,
    soakS: opts.duration === undefined ? undefined : seconds('--duration', opts.duration, 0, 86_400),
    stepS: opts.step === undefined ? undefined : seconds('--step', opts.step, 0.2, 3600),
    floor: opts.floor,
  };
}

async function perfAction(opts: PerfCliOptions): Promise<void> {
  const settings = perfSettingsFrom(opts);
  const at = opts.startAt === undefined ? undefined : startAt(opts.startAt);
  const profile = profileOrUsageError(opts.target);
  let endpoints;
  if (opts.agent) {
    if (!opts.baselineUrl) throw new UsageError('--agent needs --baseline-url (the provider IS the agent can reach directly)');
    const sutUrl = opts.sutUrl ? url('--sut-url', opts.sutUrl) : profile.endpoints.clientProxyHttp;
    endpoints = agentEndpoints(profile, { sutUrl, providerIsUrl: url('--baseline-url', opts.baselineUrl) });
  } else if (opts.sutUrl || opts.baselineUrl) {
    throw new UsageError('--sut-url and --baseline-url are for --agent runs (without --agent the environment provides them)');
  }
  const plan = buildPlan(settings);
  const agentId = opts.agentId ?? (opts.agent ? defaultAgentId() : 'local');
  const report = await runPerf({
    profile,
    profileFile: opts.target,
    plan,
    agentId,
    endpoints,
    reportDir: opts.out,
    allowRemote: profile.kind !== 'embedded' || Boolean(opts.agent),
    startAt: at,
    explicitRates: settings.rates !== undefined,
  });
  const stem = opts.agent ? undefined : `perf-${report.startedAt.replace(/[:.]/g, '-')}`;
  const written = writePerfOutputs(report, opts.out, stem);
  process.stdout.write(formatReportTable(report) + '\n');
  process.stderr.write(`wrote ${written.html}, ${written.json}, ${written.table}${written.charts.length ? `, ${written.charts.length} SVG charts` : ''}\n`);
}

async function mergeAction(files: string[], opts: { out: string }): Promise<void> {
  let reports;
  try {
    reports = files.map(readPerfReport);
    const merged = mergePerfReports(reports);
    const written = writePerfOutputs(merged, opts.out, `perf-merged-${merged.agents.length}-agents`);
    process.stdout.write(formatReportTable(merged) + '\n');
    process.stderr.write(`merged ${files.length} reports into ${written.json} (page: ${written.html})\n`);
  } catch (e) {
    if (e instanceof PerfReportError) throw new UsageError(e.message);
    throw e;
  }
}

export function registerPerf(program: Command): void {
  const perf = program
    .command('perf')
    .description('measure the latency and throughput the security layer adds (direct vs through the SUT)')
    .option('--target <profile>', 'target profile (YAML)', 'targets/embedded.yaml')
    .option('--duration <s>', 'soak length in seconds at the highest --rate (0: no soak; default 10, --quick 3)')
    .option('--concurrency <list>', 'closed-model concurrency sweep (default 1,4,16,64,256)')
    .option('--rate <list>', 'open-model arrival rates in requests/s (default 50,100)')
    .option('--sizes <list>', 'message sizes: 1k,10k,100k,1m,10m,mix (the first is used for the sweeps)')
    .option('--step <s>', 'time under load per leg per load point, in seconds (default 2, --quick 1)')
    .option('--out <dir>', 'where to write the JSON, table and SVG charts', 'reports/perf')
    .option('--agent', 'load-agent mode: no environment; load --sut-url and --baseline-url, write perf-<agent id>.json for `perf merge`')
    .option('--agent-id <id>', 'agent id in the report (default $ROADTEST_AGENT_ID or host-pid)')
    .option('--sut-url <url>', 'agent mode: the SUT client proxy (default: the profile endpoints.clientProxyHttp)')
    .option('--baseline-url <url>', 'agent mode: the provider IS, reached directly')
    .option('--start-at <time>', 'wait until this ISO time or epoch ms before loading (agents of one Job start together)')
    .option('--quick', 'a short smoke run (seconds)')
    .option('--no-floor', 'skip the harness floor calibration')
    .action(perfAction);
  perf
    .command('merge')
    .description('merge the JSON reports (HDR logs) of several load agents into one (written to --out)')
    .argument('<json...>', 'perf reports written by `roadtest perf --agent`')
    // perf's own --out (commander gives a parent's options to the parent wherever they appear).
    .action((files: string[], _opts: unknown, cmd: Command) => mergeAction(files, { out: (cmd.parent?.opts() as { out?: string }).out ?? 'reports/perf' }));
}
