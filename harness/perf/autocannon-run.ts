// autocannon as the reference load generator for the floor calibration. It has no type
// declarations in this repo, so it is loaded through require with the slice of its API we use.
import { createRequire } from 'node:module';

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  latency: { p50: number; p90: number; p99: number; max: number };
}

type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as Autocannon;

export interface AutocannonFigures {
  rps: number;
  ok: number;
  errors: number;
  durationS: number;
}

/** POSTs `body` with `connections` keep-alive connections for `seconds` (whole seconds). */
export async function runAutocannon(url: string, connections: number, seconds: number, body: Buffer): Promise<AutocannonFigures> {
  const r = await autocannon({ url, connections, duration: Math.max(1, Math.round(seconds)), method: 'POST', body, headers: { 'content-type': 'application/octet-stream' }, timeout: 10 });
  const ok = r['2xx'];
  return { rps: r.duration > 0 ? ok / r.duration : 0, ok, errors: r.errors + r.timeouts + r.non2xx, durationS: r.duration };
}
