// Time-stamping steps (features/timestamping): the SUT's message log records of the exchanges a
// scenario sends, the TSA as the SUT reaches it (recorded, or made to misbehave with its knobs),
// and — for the settings only an administrator can change — a second instance of the embedded
// SUT with other message-log settings.
import { Given, Then, When } from '@cucumber/cucumber';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { handlesOf } from '../harness/environment/environment-handles.js';
import { expectThat } from '../harness/expect/conformance-failure.js';
import { tsaRequestProblems, recordTsaRequests, expireSutGlobalConf, listTsas } from '../harness/scenario/tsa-setup.js';
import { startReconfiguredSut, type ReconfiguredSut } from '../harness/scenario/tsa-reconfigured-sut.js';
import type { HttpRecorder } from '../harness/scenario/transport-http-recorder.js';
import { faultCodeMatches } from '../protocol/faults/index.js';
import type { ReferenceMessageLog } from '../simulators/security-server/message-log/index.js';
import type { TsaKnobName, TsaKnobSettings } from '../simulators/tsa/index.js';
import { buildSoapRequest, sendSoap } from '../simulators/member-systems/index.js';
import type { RoadtestWorld } from './support/world.js';

function h(world: RoadtestWorld) {
  return handlesOf(world.env);
}

function clone(world: RoadtestWorld): ReconfiguredSut | undefined {
  return world.vars.get('reconfiguredSut') as ReconfiguredSut | undefined;
}

/** The message log of the SUT the scenario talks to (embedded only). */
function sutLog(world: RoadtestWorld): ReferenceMessageLog {
  const log = clone(world)?.log ?? h(world).sutLog;
  if (!log) throw new Error("this step reads the SUT's message log from inside (@embedded-only)");
  return log;
}

interface SentExchange {
  queryId: string;
  client: string;
}

function sentExchanges(world: RoadtestWorld): SentExchange[] {
  return (world.vars.get('tsaExchanges') as SentExchange[] | undefined) ?? [];
}

async function startClone(world: RoadtestWorld, settings: Parameters<typeof startReconfiguredSut>[1]): Promise<void> {
  const c = await startReconfiguredSut(h(world), settings);
  world.cleanups.push(() => c.stop());
  world.vars.set('reconfiguredSut', c);
}

// ---- Given ----

Given('the approved TSA is reached through a recorder', async function (this: RoadtestWorld) {
  const { recorder, undo } = await recordTsaRequests(h(this));
  this.cleanups.push(undo);
  this.vars.set('tsaRecorder', recorder);
  this.vars.set('peerTsaAsks', peerTsaAsks(this));
});

/**
 * TSA requests the peer SS has made so far (a token or a failed run each): the peer shares the
 * approved TSA, so the recorder sees its requests too, and a SUT that never asked must not pass on
 * the strength of the peer's.
 */
function peerTsaAsks(world: RoadtestWorld): number | undefined {
  const t = h(world).peerLog?.stats().timestamper;
  return t ? t.tokens + t.failures : undefined;
}

const TSA_FAULTS: Record<string, { name: TsaKnobName; value: TsaKnobSettings[TsaKnobName] }> = {
  'a rejection': { name: 'rejection', value: { failInfo: 'systemFailure', statusString: 'roadtest rejection' } },
  "a token over another imprint": { name: 'wrongImprint', value: true },
  'a token with a broken signature': { name: 'badSignature', value: true },
  'a token signed by a TSA the configuration does not approve': { name: 'unknownSigner', value: true },
  'grantedWithMods': { name: 'grantedWithMods', value: true },
};

Given('the TSA answers with {}', async function (this: RoadtestWorld, what: string) {
  const f = TSA_FAULTS[what];
  if (!f) throw new Error(`unknown TSA answer "${what}"; known: ${Object.keys(TSA_FAULTS).join('; ')}`);
  const knobs = h(this).tsa.knobs;
  await knobs.set(f.name, f.value as never);
  this.cleanups.push(() => knobs.clear(f.name));
});

Given('the TSA is down', async function (this: RoadtestWorld) {
  const knobs = h(this).tsa.knobs;
  await knobs.set('down', true);
  this.cleanups.push(() => knobs.clear('down'));
});

When('the TSA is back', async function (this: RoadtestWorld) {
  await h(this).tsa.knobs.clear('down');
});

Given('the global configuration lists no time-stamping authority', async function (this: RoadtestWorld) {
  this.cleanups.push(await listTsas(h(this), 'none'));
});

