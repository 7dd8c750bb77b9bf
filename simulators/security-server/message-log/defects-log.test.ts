// The seeded defects of the message log (defects.ts): no-timestamping, ignore-timestamp-failure-period,
// asic-wrong-message, log-requests-only, tsa-query-sha256, accept-any-timestamp-token. Each changes what its description names, and the same
// log without it (no switches, or switches with nothing on) behaves as X-Road's does.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZipBuffer } from '../../../protocol/asic/zip-buffer-reader.js';
import { parseTimestampToken } from '../../../protocol/timestamp/index.js';
import { Defects } from '../defects.js';
import { createMessageLog, type MessageLogOptions, type ReferenceMessageLog } from './message-log.js';
import { CLIENT, logFixture, type LogFixture } from './test-fixture.js';
import { CANNOT_TIMESTAMP, NO_TSA_CONFIGURED } from './timestamper.js';
import { timestampFromTsa } from './tsa-client.js';

const CLIENT_QS = 'xRoadInstance=DEV&memberClass=COM&memberCode=1234&subsystemCode=CLIENT';

let f: LogFixture;
const logs: ReferenceMessageLog[] = [];
const servers: Server[] = [];

beforeAll(async () => {
  f = await logFixture();
});
afterAll(async () => {
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
  for (const l of logs) await l.stop();
  await f.stop();
});

async function open(defects: string[] | undefined, options: Partial<MessageLogOptions> = {}): Promise<ReferenceMessageLog> {
  const log = await createMessageLog({
    directory: await f.tempDir(),
    globalConf: f.globalConf,
    timestampingIntervalSeconds: 3600,
    tsaTimeoutMs: 2000,
    ...(defects ? { defects: new Defects(defects) } : {}),
    ...options,
  });
  logs.push(log);
  return log;
}

