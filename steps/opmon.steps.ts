// Operational monitoring steps (features/opmon, OPMON-001..007): ask the SUT for its operational
// data, health data and metrics as its owner or as another client (harness/scenario/opmon-query),
// find the record of the scenario's exchange by its message id, and check what it says.
import { Then, When, type DataTable } from '@cucumber/cucumber';
import { faultCodeEndsWith } from '../protocol/faults/index.js';
import { expectThat } from '../harness/expect/conformance-failure.js';
import { loggedExchangeOf, type LoggedExchange } from '../harness/scenario/log-exchange.js';
import { clientIdXml, healthDataBody, metricsBody, operationalDataBody, type OperationalDataQuery } from '../harness/scenario/meta-requests.js';
import { answerWrapper, healthData, operationalData, wrapperChildText, type OperationalData } from '../harness/scenario/meta-answers.js';
import { askerFor, askSut, unixTime, type AskerName } from '../harness/scenario/opmon-query.js';
import type { Evidence } from '../simulators/member-systems/index.js';
import type { RoadtestWorld } from './support/world.js';

const OPERATIONAL_DATA = 'getSecurityServerOperationalData';

/**
 * How long to wait for a record: the SUT publishes records only once they are older than its
 * records-available offset (op-monitor.ini, 60 s by default; a test SUT should set it to 0-1 s).
 * ROADTEST_OPMON_WAIT_MS raises the bound for a SUT that keeps the default.
 */
function recordWaitMs(): number {
  const env = Number(process.env['ROADTEST_OPMON_WAIT_MS']);
  return Number.isFinite(env) && env > 0 ? env : 4_000;
}

/** The exchange the scenario is about, fixed at the first monitoring query. */
function exchange(world: RoadtestWorld): LoggedExchange {
  let x = world.vars.get('opmonExchange') as LoggedExchange | undefined;
  if (!x) {
    x = loggedExchangeOf(world.lastOrThrow(), world.route().client);
    world.vars.set('opmonExchange', x);
  }
  return x;
}

async function ask(world: RoadtestWorld, who: AskerName, code: string, body: string): Promise<Evidence> {
  const asker = askerFor(world.env, who);
  const { sent, received } = await askSut(world.env, asker, code, body);
  await world.remember(asker.hop, sent, received);
  return received;
}

function readData(world: RoadtestWorld, received: Evidence): OperationalData {
  const { sent } = world.lastOrThrow();
  try {
    return operationalData(received);
  } catch (e) {
    expectThat(false, 'the operational data answer cannot be read', {
      sent: `${sent.method} ${sent.url}`,
      expected: 'getSecurityServerOperationalDataResponse + application/gzip JSON records',
      actual: `${(e as Error).message}; HTTP ${received.status} ${received.text.slice(0, 200)}`,
      requirement: 'OPMON-003',
    });
  }
}

function recordOf(world: RoadtestWorld): Record<string, unknown> {
  const data = world.vars.get('opmonData') as OperationalData | undefined;
  const x = exchange(world);
  const rec = data?.records.find((r) => r['messageId'] === x.queryId);
  expectThat(rec !== undefined, 'the operational data holds no record of the exchange', {
    expected: `a record with messageId ${x.queryId}`,
    actual: data ? `${data.records.length} records, message ids: ${data.records.map((r) => String(r['messageId'])).slice(-10).join(', ')}` : 'no operational data answer',
    requirement: 'OPMON-006: each exchange is a record, found by messageId',
  });
  return rec;
}

async function findExchange(world: RoadtestWorld, who: AskerName, fields?: string[]): Promise<void> {
  const x = exchange(world);
  const until = Date.now() + recordWaitMs();
  for (;;) {
    const q: OperationalDataQuery = { recordsFrom: unixTime('now-600'), recordsTo: unixTime('now+60'), ...(fields ? { outputFields: fields } : {}) };
    const received = await ask(world, who, OPERATIONAL_DATA, operationalDataBody(q));
    let data: OperationalData | undefined;
    try {
      data = operationalData(received);
    } catch {
      data = undefined;
    }
    if (data) world.vars.set('opmonData', data);
    if (!data || data.records.some((r) => r['messageId'] === x.queryId) || Date.now() >= until) {
      if (!data) readData(world, received);
      return;
    }
    await new Promise((r) => setTimeout(r, 400));
  }
}

// ---- asking ----

/** Step time limit for the polling steps: the wait bound and a margin. */
const FIND = { timeout: recordWaitMs() + 20_000 };

When("the SUT's owner finds that exchange in the SUT's operational data", FIND, async function (this: RoadtestWorld) {
  await findExchange(this, 'owner');
});

When("the peer's client finds that exchange in the SUT's operational data", FIND, async function (this: RoadtestWorld) {
  await findExchange(this, 'peer-client');
});