Given('the global configuration lists an unreachable TSA before the working one', async function (this: RoadtestWorld) {
  this.cleanups.push(await listTsas(h(this), 'unreachable-first'));
});

Given('the SUT is configured to time-stamp every message immediately', async function (this: RoadtestWorld) {
  await startClone(this, { timestampImmediately: true });
});

Given('the SUT is configured to refuse messages after {int} second(s) of failed time-stamping', async function (this: RoadtestWorld, seconds: number) {
  await startClone(this, { acceptableTimestampFailurePeriodSeconds: seconds, timestampRetryDelaySeconds: 0.2, timestampingIntervalSeconds: 0.2 });
});

Given("the SUT's global configuration has expired", async function (this: RoadtestWorld) {
  this.cleanups.push(await expireSutGlobalConf(h(this)));
  this.vars.set('tsaMark', (this.vars.get('tsaRecorder') as HttpRecorder | undefined)?.requests.length ?? 0);
});

// ---- When ----

When('the client IS sends {int} SOAP request(s) for {string} through the SUT', async function (this: RoadtestWorld, n: number, code: string) {
  const route = this.route();
  const url = clone(this)?.server.clientProxyUrl ?? route.clientProxyUrl;
  const sent = sentExchanges(this);
  for (let i = 0; i < n; i++) {
    const queryId = `roadtest-tsa-${randomUUID()}`;
    const xml = buildSoapRequest({ client: route.client, service: `${route.provider}/${code}`, id: queryId, userId: 'EE12345678901' });
    const received = await sendSoap(url, xml, { timeoutMs: this.env.profile.timing.requestTimeoutMs });
    await this.remember(`client IS -> SUT client proxy`, { method: 'POST', url, headers: { 'content-type': 'text/xml; charset=UTF-8' }, body: xml }, received);
    sent.push({ queryId, client: route.client });
  }
  this.vars.set('tsaExchanges', sent);
});

When("the SUT's time-stamper runs", async function (this: RoadtestWorld) {
  this.vars.set('timestampRun', await sutLog(this).timestampNow());
});

When("the SUT's time-stamper has run after {int} second(s)", async function (this: RoadtestWorld, seconds: number) {
  await sleep(seconds * 1000 + 100);
  this.vars.set('timestampRun', await sutLog(this).timestampNow());
});

When("the SUT's time-stamper has caught up", async function (this: RoadtestWorld) {
  // A run started before the TSA came back may still fail; the next one must succeed.
  const until = Date.now() + 5_000;
  let ok = await sutLog(this).timestampNow();
  while (!ok && Date.now() < until) {
    await sleep(200);
    ok = await sutLog(this).timestampNow();
  }
  this.vars.set('timestampRun', ok);
});

// ---- Then ----

function records(world: RoadtestWorld) {
  const log = sutLog(world);
  return sentExchanges(world).flatMap((x) => log.find(x.queryId, x.client));
}

Then('the SUT time-stamps every record of those exchanges within {int} seconds', async function (this: RoadtestWorld, seconds: number) {
  const until = Date.now() + seconds * 1000;
  let rs = records(this);
  while (Date.now() < until && (rs.length === 0 || rs.some((r) => !r.stamp))) {
    await sleep(100);
    rs = records(this);
  }
  const unstamped = rs.filter((r) => !r.stamp);
  expectThat(rs.length >= 2 * sentExchanges(this).length && unstamped.length === 0, 'the SUT did not time-stamp its records at the interval', {
    expected: `a request and a response record per exchange (${2 * sentExchanges(this).length}), all time-stamped within ${seconds} s`,
    actual: `${rs.length} records, ${unstamped.length} not time-stamped; time-stamper ${JSON.stringify(sutLog(this).stats().timestamper)}`,
    requirement: 'TSA-003: every timeStampingIntervalSeconds all un-stamped records get a time-stamp',
  });
});

Then('those records share fewer time-stamp tokens than there are records', function (this: RoadtestWorld) {
  const rs = records(this);
  const tokens = new Set(rs.map((r) => (r.stamp?.kind === 'batch' ? `batch-${r.stamp.batch.id}` : `single-${r.id}`)));
  expectThat(rs.length > 0 && tokens.size < rs.length, 'the SUT stamped records one by one instead of in batches', {
    expected: `fewer tokens than the ${rs.length} records logged within one interval`,
    actual: `${tokens.size} tokens for ${rs.length} records`,
    requirement: 'TSA-003: batch mode — all un-stamped records get one token over a hash chain',
  });
});

