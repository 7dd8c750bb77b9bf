// Instance settings and observations for the time-stamping scenarios (TSA-001..006): a recorder
// in front of the approved TSA, TSA lists (none; an unreachable one first), an expired global
// configuration at the SUT, and the checks X-Road's time-stamp requests pass.
import { setTimeout as sleep } from 'node:timers/promises';
import { parseTimestampRequest } from '../../protocol/timestamp/index.js';
import type { EnvironmentHandles } from '../environment/environment-handles.js';
import { startHttpRecorder, type HttpRecorder, type RecordedHttpRequest } from './transport-http-recorder.js';
import { changeInstance, publishAndLoad, type AsyncUndo } from './transport-instance-edits.js';
import { deadAddress } from './transport-routing.js';

/** Points every approved TSA's URL at a recorder forwarding to the TSA. */
export async function recordTsaRequests(h: EnvironmentHandles): Promise<{ recorder: HttpRecorder; undo: AsyncUndo }> {
  const recorder = await startHttpRecorder(h.tsa.url);
  const undoInstance = await changeInstance(h, (m) => {
    for (const t of m.approvedTSAs ?? []) t.url = recorder.url;
  });
  return {
    recorder,
    undo: async () => {
      await undoInstance();
      await recorder.stop();
    },
  };
}

/** 'none': no approvedTSA at all (TSA-005); 'unreachable-first': a TSA nobody answers for, then the real one (TSA-002). */
export async function listTsas(h: EnvironmentHandles, shape: 'none' | 'unreachable-first'): Promise<AsyncUndo> {
  const dead = shape === 'unreachable-first' ? `http://${await deadAddress()}/` : '';
  return changeInstance(h, (m) => {
    const real = m.approvedTSAs ?? [];
    m.approvedTSAs = shape === 'none' ? [] : [{ ...real[0]!, name: 'roadtest unreachable TSA', url: dead }, ...real];
  });
}

/**
 * Lets the SUT's copy of the global configuration expire (TSA-006): publish one that expires in
 * 2 s, take the central server down so no newer copy arrives, and wait until the SUT's copy (and
 * the peer's, which shares the TSA) is outdated. The undo brings the central server back and
 * publishes a normal configuration.
 */
export async function expireSutGlobalConf(h: EnvironmentHandles): Promise<AsyncUndo> {
  const cs = h.centralServer;
  if (!cs) throw new Error('expiring the configuration needs the simulated central server (embedded target)');
  const before = cs.settings.confExpireIntervalSeconds;
  const restore = async () => {
    await cs.knobs.clear('down');
    cs.settings.confExpireIntervalSeconds = before;
    await publishAndLoad(h);
  };
  cs.settings.confExpireIntervalSeconds = 2;
  await publishAndLoad(h);
  await cs.knobs.set('down', true);
  const until = Date.now() + 5_000;
  const expired = (c: { assertValid(): void } | undefined) => {
    try {
      c?.assertValid();
      return c === undefined;
    } catch {
      return true;
    }
  };
  for (;;) {
    if (expired(h.globalConf) && expired(h.peerGlobalConf)) return restore;
    if (Date.now() > until) {
      await restore();
      throw new Error("the SUT's global configuration did not expire within 5 s");
    }
    await sleep(100);
  }
}

/** TSA-001: what is wrong with one recorded request, compared with X-Road's message log. */
export function tsaRequestProblems(rec: RecordedHttpRequest): string[] {
  const p: string[] = [];
  const ct = (rec.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (rec.method !== 'POST') p.push(`method ${rec.method}`);
  if (ct !== 'application/timestamp-query') p.push(`Content-Type ${rec.headers['content-type'] ?? '(none)'}`);
  try {
    const q = parseTimestampRequest(rec.body);
    if (q.messageImprint.hashAlgorithm !== 'sha512') p.push(`imprint algorithm ${q.messageImprint.hashAlgorithm ?? q.messageImprint.hashAlgorithmOid}, not SHA-512`);
    if (q.messageImprint.hashedMessage.length !== 64) p.push(`imprint of ${q.messageImprint.hashedMessage.length} bytes`);
    if (q.nonce !== undefined) p.push('the request carries a nonce');
    if (q.certReq) p.push('certReq is set');
  } catch (e) {
    p.push(`not a TimeStampReq: ${(e as Error).message}`);
  }
  return p;
}
