import { runCli } from './test-support/run-cli.js';
import { describe, expect, it } from 'vitest';

const roadtest = (...args: string[]) => runCli(...args);

describe('roadtest CLI', () => {
  it('lists every subcommand in --help', async () => {
    const r = await roadtest('--help');
    expect(r.status).toBe(0);
    for (const sub of ['run', 'perf', 'serve', 'pki', 'verify', 'verify-report', 'anchor']) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${sub}\\b`, 'm'));
    }
  });

  it('exits 2 with a one-line message for a missing target profile', async () => {
    const r = await roadtest('run', '--target', 'nonexistent.yaml');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('nonexistent.yaml');
  });

  it('exits 2 with a one-line message for an unknown flag', async () => {
    const r = await roadtest('run', '--no-such-flag');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--no-such-flag');
  });
});
