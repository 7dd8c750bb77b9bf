// What a `roadtest perf` run measures and for how long. The default plan fits in under three
// minutes on a 2-core machine with the embedded SUT (issue 7); --quick is a smoke run of seconds.
import { parseSize, REALISTIC_MIX, type SizeSpec } from '../../perf/message-mix.js';
import type { LoadShape } from '../../perf/perf-report.js';
import type { MeasurePoint } from './measure-overhead.js';

export interface PerfSettings {
  quick?: boolean;
  /** Closed-model concurrency sweep. */
  concurrency?: number[];
  /** Open-model arrival rates (requests/s). */
  rates?: number[];
  /** Message sizes; the first fixed size is the one the sweeps use. */
  sizes?: SizeSpec[];
  /** Soak length in seconds; 0 disables the soak. */
  soakS?: number;
  /** Time under load per leg per load point, seconds. */
  stepS?: number;
  floor?: boolean;
}

export interface PerfPlan {
  points: MeasurePoint[];
  /** Per leg per point. */
  stepMs: number;
  rounds: number;
  floor?: { rounds: number; sliceMs: number };
  /** The resolved settings, recorded in the report. */
  settings: Record<string, unknown>;
}

export const DEFAULT_CONCURRENCY = [1, 4, 16, 64, 256];
export const DEFAULT_RATES = [50, 100];
const QUICK_CONCURRENCY = [1, 16, 64];
const QUICK_RATES = [100];
/** Concurrency of the size sweep and of the realistic mix; messages of 1 MB and more go one at a time. */
const SIZE_SWEEP_CONCURRENCY = 4;
const LARGE_MESSAGE_BYTES = 1024 * 1024;
const MIX_CONCURRENCY = 16;

export function buildPlan(s: PerfSettings = {}): PerfPlan {
  const quick = s.quick ?? false;
  const concurrency = s.concurrency ?? (quick ? QUICK_CONCURRENCY : DEFAULT_CONCURRENCY);
  const rates = s.rates ?? (quick ? QUICK_RATES : DEFAULT_RATES);
  const defaultSizes = quick ? ['1k', '100k', 'mix'] : ['1k', '10k', '100k', '1m', '10m', 'mix'];
  const sizes = s.sizes ?? defaultSizes.map(parseSize);
  const fixed = sizes.filter((z): z is Extract<SizeSpec, { kind: 'fixed' }> => z.kind === 'fixed');
  const base = fixed[0] ?? parseSize('1k');
  const soakS = s.soakS ?? (quick ? 3 : 10);
  const stepMs = Math.round((s.stepS ?? (quick ? 1 : 2)) * 1000);
  const points: MeasurePoint[] = [];
  const add = (shape: LoadShape, size: SizeSpec, attachments = false) => points.push({ shape, size, attachments });
  const sizeConcurrency = (z: { bytes: number }) => (z.bytes >= LARGE_MESSAGE_BYTES ? 1 : SIZE_SWEEP_CONCURRENCY);
  for (const c of concurrency) add({ kind: 'closed', concurrency: c }, base);
  for (const r of rates) add({ kind: 'open', rate: r }, base);
  // The soak before the size points: it is the go-live gate, sizes are detail, and the time
  // budget drops points from the end.
  if (soakS > 0) add({ kind: 'soak', rate: Math.max(...rates, 1), durationMs: soakS * 1000 }, base);
  for (const z of fixed.slice(1)) add({ kind: 'closed', concurrency: sizeConcurrency(z) }, z);
  // SwA: the payload moves from the body into an attachment, at the base size and the largest one
  // up to 1 MB (the attachment path streams; the body path parses XML).
  const attSizes = [...new Set([base, ...fixed.filter((z) => z.bytes <= 1024 * 1024).slice(-1)])];
  for (const z of attSizes) add({ kind: 'closed', concurrency: sizeConcurrency(z) }, z, true);
  if (sizes.some((z) => z.kind === 'mix')) add({ kind: 'closed', concurrency: MIX_CONCURRENCY }, REALISTIC_MIX);
  return {
    points,
    stepMs,
    rounds: 2,
    floor: s.floor === false ? undefined : quick ? { rounds: 2, sliceMs: 1000 } : { rounds: 3, sliceMs: 2000 },
    settings: { quick, concurrency, rates, sizes: sizes.map((z) => z.label), soakS, stepS: stepMs / 1000, rounds: 2 },
  };
}

/** Planned load time in ms for `legs` legs per point (2 without a SUT, 4 with one). */
export function plannedLoadMs(plan: PerfPlan, legsWithSut: boolean): number {
  let ms = 0;
  for (const p of plan.points) {
    const legs = p.attachments ? (legsWithSut ? 2 : 1) : legsWithSut ? 4 : 2;
    ms += p.shape.kind === 'soak' ? p.shape.durationMs : legs * plan.stepMs;
  }
  if (plan.floor) ms += plan.floor.rounds * 3 * plan.floor.sliceMs + 2000;
  return ms;
}
