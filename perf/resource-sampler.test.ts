import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readProc, ResourceSampler } from './resource-sampler.js';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  return x;
};

describe('resource sampler', () => {
  it('measures this process: CPU of a busy loop, resident memory', async () => {
    const s = new ResourceSampler({ kind: 'self' }, 20);
    s.resume();
    busy(300);
    s.pause();
    const idle = new ResourceSampler({ kind: 'self' }, 20);
    idle.resume();
    await new Promise((r) => setTimeout(r, 300));
    idle.pause();
    const u = s.usage()!;
    expect(u.subject).toContain('self');
    // On a shared machine a busy loop may not get a whole core, but far more than an idle wait.
    expect(u.cpuPercent).toBeGreaterThan(20);
    expect(u.cpuPercent).toBeGreaterThan(idle.usage()!.cpuPercent + 15);
    expect(u.cpuPercent).toBeLessThan(150);
    expect(u.rssPeakMb).toBeGreaterThan(10);
    expect(u.rssPeakMb).toBeGreaterThanOrEqual(u.rssStartMb);
  });

  it('measures another process through /proc: busy vs idle', async () => {
    const idle = spawn(process.execPath, ['-e', 'setTimeout(()=>{},3000)'], { stdio: 'ignore' });
    const busyChild = spawn(process.execPath, ['-e', 'const e=Date.now()+3000;while(Date.now()<e);'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const a = new ResourceSampler({ kind: 'pid', pid: busyChild.pid! }, 50);
      const b = new ResourceSampler({ kind: 'pid', pid: idle.pid! }, 50);
      a.resume();
      b.resume();
      await new Promise((r) => setTimeout(r, 800));
      a.pause();
      b.pause();
      // Relative, not absolute: on a loaded 2-core CI machine the spinning child may get well
      // under one core, but it always gets clearly more than the sleeping one.
      expect(a.usage()!.cpuPercent).toBeGreaterThan(10);
      expect(a.usage()!.cpuPercent).toBeGreaterThan(b.usage()!.cpuPercent + 8);
      expect(b.usage()!.cpuPercent).toBeLessThan(15);
      expect(a.usage()!.rssPeakMb).toBeGreaterThan(5);
      expect(a.usage()!.subject).toBe(`pid ${busyChild.pid}`);
    } finally {
      for (const c of [idle, busyChild]) c.kill('SIGKILL');
    }
  });

  it('gives nothing for a process that does not exist', () => {
    expect(readProc(2 ** 22 + 12345)).toBeUndefined();
    const s = new ResourceSampler({ kind: 'pid', pid: 2 ** 22 + 12345 });
    s.resume();
    s.pause();
    expect(s.usage()).toBeUndefined();
  });
});
