// The message log end to end with a real TSA simulator and real XAdES signatures: batch and single
// stamping (containers verified by protocol/asic's full verifier), the failure period and its
// recovery (TSA-005), synchronous stamping (TSA-004), expired configuration (TSA-006), body logging
// off (LOG-006) and durability across a reopen (LOG-001).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAsicContainer } from '../../../protocol/asic/index.js';
import { readSignatureDocument, signatureTimestampToken } from '../../../protocol/signature/index.js';
import { parseTimestampToken, verifyTimestampToken } from '../../../protocol/timestamp/index.js';
import { verifyHashChain } from '../../../protocol/hashchain/index.js';
import { createMessageLog, type MessageLogOptions, type ReferenceMessageLog } from './message-log.js';
import { CANNOT_TIMESTAMP, NO_TSA_CONFIGURED } from './timestamper.js';
import { ALL_TSAS_FAILED } from './tsa-client.js';
import { CLIENT, logFixture, type LogFixture } from './test-fixture.js';

let f: LogFixture;
const logs: ReferenceMessageLog[] = [];

beforeAll(async () => {
  f = await logFixture('rsa');
});
afterAll(async () => {
  for (const l of logs) await l.stop();
  await f.stop();
});

async function open(options: Partial<MessageLogOptions> = {}): Promise<ReferenceMessageLog> {
  const log = await createMessageLog({ directory: await f.tempDir(), globalConf: f.globalConf, timestampingIntervalSeconds: 3600, ...options });
  logs.push(log);
  return log;
}

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`condition not reached in time: ${JSON.stringify(logs.at(-1)?.stats())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function expectCode(fn: () => unknown, code: string, message?: string) {
  let caught: { code?: string; message?: string } | undefined;
  try {
    fn();
  } catch (e) {
    caught = e as { code?: string; message?: string };
  }
  expect(caught?.code).toBe(code);
  if (message) expect(caught?.message).toBe(message);
}

describe('batch time-stamping (TSA-003)', () => {
  it('stamps every pending record with one token over ts-hashchainresult; each container verifies', async () => {
    const log = await open();
    const requests = [1, 2, 3].map((i) => f.soapRequest(`batch-${i}`));
    const rest = f.restRequest('batch-rest', Buffer.from('{"a":1}'));
    for (const m of [...requests, f.soapResponse(requests[0]), rest]) await log.log(m);
    const before = f.tsa.hits.tokensIssued;
    expect(await log.timestampNow()).toBe(true);
    expect(f.tsa.hits.tokensIssued - before).toBe(1);
    const records = [...requests.flatMap((r) => log.find(r.queryId, CLIENT)), ...log.find('batch-rest', CLIENT)];
    expect(records).toHaveLength(5);
    for (const r of records) {
      expect(r.stamp?.kind).toBe('batch');
      const container = await log.container(r);
      const verdict = await f.verify(container);
      expect(verdict, verdict.message).toMatchObject({ valid: true, details: { batchTimestamp: true } });
      // The imprint is the SHA-512 of ts-hashchainresult.xml, whose chain links this signatures.xml.
      const c = await readAsicContainer(container);
      const vt = verifyTimestampToken(c.timestampToken!, { stampedData: c.tsHashChainResult!, trust: f.trust });
      expect(parseTimestampToken(c.timestampToken!).tstInfo.messageImprint.hashAlgorithm).toBe('sha512');
      expect(vt.tsa.url).toBe(f.tsa.url);
      const resolver = { resolve: (uri: string) => c.getEntry(uri) };
      expect(() => verifyHashChain(c.tsHashChainResult!, resolver, new Map([['/META-INF/signatures.xml', null]]))).not.toThrow();
    }
    // The REST body is logged as attachment1, byte for byte.
    const restContainer = await readAsicContainer(await log.container(log.find('batch-rest', CLIENT)[0]));
    expect(restContainer.attachmentNames).toEqual(['attachment1']);
  });

  it('runs by itself every timeStampingIntervalSeconds', async () => {
    const log = await open({ timestampingIntervalSeconds: 0.2, timestampRetryDelaySeconds: 0.2 });
    for (let i = 0; i < 3; i++) await log.log(f.soapRequest(`timer-${i}`));
    await until(() => log.stats().unstamped === 0);
    expect(log.stats().timestamper.tokens).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 3; i++) expect((await f.verify(await log.container(log.find(`timer-${i}`, CLIENT)[0]))).valid).toBe(true);
    // The interval comes from the global configuration unless overridden.
    f.globalConf.intervalSeconds = 1;
    try {
      const fromConf = await open({ timestampingIntervalSeconds: undefined });
      await fromConf.log(f.soapRequest('timer-conf'));
      await until(() => fromConf.stats().unstamped === 0, 5000);
    } finally {
      f.globalConf.intervalSeconds = 60;
    }
  });

  it('a lone record gets a single token over its SignatureValue, embedded in signatures.xml', async () => {
    const log = await open();
    const m = f.soapRequest('single-1');
    await log.log(m);
    expect(await log.timestampNow()).toBe(true);
    const [r] = log.find('single-1', CLIENT);
    expect(r.stamp?.kind).toBe('single');
    const container = await log.container(r);
    const c = await readAsicContainer(container);
    expect(c.timestampToken).toBeUndefined();
    expect(c.hasBatchTimestamp).toBe(false);
    const doc = readSignatureDocument(c.signatureXml!);
    const token = signatureTimestampToken(doc)!;
    expect(() => verifyTimestampToken(token, { stampedData: doc.signatureValue, trust: f.trust })).not.toThrow();
    // ... and not over anything else, e.g. the whole signatures.xml.
    expect(() => verifyTimestampToken(token, { stampedData: m.signatureXml, trust: f.trust })).toThrow(/hashes do not match/);
    expect(c.message!.equals(m.message)).toBe(true);
    const verdict = await f.verify(container);
    expect(verdict, verdict.message).toMatchObject({ valid: true, details: { batchTimestamp: false } });
  });

  it('a tampered message.xml in a stamped container does not verify', async () => {
    const log = await open();
    await log.log(f.soapRequest('tamper-1'));
    await log.timestampNow();
    const c = await readAsicContainer(await log.container(log.find('tamper-1', CLIENT)[0]));
    const { buildAsicContainer } = await import('../../../protocol/asic/index.js');
    const forged = await buildAsicContainer({ message: c.message!.toString('utf8').replace('42', '43'), signatureXml: c.signatureXml! });
    expect((await f.verify(forged)).valid).toBe(false);
  });

  it('survives a reopen: records, stamps and blobs come back from the journal', async () => {
    const dir = await f.tempDir();
    const a = await createMessageLog({ directory: dir, globalConf: f.globalConf, timestampingIntervalSeconds: 3600 });
    const m1 = f.soapRequest('reopen-1');
    const m2 = f.soapRequest('reopen-2');
    await a.log(m1);
    await a.log(m2);
    await a.timestampNow();
    await a.log(f.soapRequest('reopen-3'));
    await a.stop();
    const b = await open({ directory: dir });
    expect(b.stats()).toMatchObject({ records: 3, unstamped: 1 });
    const [r1] = b.find('reopen-1', CLIENT);
    expect(r1.stamp?.kind).toBe('batch');
    expect((await f.verify(await b.container(r1))).valid).toBe(true);
    await b.timestampNow();
    expect((await f.verify(await b.container(b.find('reopen-3', CLIENT)[0]))).valid).toBe(true);
  });
});

describe('failure period and recovery (TSA-005)', () => {
  it('keeps accepting until the period has passed, then refuses; the backlog is stamped when the TSA is back', async () => {
    let now = Date.now();
    const log = await open({ clock: () => new Date(now), acceptableTimestampFailurePeriodSeconds: 10, timestampRetryDelaySeconds: 0.05, timestampingIntervalSeconds: 0.05, tsaTimeoutMs: 2000 });
    await f.tsa.knobs.set('down', true);
    try {
      await log.log(f.soapRequest('fail-1'));
      await until(() => log.stats().timestamper.failures > 0);
      expect(log.stats().timestamper.lastError).toMatchObject({ code: 'timestamping_failed', message: ALL_TSAS_FAILED });
      now += 5_000; // within the period: still accepted
      log.assertCanAcceptMessages();
      await log.log(f.soapRequest('fail-2'));
      now += 6_000; // past it
      expectCode(() => log.assertCanAcceptMessages(), 'timestamping_failed', CANNOT_TIMESTAMP);
      await expect(log.log(f.soapRequest('fail-3'))).rejects.toMatchObject({ code: 'timestamping_failed' });
      expect(log.find('fail-3', CLIENT)).toHaveLength(0);
    } finally {
      await f.tsa.knobs.clear('down');
    }
    await until(() => log.stats().unstamped === 0);
    expect(log.stats().timestamper.failingSince).toBeUndefined();
    log.assertCanAcceptMessages();
    await log.log(f.soapRequest('fail-4'));
    for (const q of ['fail-1', 'fail-2']) expect((await f.verify(await log.container(log.find(q, CLIENT)[0]))).valid).toBe(true);
  });

  it('a rejecting or wrongly signing TSA is a failure too, and the next TSA is tried', async () => {
    const log = await open();
    const dead = { name: 'dead', url: 'http://127.0.0.1:1/', cert: f.tsa.approvedTsa.cert };
    f.globalConf.withTsas([dead, f.tsa.approvedTsa]);
    try {
      await log.log(f.soapRequest('next-1'));
      expect(await log.timestampNow()).toBe(true);
      expect(log.stats().timestamper.lastTsa).toBe(f.tsa.url);
      await f.tsa.knobs.set('unknownSigner', true);
      await log.log(f.soapRequest('next-2'));
      expect(await log.timestampNow()).toBe(false);
      expect(log.stats().unstamped).toBe(1);
      expect(log.stats().timestamper.lastError?.detail).toMatch(/mlog\.tsp_certificate_not_found/);
      expect(log.stats().timestamper.lastError?.detail).toMatch(/mlog\.timestamp_provider_connection_failed/);
    } finally {
      await f.tsa.knobs.clear();
      f.globalConf.withTsas([f.tsa.approvedTsa]);
    }
  });

  it('refuses messages when no TSA is configured', async () => {
    const log = await open();
    f.globalConf.withTsas([]);
    try {
      expectCode(() => log.assertCanAcceptMessages(), 'timestamping_failed', NO_TSA_CONFIGURED);
    } finally {
      f.globalConf.withTsas([f.tsa.approvedTsa]);
    }
    log.assertCanAcceptMessages();
  });

  it('does not stamp with an expired global configuration (TSA-006)', async () => {
    const log = await open();
    await log.log(f.soapRequest('expired-1'));
    f.globalConf.expired = true;
    try {
      expect(await log.timestampNow()).toBe(false);
      expect(log.stats().timestamper.lastError?.code).toBe('global_conf_outdated');
    } finally {
      f.globalConf.expired = false;
    }
    expect(await log.timestampNow()).toBe(true);
  });
});

describe('timestamp-immediately (TSA-004)', () => {
  it('stamps inside log() and fails the exchange when the TSA fails', async () => {
    const log = await open({ timestampImmediately: true });
    const before = f.tsa.hits.tokensIssued;
    await log.log(f.soapRequest('sync-1'));
    expect(f.tsa.hits.tokensIssued - before).toBe(1);
    expect(log.find('sync-1', CLIENT)[0].stamp?.kind).toBe('single');
    await f.tsa.knobs.set('rejection', { statusString: 'no' });
    try {
      await expect(log.log(f.soapRequest('sync-2'))).rejects.toMatchObject({ code: 'timestamping_failed', message: ALL_TSAS_FAILED });
      expect(log.find('sync-2', CLIENT)[0].stamp).toBeUndefined();
    } finally {
      await f.tsa.knobs.clear();
    }
  });
});

describe('message-body-logging=false (LOG-006)', () => {
  it('blanks the body in the store; the container then no longer verifies, as X-Road documents', async () => {
    const log = await open({ messageBodyLogging: false });
    const m = f.soapRequest('nobody-1', { body: '<prod:secret>do not log me</prod:secret>' });
    await log.log(m);
    const rest = f.restRequest('nobody-2', Buffer.from('{"secret":true}'));
    await log.log(rest);
    await log.timestampNow();
    const [r] = log.find('nobody-1', CLIENT);
    expect(r.bodyLogged).toBe(false);
    const c = await readAsicContainer(await log.container(r));
    expect(c.message!.toString('utf8')).not.toContain('do not log me');
    expect(c.message!.toString('utf8')).toContain('<xroad:id>nobody-1</xroad:id>');
    expect((await f.verify(await log.container(r))).valid).toBe(false);
    const rc = await readAsicContainer(await log.container(log.find('nobody-2', CLIENT)[0]));
    expect(rc.attachmentNames).toEqual([]);
  });
});
