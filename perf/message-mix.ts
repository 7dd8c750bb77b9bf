// Message sizes: fixed sizes for the size sweep and the realistic mix of X-Road's old Gatling plan
// (2 kB 30 %, 10 kB 60 %, 100 kB 9 %, 2 MB 0.9 %, 10 MB 0.1 %). A size is the payload the client IS
// puts in the message body (or in the attachment); envelope and headers come on top.
import { seededRandom } from './rng.js';

export const KB = 1024;
export const MB = 1024 * 1024;

export type SizeSpec =
  | { kind: 'fixed'; label: string; bytes: number }
  | { kind: 'mix'; label: string; entries: ReadonlyArray<{ bytes: number; weight: number }> };

export const REALISTIC_MIX: SizeSpec = {
  kind: 'mix',
  label: 'mix',
  entries: [
    { bytes: 2 * KB, weight: 30 },
    { bytes: 10 * KB, weight: 60 },
    { bytes: 100 * KB, weight: 9 },
    { bytes: 2 * MB, weight: 0.9 },
    { bytes: 10 * MB, weight: 0.1 },
  ],
};

export const SWEEP_SIZES = ['1k', '10k', '100k', '1m', '10m'] as const;

/** Largest single message the generator will build (keeps a typo like 10g from eating memory). */
export const MAX_MESSAGE_BYTES = 64 * MB;

export class SizeSpecError extends Error {
  override readonly name = 'SizeSpecError';
  readonly code = 'perf.bad_size';
}

export function sizeLabel(bytes: number): string {
  if (bytes >= MB && bytes % MB === 0) return `${bytes / MB} MB`;
  if (bytes >= KB && bytes % KB === 0) return `${bytes / KB} kB`;
  return `${bytes} B`;
}

/** `1k`, `10kB`, `2m`, `512`, `mix` -> a size spec. */
export function parseSize(text: string): SizeSpec {
  const t = text.trim().toLowerCase();
  if (t === 'mix') return REALISTIC_MIX;
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib)?$/.exec(t);
  if (!m) throw new SizeSpecError(`size "${text}" is not a number with an optional unit (b, k, m) nor "mix"`);
  const unit = m[2] ?? 'b';
  const bytes = Math.round(Number(m[1]) * (unit.startsWith('m') ? MB : unit.startsWith('k') ? KB : 1));
  if (bytes < 1) throw new SizeSpecError(`size "${text}" must be at least 1 byte`);
  if (bytes > MAX_MESSAGE_BYTES) throw new SizeSpecError(`size "${text}" exceeds the ${sizeLabel(MAX_MESSAGE_BYTES)} limit`);
  return { kind: 'fixed', label: sizeLabel(bytes), bytes };
}

export function parseSizeList(text: string): SizeSpec[] {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new SizeSpecError('size list is empty');
  return parts.map(parseSize);
}

/** Every distinct byte size a spec can produce (to build request bodies up front). */
export function sizesOf(spec: SizeSpec): number[] {
  return spec.kind === 'fixed' ? [spec.bytes] : spec.entries.map((e) => e.bytes);
}

/** Draws message sizes for a spec; deterministic for a given seed. */
export function sizePicker(spec: SizeSpec, seed = 1): () => number {
  if (spec.kind === 'fixed') return () => spec.bytes;
  const rand = seededRandom(seed);
  const total = spec.entries.reduce((a, e) => a + e.weight, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const e of spec.entries) cumulative.push((acc += e.weight / total));
  return () => {
    const u = rand();
    const i = cumulative.findIndex((c) => u < c);
    return spec.entries[i === -1 ? spec.entries.length - 1 : i].bytes;
  };
}

/** Mean payload size of a spec (for bytes/s estimates). */
export function meanBytes(spec: SizeSpec): number {
  if (spec.kind === 'fixed') return spec.bytes;
  const total = spec.entries.reduce((a, e) => a + e.weight, 0);
  return spec.entries.reduce((a, e) => a + (e.bytes * e.weight) / total, 0);
}