/** GET /asic from `log` over HTTP; the zip's entries. */
async function asic(log: ReferenceMessageLog, query: string): Promise<{ status: number; text: string; body: Buffer; entries: Array<{ name: string; data: Buffer }> }> {
  const server = createServer((req, res) => void log.handleAsic(req, res, new URL(req.url ?? '/', 'http://localhost')));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/asic?${query}&${CLIENT_QS}`);
  const body = Buffer.from(await res.arrayBuffer());
  const entries = res.status === 200 ? (await readZipBuffer(body, () => 'keep')).kept.map((e) => ({ name: e.name, data: e.data })) : [];
  return { status: res.status, text: res.status === 200 ? '' : body.toString('utf8'), body, entries };
}

async function logExchange(log: ReferenceMessageLog, queryId: string) {
  const req = f.soapRequest(queryId);
  await log.log(req);
  await log.log(f.soapResponse(req));
}

describe('no-timestamping', () => {
  it('batch runs stamp nothing and /asic force fails with the defect; without it both stamp', async () => {
    for (const [defects, q] of [[undefined, 'nots-off'], [[], 'nots-none']] as const) {
      const log = await open(defects ? [...defects] : undefined);
      await logExchange(log, q);
      expect(await log.timestampNow()).toBe(true);
      expect(log.stats().unstamped).toBe(0);
    }
    const log = await open(['no-timestamping']);
    await logExchange(log, 'nots-on');
    const tokens = f.tsa.hits.tokensIssued;
    expect(await log.timestampNow()).toBe(true); // reports success ...
    expect(log.stats().unstamped).toBe(2); // ... and stamped nothing
    expect(f.tsa.hits.tokensIssued).toBe(tokens);
    expect(await asic(log, 'queryId=nots-on')).toMatchObject({ status: 500, text: 'Some message signatures have not been timestamped yet!' });
    expect(await asic(log, 'queryId=nots-on&force')).toMatchObject({ status: 500, text: CANNOT_TIMESTAMP });
  });
});

describe('ignore-timestamp-failure-period', () => {
  it('messages are accepted with no TSA configured and past the failure period with the defect', async () => {
    let now = Date.now();
    const opts = { clock: () => new Date(now), acceptableTimestampFailurePeriodSeconds: 10, timestampRetryDelaySeconds: 3600 };
    const correct = await open([], opts);
    const defective = await open(['ignore-timestamp-failure-period'], opts);
    f.globalConf.withTsas([]);
    try {
      expect(() => correct.assertCanAcceptMessages()).toThrow(expect.objectContaining({ code: 'timestamping_failed', message: NO_TSA_CONFIGURED }));
      expect(() => defective.assertCanAcceptMessages()).not.toThrow();
    } finally {
      f.globalConf.withTsas([f.tsa.approvedTsa]);
    }
    await f.tsa.knobs.set('down', true);
    try {
      for (const log of [correct, defective]) {
        await log.log(f.soapRequest(`period-${logs.indexOf(log)}`));
        expect(await log.timestampNow()).toBe(false);
      }
      now += 11_000;
      expect(() => correct.assertCanAcceptMessages()).toThrow(expect.objectContaining({ code: 'timestamping_failed', message: CANNOT_TIMESTAMP }));
      await expect(correct.log(f.soapRequest('period-late-correct'))).rejects.toMatchObject({ code: 'timestamping_failed' });
      await defective.log(f.soapRequest('period-late-defective'));
      expect(defective.find('period-late-defective', CLIENT)).toHaveLength(1);
    } finally {
      await f.tsa.knobs.clear('down');
    }
  });
});

describe('asic-wrong-message', () => {
  it('/asic hands out message.xml bytes other than those logged, and the container no longer verifies', async () => {
    for (const defects of [[], ['asic-wrong-message']]) {
      const on = defects.length > 0;
      const log = await open(defects);
      const q = on ? 'wrong-on' : 'wrong-off';
      const req = f.soapRequest(q);
      await log.log(req);
      await log.timestampNow();
      // `unique`: the answer is the container itself, so its entries are the container's.
      const r = await asic(log, `queryId=${q}&requestOnly&unique`);
      expect(r.status).toBe(200);
      const message = r.entries.find((e) => e.name === 'message.xml')!.data;
      expect(message.equals(req.message)).toBe(!on);
      const verdict = await f.verify(r.body);
      expect(verdict.valid).toBe(!on);
      // The stored record is untouched: the container built from the log itself still verifies.
      expect((await f.verify(await log.container(log.find(q, CLIENT)[0]))).valid).toBe(true);
    }
  });
});

describe('log-requests-only', () => {
  it('the response of an exchange leaves no record with the defect', async () => {
    const correct = await open(undefined);
    const defective = await open(['log-requests-only']);
    await logExchange(correct, 'reqonly-off');
    await logExchange(defective, 'reqonly-on');
    expect(correct.find('reqonly-off', CLIENT).map((r) => r.direction)).toEqual(['request', 'response']);
    expect(defective.find('reqonly-on', CLIENT).map((r) => r.direction)).toEqual(['request']);
  });
});

describe('tsa-query-sha256', () => {
  it('the time-stamp query carries a SHA-256 imprint with the defect, SHA-512 without it', async () => {
    const data = Buffer.from('stamp me');
    const algorithmOf = async (defects?: string[]) =>
      parseTimestampToken((await timestampFromTsa(data, f.tsa.approvedTsa, f.trust, defects ? { defects: new Defects(defects) } : {})).tokenDer).tstInfo.messageImprint.hashAlgorithm;
    expect(await algorithmOf()).toBe('sha512');
    expect(await algorithmOf([])).toBe('sha512');
    expect(await algorithmOf(['tsa-query-sha256'])).toBe('sha256');
  });
});

describe('accept-any-timestamp-token', () => {
  it('a granted token over another imprint, with a broken signature or from an unknown signer is taken with the defect', async () => {
    const data = Buffer.from('stamp me too');
    const stamp = (defects?: string[]) => timestampFromTsa(data, f.tsa.approvedTsa, f.trust, defects ? { defects: new Defects(defects) } : {});
    for (const knob of ['wrongImprint', 'badSignature', 'unknownSigner'] as const) {
      await f.tsa.knobs.set(knob, true as never);
      try {
        await expect(stamp(), knob).rejects.toMatchObject({ code: expect.stringMatching(/^mlog\./) });
        await expect(stamp([]), knob).rejects.toMatchObject({ code: expect.stringMatching(/^mlog\./) });
        expect((await stamp(['accept-any-timestamp-token'])).tokenDer.length, knob).toBeGreaterThan(0);
      } finally {
        await f.tsa.knobs.clear(knob);
      }
    }
    // A refusal is still a refusal.
    await f.tsa.knobs.set('rejection', { failInfo: 'badRequest' } as never);
    try {
      await expect(stamp(['accept-any-timestamp-token'])).rejects.toMatchObject({ code: 'mlog.timestamp_non_granted_response' });
    } finally {
      await f.tsa.knobs.clear('rejection');
    }
  });
});
