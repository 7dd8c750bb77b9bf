// LOG-001 durability: a child process logs as fast as it can and is SIGKILLed mid-stream; every
// record whose log() had resolved must be in the reopened log with its exact bytes.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CRASH_CLIENT, crashTestMessage } from './crash-child.js';
import { MessageRecordStore } from './record-store.js';

const here = dirname(fileURLToPath(import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Runs the child until `acks` records are acknowledged, then SIGKILLs it; returns the acknowledged ids. */
function logThenKill(dir: string, acks: number, firstId: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, '..', '..', '..', 'bin', 'roadtest-tsx.mjs'), join(here, 'crash-child.ts'), dir, String(firstId)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let buffered = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not acknowledge ${acks} records in time (${acked.length}); stderr: ${stderr}`));
    }, 25_000);
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      buffered += c.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line.startsWith('ack ')) acked.push(line.slice(4));
      if (!killed && acked.length >= acks) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && killed) resolve(acked);
      else reject(new Error(`child exited with ${code ?? signal} before being killed; stderr: ${stderr}`));
    });
  });
}

describe('crash safety (SIGKILL)', () => {
  it('keeps every acknowledged record, twice over', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'roadtest-crash-'));
    dirs.push(dir);
    const first = await logThenKill(dir, 400, 0);
    // The second run appends to a journal the first one may have left with a torn tail.
    const second = await logThenKill(dir, 200, 100_000);
    const store = await MessageRecordStore.open(dir);
    try {
      const acked = [...first, ...second];
      expect(acked.length).toBeGreaterThanOrEqual(600);
      expect(store.stats().records).toBeGreaterThanOrEqual(acked.length);
      for (const queryId of acked) {
        const expected = crashTestMessage(queryId);
        const found = store.find(queryId, CRASH_CLIENT, expected.direction);
        expect(found.length, queryId).toBe(1);
        const r = found[0];
        expect((await store.read(r.message)).equals(expected.message), queryId).toBe(true);
        expect((await store.read(r.signatureXml)).equals(expected.signatureXml), queryId).toBe(true);
        expect(r.attachments.length).toBe(expected.attachments.length);
        if (r.attachments.length) expect((await store.read(r.attachments[0])).equals(expected.attachments[0])).toBe(true);
        expect(r.loggedAt.getTime()).toBe(expected.loggedAt.getTime());
      }
    } finally {
      await store.close();
    }
  });
});