When("the peer's client finds that exchange in the SUT's operational data, asking only for {string}", FIND, async function (this: RoadtestWorld, fields: string) {
  await findExchange(this, 'peer-client', fields.split(',').map((f) => f.trim()));
});

When("the peer's client asks the SUT for its operational data from {string} to {string}", async function (this: RoadtestWorld, from: string, to: string) {
  if (this.last) exchange(this);
  const received = await ask(this, 'peer-client', OPERATIONAL_DATA, operationalDataBody({ recordsFrom: unixTime(from), recordsTo: unixTime(to) }));
  try {
    this.vars.set('opmonData', operationalData(received));
  } catch {
    this.vars.delete('opmonData');
  }
});

When("the peer's client asks the SUT for its operational data filtered by a SUBSYSTEM client without subsystemCode", async function (this: RoadtestWorld) {
  const client = clientIdXml('om:client', askerFor(this.env, 'peer-client').client, { dropSubsystemCode: true });
  await ask(this, 'peer-client', OPERATIONAL_DATA, operationalDataBody({ recordsFrom: unixTime('now-600'), recordsTo: unixTime('now-120'), clientXml: client }));
});

When("the SUT's owner asks the SUT for its health data", async function (this: RoadtestWorld) {
  await ask(this, 'owner', 'getSecurityServerHealthData', healthDataBody());
});

When("the SUT's owner asks the SUT for its metrics", async function (this: RoadtestWorld) {
  await ask(this, 'owner', 'getSecurityServerMetrics', metricsBody());
});

When("the peer's client asks the SUT for its metrics", async function (this: RoadtestWorld) {
  await ask(this, 'peer-client', 'getSecurityServerMetrics', metricsBody());
});

// ---- operational data ----

Then("the operational data is multipart\\/related with a recordsCount that matches its gzip'd JSON records", function (this: RoadtestWorld) {
  const { sent, received } = this.lastOrThrow();
  const type = received.headers['content-type'] ?? '';
  const data = readData(this, received);
  expectThat(/^multipart\/related/i.test(type) && data.recordsCount === data.records.length, 'the operational data answer is not as OPMON-003 describes', {
    sent: `${sent.method} ${sent.url}`,
    expected: 'multipart/related; recordsCount = number of JSON records',
    actual: `${type}; recordsCount ${data.recordsCount}, ${data.records.length} records`,
    requirement: 'OPMON-003',
  });
});

Then('the record of that exchange says:', function (this: RoadtestWorld, table: DataTable) {
  const rec = recordOf(this);
  const x = exchange(this);
  const wrong = table
    .raw()
    .map(([field, want]) => [field!, want!] as const)
    .filter(([field, want]) => String(rec[field]) !== want);
  expectThat(wrong.length === 0, 'the record does not reflect the exchange', {
    expected: table.raw().map(([f, v]) => `${f}=${v}`).join(', ') + ` (messageId ${x.queryId})`,
    actual: wrong.map(([f]) => `${f}=${rec[f] === undefined ? '(absent)' : JSON.stringify(rec[f])}`).join(', '),
    requirement: 'OPMON-006: records reflect the exchange (OPMON-003 Annex B fields)',
  });
});

Then('the record of that exchange has a faultCode ending in {string}', function (this: RoadtestWorld, suffix: string) {
  const rec = recordOf(this);
  const code = typeof rec['faultCode'] === 'string' ? rec['faultCode'] : '';
  expectThat(code !== '' && faultCodeEndsWith(code, suffix), 'the record does not carry the fault code', {
    expected: `faultCode ending in ${suffix}`,
    actual: `faultCode ${code || '(absent)'}, faultString ${String(rec['faultString'] ?? '(absent)')}`,
    requirement: 'OPMON-006: succeeded=false + faultCode on failure',
  });
});

Then('the record of that exchange has a restPath naming {string}', function (this: RoadtestWorld, path: string) {
  const rec = recordOf(this);
  const got = String(rec['restPath'] ?? '');
  expectThat(got.includes(path), 'the record does not carry the REST path', { expected: `restPath containing ${path}`, actual: got || '(absent)', requirement: 'OPMON-006: REST statusCode/method/path' });
});

Then('the record of that exchange carries the field {string}', function (this: RoadtestWorld, field: string) {
  const rec = recordOf(this);
  expectThat(rec[field] !== undefined, `the record has no ${field}`, { expected: `${field} present`, actual: Object.keys(rec).join(', '), requirement: 'OPMON-004: the owner sees every field' });
});

