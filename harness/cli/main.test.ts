import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function roadtest(...args: string[]) {
  return spawnSync(process.execPath, ['bin/roadtest.mjs', ...args], { encoding: 'utf8', timeout: 30_000 });
}

describe('roadtest CLI', () => {
  it('lists every subcommand in --help', () => {
    const r = roadtest('--help');
    expect(r.status).toBe(0);
    for (const sub of ['run', 'perf', 'serve', 'pki', 'verify', 'verify-report', 'anchor']) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${sub}\\b`, 'm'));
    }
  });

  it('exits 2 with a one-line message for a missing target profile', () => {
    const r = roadtest('run', '--target', 'nonexistent.yaml');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('nonexistent.yaml');
  });

  it('exits 2 with a one-line message for an unknown flag', () => {
    const r = roadtest('run', '--no-such-flag');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--no-such-flag');
  });
});
