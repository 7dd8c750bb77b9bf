// Timestamper details: batches split at timestamp-records-limit (a lone remainder gets a single
// stamp), and concurrent batch runs / synchronous stamps / forced stamps never stamp a record twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessageLog, type ReferenceMessageLog } from './message-log.js';
import { CLIENT, logFixture, type LogFixture } from './test-fixture.js';

let f: LogFixture;
const logs: ReferenceMessageLog[] = [];

beforeAll(async () => {
  f = await logFixture();
});
afterAll(async () => {
  for (const l of logs) await l.stop();
  await f.stop();
});

async function open(recordsLimit = 10_000): Promise<ReferenceMessageLog> {
  const log = await createMessageLog({ directory: await f.tempDir(), globalConf: f.globalConf, timestampingIntervalSeconds: 3600, timestampRecordsLimit: recordsLimit });
  logs.push(log);
  return log;
}

describe('Timestamper', () => {
  it('splits the backlog at timestamp-records-limit', async () => {
    const log = await open(3);
    for (let i = 0; i < 7; i++) await log.log(f.soapRequest(`limit-${i}`));
    const before = f.tsa.hits.tokensIssued;
    expect(await log.timestampNow()).toBe(true);
    expect(f.tsa.hits.tokensIssued - before).toBe(3);
    const records = Array.from({ length: 7 }, (_, i) => log.find(`limit-${i}`, CLIENT)[0]);
    expect(records.map((r) => r.stamp?.kind)).toEqual(['batch', 'batch', 'batch', 'batch', 'batch', 'batch', 'single']);
    const batchSizes = records.filter((r) => r.stamp?.kind === 'batch').map((r) => (r.stamp as { batch: { recordCount: number } }).batch.recordCount);
    expect(batchSizes).toEqual([3, 3, 3, 3, 3, 3]);
    for (const r of [records[0], records[5], records[6]]) expect((await f.verify(await log.container(r))).valid).toBe(true);
  });

  it('never stamps a record twice when batch runs and forced stamps overlap', async () => {
    const log = await open();
    for (let i = 0; i < 10; i++) await log.log(f.soapRequest(`race-${i}`));
    const records = Array.from({ length: 10 }, (_, i) => log.find(`race-${i}`, CLIENT)[0]);
    await f.tsa.knobs.set('slow', { delayMs: 100 });
    const before = f.tsa.hits.tokensIssued;
    try {
      const runs = [log.timestampNow(), log.timestampNow()];
      expect(runs[0]).toBe(runs[1]); // one run at a time
      const url = new URL(`http://x/asic?queryId=race-4&xRoadInstance=DEV&memberClass=COM&memberCode=1234&subsystemCode=CLIENT&force`);
      const forced = fakeAsicGet(log, url);
      await Promise.all([...runs, forced]);
      expect((await forced).status).toBe(200);
    } finally {
      await f.tsa.knobs.clear();
    }
    expect(records.every((r) => r.stamp)).toBe(true);
    expect(log.stats().timestamper.stampedRecords).toBe(10);
    // The other way round: a forced stamp first, then a batch run that must leave that record alone.
    for (let i = 0; i < 5; i++) await log.log(f.soapRequest(`race2-${i}`));
    const url = new URL(`http://x/asic?queryId=race2-2&xRoadInstance=DEV&memberClass=COM&memberCode=1234&subsystemCode=CLIENT&force`);
    const forced = fakeAsicGet(log, url);
    await new Promise((r) => setImmediate(r));
    await log.timestampNow();
    expect((await forced).status).toBe(200);
    expect(log.find('race2-2', CLIENT)[0].stamp?.kind).toBe('single');
    expect(log.find('race2-3', CLIENT)[0].stamp).toMatchObject({ kind: 'batch', batch: { recordCount: 4 } });
    expect(log.stats().timestamper.stampedRecords).toBe(15);
    expect(f.tsa.hits.tokensIssued - before).toBe(log.stats().timestamper.tokens);
  });
});

/** Calls handleAsic with minimal request/response stand-ins; resolves with the status written. */
async function fakeAsicGet(log: ReferenceMessageLog, url: URL): Promise<{ status: number; body: Buffer }> {
  let status = 0;
  const chunks: Buffer[] = [];
  const res = {
    headersSent: false,
    setHeader: () => undefined,
    writeHead(s: number) {
      status = s;
      this.headersSent = true;
      return this;
    },
    end(b?: Buffer) {
      if (b) chunks.push(b);
    },
    destroy: () => undefined,
  };
  await log.handleAsic({ method: 'GET' } as never, res as never, url);
  return { status, body: Buffer.concat(chunks) };
}