Then('no record of those exchanges is time-stamped', function (this: RoadtestWorld) {
  const rs = records(this);
  const stamped = rs.filter((r) => r.stamp);
  expectThat(rs.length > 0 && stamped.length === 0, 'the SUT kept a time-stamp it should have refused', {
    expected: 'the records stay un-stamped',
    actual: `${rs.length} records, ${stamped.length} stamped`,
    requirement: 'TSA-002: a token that is refused, for another imprint or by a signer that is not an approvedTSA, is not accepted',
  });
});

Then('every record of those exchanges is time-stamped', function (this: RoadtestWorld) {
  const rs = records(this);
  const unstamped = rs.filter((r) => !r.stamp);
  expectThat(rs.length > 0 && unstamped.length === 0, 'records are not time-stamped', { expected: 'every record stamped', actual: `${rs.length} records, ${unstamped.length} un-stamped` });
});

Then('every record of those exchanges was time-stamped before the answer reached the client', function (this: RoadtestWorld) {
  const rs = records(this);
  const unstamped = rs.filter((r) => !r.stamp);
  expectThat(rs.length >= 2 && unstamped.length === 0, 'with timestamp-immediately the records were not stamped synchronously', {
    expected: 'request and response records stamped by the time the client has its answer',
    actual: `${rs.length} records, ${unstamped.length} un-stamped right after the answer`,
    requirement: 'TSA-004: timestamp-immediately -> synchronous stamping per message',
  });
});

Then("the SUT's time-stamping run failed with {string}", function (this: RoadtestWorld, code: string) {
  const stats = sutLog(this).stats().timestamper;
  const last = stats.lastError?.code ?? '';
  expectThat(this.vars.get('timestampRun') === false && (faultCodeMatches(last, code) || last.split('.').includes(code)), `the time-stamping run did not fail with ${code}`, {
    expected: `a failed run, last error ${code}`,
    actual: `run ${String(this.vars.get('timestampRun'))}, last error ${last}: ${stats.lastError?.message ?? ''}`,
    requirement: 'TSA-006: global conf must be valid for stamping',
  });
});

Then('the TSA received no time-stamp request after the configuration expired', function (this: RoadtestWorld) {
  const r = this.vars.get('tsaRecorder') as HttpRecorder;
  const since = r.requests.slice((this.vars.get('tsaMark') as number | undefined) ?? 0);
  expectThat(since.length === 0, 'the SUT asked the TSA although its configuration had expired', {
    expected: 'no request at the TSA while the configuration is expired',
    actual: `${since.length} requests`,
    requirement: 'TSA-006: global conf must be valid for stamping',
  });
});

Then("the SUT's time-stamp requests are RFC 3161 queries the way X-Road sends them", async function (this: RoadtestWorld) {
  const r = this.vars.get('tsaRecorder') as HttpRecorder;
  const peerBefore = this.vars.get('peerTsaAsks') as number | undefined;
  const peerSince = (): number => (peerBefore === undefined ? 0 : (peerTsaAsks(this) ?? peerBefore) - peerBefore);
  const until = Date.now() + 5_000;
  while (Date.now() < until && r.requests.length <= peerSince()) await sleep(100);
  const fromSut = r.requests.length - peerSince();
  // Every recorded request must conform (the peer's do, being ours); at least one must be the SUT's.
  const problems = fromSut > 0 ? r.requests.flatMap(tsaRequestProblems) : [`no time-stamp request from the SUT reached the configured TSA URL (${r.requests.length} recorded, ${peerSince()} of them the peer's)`];
  expectThat(problems.length === 0, 'the time-stamp request differs from what X-Road sends', {
    expected: 'POST application/timestamp-query to the approvedTSA url, SHA-512 imprint, no nonce, certReq not set',
    actual: [...new Set(problems)].join('; '),
    requirement: 'TSA-001: RFC 3161 over HTTP POST; imprint hash = message-log hash-algo-id (SHA-512); no nonce; certReq not set',
  });
});

Then('the last time-stamp went to the working TSA', function (this: RoadtestWorld) {
  const stats = sutLog(this).stats().timestamper;
  expectThat(stats.lastTsa === h(this).tsa.url, 'the SUT did not fall back to the next TSA', { expected: `last TSA ${h(this).tsa.url}`, actual: `${stats.lastTsa}`, requirement: 'TSA-002: the SUT tries the next TSA' });
});

When('the TSA answers properly again', async function (this: RoadtestWorld) {
  await h(this).tsa.knobs.clear();
});