Then('the operational data holds no record of that exchange', function (this: RoadtestWorld) {
  const data = readData(this, this.lastOrThrow().received);
  const x = exchange(this);
  const leaked = data.records.filter((r) => r['messageId'] === x.queryId);
  expectThat(leaked.length === 0, 'another client sees a record of an exchange it took no part in', {
    expected: `no record with messageId ${x.queryId}`,
    actual: JSON.stringify(leaked[0] ?? {}).slice(0, 300),
    requirement: 'OPMON-004: other clients see only their own exchanges',
  });
});

Then('no record carries the field {string}', function (this: RoadtestWorld, field: string) {
  const data = readData(this, this.lastOrThrow().received);
  const with_ = data.records.filter((r) => r[field] !== undefined);
  expectThat(with_.length === 0, `records show ${field} to a client that is not the owner`, { expected: `no ${field}`, actual: `${with_.length} record(s) with it`, requirement: 'OPMON-004: private fields for the owner and the monitoring client only' });
});

Then('every record carries only the fields {string}', function (this: RoadtestWorld, fields: string) {
  const allowed = new Set(fields.split(',').map((f) => f.trim()));
  const data = this.vars.get('opmonData') as OperationalData | undefined;
  const extra = new Set((data?.records ?? []).flatMap((r) => Object.keys(r).filter((k) => !allowed.has(k))));
  expectThat(data !== undefined && data.records.length > 0 && extra.size === 0, 'outputSpec did not narrow the fields', {
    expected: `records with only ${[...allowed].join(', ')}`,
    actual: data ? `${data.records.length} records; other fields: ${[...extra].join(', ') || 'none'}` : 'no data',
    requirement: 'OPMON-002: outputSpec/outputField selects the fields',
  });
});

Then('the operational data says nextRecordsFrom, which is not in the future', function (this: RoadtestWorld) {
  const data = readData(this, this.lastOrThrow().received);
  const now = unixTime('now');
  expectThat(data.nextRecordsFrom !== undefined && data.nextRecordsFrom <= now && data.nextRecordsFrom > now - 3600, 'the clamped window does not say where to continue', {
    expected: `nextRecordsFrom between now-3600 and now (${now})`,
    actual: String(data.nextRecordsFrom ?? '(absent)'),
    requirement: 'OPMON-002/003: recordsTo past now - offset is clamped; nextRecordsFrom says where to go on',
  });
});

// ---- health data and metrics ----

Then('the health data gives the start-up time, the statistics period and at least {int} successful request(s) of {string}', function (this: RoadtestWorld, n: number, code: string) {
  const { sent, received } = this.lastOrThrow();
  let problem = '';
  try {
    const h = healthData(received);
    const svc = h.services.get(code);
    if (!h.monitoringStartupTimestamp || h.monitoringStartupTimestamp > Date.now()) problem += `monitoringStartupTimestamp ${h.monitoringStartupTimestamp}; `;
    if (!h.statisticsPeriodSeconds || h.statisticsPeriodSeconds <= 0) problem += `statisticsPeriodSeconds ${h.statisticsPeriodSeconds}; `;
    if (!svc || (svc.successful ?? 0) < n) problem += `${code}: ${svc ? `${svc.successful} successful` : 'not listed'} (listed: ${[...h.services.keys()].join(', ')}); `;
  } catch (e) {
    problem = (e as Error).message;
  }
  expectThat(problem === '', 'the health data does not summarise the exchanges', {
    sent: `${sent.method} ${sent.url}`,
    expected: `monitoringStartupTimestamp (ms, in the past), statisticsPeriodSeconds > 0, ${code} with successfulRequestCount >= ${n}`,
    actual: problem,
    requirement: 'OPMON-005',
  });
});

Then('the metrics answer is a metricSet named after the SUT with its proxyVersion', function (this: RoadtestWorld) {
  const { sent, received } = this.lastOrThrow();
  let problem = '';
  try {
    const wrapper = answerWrapper(received);
    const set = wrapper.localName === 'getSecurityServerMetricsResponse' ? wrapper.getElementsByTagNameNS('http://x-road.eu/xsd/monitoring', 'metricSet')[0] : undefined;
    const name = set ? wrapperChildText(set, 'name') : undefined;
    const text = received.text;
    if (!set) problem = `no metricSet in ${wrapper.localName}`;
    else if (!name || !name.includes(this.env.sut.id.split('/').pop()!)) problem = `metricSet name ${name ?? '(absent)'} does not name ${this.env.sut.id}`;
    else if (!/proxyVersion/.test(text)) problem = 'no proxyVersion metric';
  } catch (e) {
    problem = (e as Error).message;
  }
  expectThat(problem === '', 'the metrics answer is not as OPMON-007 describes', {
    sent: `${sent.method} ${sent.url}`,
    expected: `getSecurityServerMetricsResponse/metricSet named after ${this.env.sut.id}, with proxyVersion`,
    actual: problem,
    requirement: 'OPMON-007',
  });
});
