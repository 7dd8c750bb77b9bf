// `roadtest perf` flags: every bad value is a usage error (exit 2) naming the flag, before any
// environment is brought up or any load is generated.
import { describe, expect, it, vi } from 'vitest';
import { main } from '../main.js';
import { perfSettingsFrom, type PerfCliOptions } from './perf.js';

async function roadtest(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
  try {
    const code = await main(['node', 'roadtest', ...args]);
    return { code, stderr };
  } finally {
    spy.mockRestore();
  }
}

const base: PerfCliOptions = { target: 'targets/embedded.yaml', out: 'reports/perf', floor: true };

describe('roadtest perf flags', () => {
  it.each([
    [['--concurrency', '0'], '--concurrency'],
    [['--concurrency', '1,,4'], '--concurrency'],
    [['--concurrency', '2.5'], '--concurrency'],
    [['--concurrency', '99999'], '--concurrency'],
    [['--rate', '-5'], '--rate'],
    [['--rate', 'fast'], '--rate'],
    [['--rate', '0'], '--rate'],
    [['--sizes', '10x'], '--sizes'],
    [['--sizes', '1g'], '--sizes'],
    [['--sizes', ''], '--sizes'],
    [['--duration', 'abc'], '--duration'],
    [['--duration', '-1'], '--duration'],
    [['--step', '0'], '--step'],
    [['--start-at', 'tomorrow-ish'], '--start-at'],
    [['--target', 'nonexistent.yaml'], 'nonexistent.yaml'],
    [['--agent'], '--baseline-url'],
    [['--agent', '--baseline-url', 'ftp://x'], '--baseline-url'],
    [['--sut-url', 'http://127.0.0.1:1'], '--agent'],
    [['--no-such-flag'], '--no-such-flag'],
  ])('%j exits 2 naming %s', async (args, named) => {
    const r = await roadtest('perf', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(named);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('perf merge without files or with a missing file exits 2', async () => {
    expect((await roadtest('perf', 'merge')).code).toBe(2);
    const r = await roadtest('perf', 'merge', '/nonexistent/perf.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such file');
  });

  it('turns good values into settings', () => {
    const s = perfSettingsFrom({ ...base, concurrency: '1,4,16', rate: '50,100.5', sizes: '1k,2m,mix', duration: '60', step: '1.5', quick: true });
    expect(s.concurrency).toEqual([1, 4, 16]);
    expect(s.rates).toEqual([50, 100.5]);
    expect(s.sizes?.map((z) => z.label)).toEqual(['1 kB', '2 MB', 'mix']);
    expect(s.soakS).toBe(60);
    expect(s.stepS).toBe(1.5);
    expect(s.quick).toBe(true);
    expect(perfSettingsFrom({ ...base, duration: '0' }).soakS).toBe(0);
  });
});
