// Message-log steps (features/message-log, LOG-001..007): download the evidence of the client
// IS's last exchange from the SUT's /asic, take it apart, verify it with roadtest's own verifier
// against the instance's trust (or the SUT's /verificationconf), and compare it with the bytes
// that were exchanged. Request building and the /asic protocol live in harness/scenario/log-*.
import { Given, Then, When } from '@cucumber/cucumber';
import { randomUUID } from 'node:crypto';
import { XRoadError, ErrorCodes, faultCodeEndsWith } from '../protocol/faults/index.js';
import { buildSoapRequest, sendRaw, type Evidence } from '../simulators/member-systems/index.js';
import type { ReferenceMessageLog } from '../simulators/security-server/message-log/index.js';
import { handlesOf } from '../harness/environment/environment-handles.js';
import { expectThat } from '../harness/expect/conformance-failure.js';
import { NOT_APPLICABLE_MEDIA_TYPE } from '../harness/report/cucumber-messages.js';
import { answerEnvelope, callSoap } from '../harness/scenario/soap-call.js';
import { containerDirection, containerEntries, containersOf, downloadAsic, downloadStampedAsic, type AsicQuery, type DownloadedContainer } from '../harness/scenario/log-asic.js';
import { instanceTrust, loadVerificationConfZip, tamperedContainer, verifyContainer } from '../harness/scenario/log-evidence.js';
import { loggedExchangeOf, type LoggedExchange } from '../harness/scenario/log-exchange.js';
import type { VerificationTrust } from '../protocol/trust/index.js';
import type { RoadtestWorld } from './support/world.js';

const TSA_FAILURE = { status: 500 };

function asicBase(world: RoadtestWorld): string {
  const base = world.env.sut.asicBaseUrl;
  if (!base) throw new Error('the profile gives no base URL for /asic (endpoints.asicBaseUrl)');
  return base;
}

function exchange(world: RoadtestWorld): LoggedExchange {
  const fixed = world.vars.get('logExchange') as LoggedExchange | undefined;
  return fixed ?? loggedExchangeOf(world.lastOrThrow(), world.route().client);
}

/** Batch stamping runs every timeStampingIntervalSeconds: two rounds and a margin. */
function stampWaitMs(world: RoadtestWorld): number {
  return world.env.profile.timing.timestampingIntervalSeconds * 2_000 + 2_000;
}

async function recordAsic(world: RoadtestWorld, url: string, received: Evidence): Promise<void> {
  world.vars.set('asicAnswer', { url, received });
  await world.recordExchange({
    hop: 'client IS -> SUT /asic',
    startedAt: received.startedAt,
    durationMs: received.durationMs,
    request: { method: 'GET', url, headers: {} },
    response: received.error ? undefined : { status: received.status, headers: received.headers, body: received.body },
    error: received.error ? `${received.error.code}: ${received.error.message}` : undefined,
  });
}

function asicAnswer(world: RoadtestWorld): { url: string; received: Evidence } {
  const a = world.vars.get('asicAnswer') as { url: string; received: Evidence } | undefined;
  if (!a) throw new Error('no /asic download was made in this scenario');
  return a;
}

function describe(r: Evidence): string {
  if (r.error) return `${r.error.code}: ${r.error.message}`;
  return `HTTP ${r.status} ${r.headers['content-type'] ?? '(no content type)'} ${r.body.length} bytes${r.status >= 300 ? `: ${r.text.slice(0, 200)}` : ''}`;
}

async function downloadedContainers(world: RoadtestWorld): Promise<DownloadedContainer[]> {
  const { url, received } = asicAnswer(world);
  expectThat(!received.error && received.status === 200, '/asic did not hand out the evidence', {
    sent: `GET ${url}`,
    expected: 'HTTP 200 with the containers',
    actual: describe(received),
    requirement: 'LOG-002: GET /asic answers application/zip (or one container with unique)',
  });
  try {
    return await containersOf(received);
  } catch (e) {
    expectThat(false, 'the /asic answer cannot be read', { sent: `GET ${url}`, expected: 'a readable zip of ASiC containers', actual: (e as Error).message, requirement: 'LOG-002' });
  }
}

async function containerOf(world: RoadtestWorld, direction: 'request' | 'response'): Promise<DownloadedContainer> {
  const all = await downloadedContainers(world);
  const found = all.find((c) => containerDirection(c.name) === direction) ?? (all.length === 1 && world.vars.get('asicUniqueDirection') === direction ? all[0] : undefined);
  expectThat(found !== undefined, `no ${direction} container in the /asic answer`, {
    sent: `GET ${asicAnswer(world).url}`,
    expected: `a container named <queryId>-${direction}-<id>.asice`,
    actual: all.map((c) => c.name).join(', ') || '(no containers)',
    requirement: 'LOG-002: containers are named queryId-request-Z.asice / queryId-response-Z.asice',
  });
  return found;
}

async function expectAllVerify(world: RoadtestWorld, trust: VerificationTrust, trustName: string): Promise<void> {
  const all = await downloadedContainers(world);
  expectThat(all.length > 0, 'the /asic answer holds no containers', { sent: `GET ${asicAnswer(world).url}`, expected: 'at least one container', actual: 'none' });
  for (const c of all) {
    const v = await verifyContainer(c.bytes, trust);
    expectThat(v.valid, `${c.name} does not verify against ${trustName}`, {
      sent: `GET ${asicAnswer(world).url}`,
      expected: `${c.name} valid (signature, hash chains, time-stamp, certificate path and OCSP at the time-stamp)`,
      actual: `${v.code}: ${v.message}`,
      requirement: 'LOG-004: the containers verify independently (SIG-004..010, TSA-003)',
    });
  }
}

// ---- sending ----

When('the client IS sends {int} SOAP requests for {string} with the same message id', async function (this: RoadtestWorld, n: number, code: string) {
  const route = this.route();
  const id = randomUUID();
  for (let i = 0; i < n; i++) {
    const soap = buildSoapRequest({ client: route.client, service: `${route.provider}/${code}`, id, userId: 'EE12345678901' });
    const { sent, received } = await callSoap({ url: route.clientProxyUrl, soap, timeoutMs: this.env.profile.timing.requestTimeoutMs });
    await this.remember(route.hop, sent, received);
    let fault: string | undefined;
    try {
      const env = answerEnvelope(received).envelope;
      fault = env.isFault ? `${env.fault?.faultCode}: ${env.fault?.faultString}` : undefined;
    } catch (e) {
      fault = `not SOAP: ${(e as Error).message}`;
    }
    expectThat(!received.error && fault === undefined, `exchange ${i + 1} of ${n} failed`, { sent: `POST ${route.clientProxyUrl}`, expected: 'a successful SOAP response', actual: received.error?.message ?? fault ?? '' });
  }
});

// ---- /asic downloads ----

When('the client IS downloads the \\/asic evidence of that exchange', async function (this: RoadtestWorld) {
  // `force` stamps now: a real SUT stamps in batches every timeStampingIntervalSeconds (60 s by
  // default), which a scenario should not wait for. The batch stamping itself has its own scenario.
  const x = exchange(this);
  const { url, received } = await downloadAsic(asicBase(this), { queryId: x.queryId, client: x.client, force: true }, this.env.profile.timing.requestTimeoutMs);
  await recordAsic(this, url, received);
});

When('the client IS downloads the \\/asic evidence of that exchange once the SUT has time-stamped it on its own', async function (this: RoadtestWorld) {
  const x = exchange(this);
  const { url, received } = await downloadStampedAsic(asicBase(this), { queryId: x.queryId, client: x.client }, this.env.profile.timing.requestTimeoutMs, stampWaitMs(this));
  await recordAsic(this, url, received);
});

When('the client IS downloads the \\/asic evidence of that exchange with {string}', async function (this: RoadtestWorld, options: string) {
  const x = exchange(this);
  const flags = new Set(options.split(/\s+/).filter(Boolean));
  const q: AsicQuery = { queryId: x.queryId, client: x.client, requestOnly: flags.has('requestOnly'), responseOnly: flags.has('responseOnly'), unique: flags.has('unique'), force: flags.has('force') };
  if (q.unique) this.vars.set('asicUniqueDirection', q.requestOnly ? 'request' : 'response');
  const timeout = this.env.profile.timing.requestTimeoutMs;
  const { url, received } = await downloadAsic(asicBase(this), { ...q, force: true }, timeout);
  await recordAsic(this, url, received);
});

/** The request variants of LOG-003 (and the plain/force pair of the not-stamped case). */
function variantQuery(x: LoggedExchange, variant: string): AsicQuery {
  const base: AsicQuery = { queryId: x.queryId, client: x.client };
  const parts = x.client.split('/');
  switch (variant) {
    case 'without force':
      return base;
    case 'with force':
      return { ...base, force: true };
    case 'without queryId':
      return { ...base, omit: ['queryId'] };
    case 'without xRoadInstance':
      return { ...base, omit: ['xRoadInstance'] };
    case 'without memberClass':
      return { ...base, omit: ['memberClass'] };
    case 'without memberCode':
      return { ...base, omit: ['memberCode'] };
    case 'with requestOnly and responseOnly':
      return { ...base, requestOnly: true, responseOnly: true };
    case 'with unique but no direction':
      return { ...base, unique: true };
    case 'for a queryId nobody used':
      return { ...base, queryId: `roadtest-never-used-${randomUUID()}` };
    case 'for another subsystem of the same member':
      return { ...base, client: [...parts.slice(0, 3), 'ROADTEST-OTHER'].join('/') };
    case 'as another client':
      return { ...base, client: parts.length === 4 ? parts.slice(0, 3).join('/') : `${x.client}/ROADTEST-OTHER` };
    default:
      throw new Error(`unknown /asic request variant '${variant}'`);
  }
}

When('the client IS asks \\/asic for that exchange {string}', async function (this: RoadtestWorld, variant: string) {
  const { url, received } = await downloadAsic(asicBase(this), variantQuery(exchange(this), variant), this.env.profile.timing.requestTimeoutMs);
  await recordAsic(this, url, received);
});

// ---- /asic answers ----

function expectPlainText(world: RoadtestWorld, status: number, mention?: string): void {
  const { url, received } = asicAnswer(world);
  const type = received.headers['content-type'] ?? '';
  expectThat(!received.error && received.status === status && /^text\/plain/i.test(type) && received.text.trim().length > 0, `expected HTTP ${status} with a plain-text reason`, {
    sent: `GET ${url}`,
    expected: `HTTP ${status}, text/plain body saying why`,
    actual: describe(received),
    requirement: 'LOG-003: /asic errors are 400 bad parameters, 404 nothing found, 500 internal (not time-stamped), with plain-text bodies',
  });
  if (mention) {
    expectThat(received.text.toLowerCase().includes(mention.toLowerCase()), `the reason does not mention "${mention}"`, { sent: `GET ${url}`, expected: `a reason mentioning "${mention}"`, actual: received.text.slice(0, 300) });
  }
}

Then('the \\/asic answer is {int} with a plain-text reason', function (this: RoadtestWorld, status: number) {
  expectPlainText(this, status);
});

Then('the \\/asic answer is {int} with a plain-text reason mentioning {string}', function (this: RoadtestWorld, status: number, mention: string) {
  expectPlainText(this, status, mention);
});

async function expectZipOf(world: RoadtestWorld, requests: number, responses: number): Promise<void> {
  const { url, received } = asicAnswer(world);
  const all = await downloadedContainers(world);
  const type = (received.headers['content-type'] ?? '').split(';')[0]!.trim();
  const got = { request: all.filter((c) => containerDirection(c.name) === 'request').length, response: all.filter((c) => containerDirection(c.name) === 'response').length };
  expectThat(type === 'application/zip' && got.request === requests && got.response === responses && all.length === requests + responses, 'the /asic zip does not hold the expected containers', {
    sent: `GET ${url}`,
    expected: `application/zip with ${requests} request and ${responses} response container(s)`,
    actual: `${type}: ${all.map((c) => c.name).join(', ') || '(empty)'}`,
    requirement: 'LOG-001: one record per message; LOG-002: requestOnly/responseOnly narrow the download',
  });
}

Then('the \\/asic answer is an application\\/zip holding {int} request and {int} response container(s)', async function (this: RoadtestWorld, requests: number, responses: number) {
  await expectZipOf(this, requests, responses);
});

Then('the \\/asic answer is a single ASiC container of the {word}', async function (this: RoadtestWorld, direction: string) {
  const { url, received } = asicAnswer(this);
  const type = (received.headers['content-type'] ?? '').split(';')[0]!.trim();
  expectThat(!received.error && received.status === 200 && type === 'application/vnd.etsi.asic-e+zip', 'unique did not give one container', {
    sent: `GET ${url}`,
    expected: 'HTTP 200 application/vnd.etsi.asic-e+zip',
    actual: describe(received),
    requirement: 'LOG-002: unique answers a single application/vnd.etsi.asic-e+zip',
  });
  const [c] = await containersOf(received);
  const named = received.headers['content-disposition'] ?? '';
  expectThat(containerDirection(c!.name) === direction, `the container is not the ${direction}`, { sent: `GET ${url}`, expected: `a file named <queryId>-${direction}-<id>.asice`, actual: named || '(no Content-Disposition)' });
});

// ---- verification ----

Then("every downloaded container verifies against the instance's trust", async function (this: RoadtestWorld) {
  await expectAllVerify(this, instanceTrust(handlesOf(this.env)), "the instance's trust");
});

Then("no downloaded container verifies against the instance's trust", async function (this: RoadtestWorld) {
  const trust = instanceTrust(handlesOf(this.env));
  for (const c of await downloadedContainers(this)) {
    const v = await verifyContainer(c.bytes, trust);
    expectThat(!v.valid, `${c.name} still verifies without its body`, { expected: 'verification fails: the signature covers the body that was left out', actual: 'valid', requirement: 'LOG-006: with message-body-logging=false the containers no longer verify' });
  }
});

Then("every downloaded container verifies against the trust from the SUT's \\/verificationconf", async function (this: RoadtestWorld) {
  const loaded = this.vars.get('verificationConf') as Awaited<ReturnType<typeof loadVerificationConfZip>> | undefined;
  if (!loaded) throw new Error('no /verificationconf was downloaded in this scenario');
  await expectAllVerify(this, loaded.trust, "the SUT's /verificationconf");
});

Then('a copy of the request container with one byte of message.xml changed fails that verification', async function (this: RoadtestWorld) {
  const c = await containerOf(this, 'request');
  const v = await verifyContainer(await tamperedContainer(c.bytes, 'message.xml'), instanceTrust(handlesOf(this.env)));
  expectThat(!v.valid, "roadtest's verifier accepted a tampered container", { expected: 'the tampered copy is invalid', actual: `valid: ${v.message}`, requirement: 'LOG-004: verification is independent and can fail' });
});

// ---- contents ----

Then("the request container's message.xml is the SOAP request the client IS sent, byte for byte", async function (this: RoadtestWorld) {
  const entries = await containerEntries((await containerOf(this, 'request')).bytes);
  const sent = exchange(this).requestBytes;
  const logged = entries.get('message.xml');
  expectThat(logged !== undefined && logged.equals(sent), 'the logged request differs from what the client IS sent', {
    expected: `${sent.length} bytes as sent`,
    actual: logged ? `${logged.length} bytes: ${logged.toString('utf8').slice(0, 200)}` : 'no message.xml',
    requirement: 'LOG-001/LOG-004: message.xml is the SOAP message as exchanged',
  });
});

Then("the response container's message.xml is the SOAP response the client IS received, byte for byte", async function (this: RoadtestWorld) {
  const entries = await containerEntries((await containerOf(this, 'response')).bytes);
  const got = exchange(this).responseBytes;
  const logged = entries.get('message.xml');
  expectThat(logged !== undefined && logged.equals(got), 'the logged response differs from what the client IS received', {
    expected: `${got.length} bytes as received`,
    actual: logged ? `${logged.length} bytes: ${logged.toString('utf8').slice(0, 200)}` : 'no message.xml',
    requirement: 'LOG-001/LOG-004: message.xml is the SOAP message as exchanged',
  });
});

Then("the request container's message.xml has an empty SOAP Body", async function (this: RoadtestWorld) {
  const entries = await containerEntries((await containerOf(this, 'request')).bytes);
  const text = entries.get('message.xml')?.toString('utf8') ?? '';
  expectThat(/<([\w.-]+:)?Body\b[^>]*?(\/>|>\s*<\/([\w.-]+:)?Body>)/.test(text), 'the logged request still has its body', { expected: 'an empty SOAP Body', actual: text.slice(0, 400), requirement: 'LOG-006' });
});

Then('the request container holds the REST request line and headers as message.xml and the body sent as attachment1', async function (this: RoadtestWorld) {
  const x = exchange(this);
  const entries = await containerEntries((await containerOf(this, 'request')).bytes);
  const head = entries.get('message.xml')?.toString('utf8') ?? '';
  const [method, path] = head.split('\r\n');
  expectThat(method === x.rest?.method && path === x.rest?.pathAndQuery, 'message.xml is not the REST request header part', {
    expected: `${x.rest?.method} CRLF ${x.rest?.pathAndQuery} CRLF headers`,
    actual: JSON.stringify(head.slice(0, 200)),
    requirement: 'LOG-004 / TRANSP-015: message.xml of a REST request is the serialised header part',
  });
  const body = entries.get('attachment1');
  expectThat(body !== undefined && body.equals(x.requestBytes), 'attachment1 is not the body the client IS sent', { expected: x.requestBytes.toString('utf8').slice(0, 200), actual: body?.toString('utf8').slice(0, 200) ?? 'no attachment1', requirement: 'LOG-004' });
});

Then('the response container holds the body the client IS received as attachment1', async function (this: RoadtestWorld) {
  const x = exchange(this);
  const entries = await containerEntries((await containerOf(this, 'response')).bytes);
  const head = entries.get('message.xml')?.toString('utf8') ?? '';
  expectThat(/^\d{3}\r\n/.test(head), 'message.xml is not a REST response header part', { expected: 'status code CRLF reason CRLF headers', actual: JSON.stringify(head.slice(0, 200)), requirement: 'LOG-004 / TRANSP-015' });
  const body = entries.get('attachment1');
  expectThat(body !== undefined && body.equals(x.responseBytes), 'attachment1 is not the body the client IS received', { expected: x.responseBytes.toString('utf8').slice(0, 200), actual: body?.toString('utf8').slice(0, 200) ?? 'no attachment1', requirement: 'LOG-004' });
});

// ---- /verificationconf ----

When('the client IS downloads \\/verificationconf from the SUT', async function (this: RoadtestWorld) {
  const url = `${asicBase(this).replace(/\/$/, '')}/verificationconf`;
  const received = await sendRaw(url, { method: 'GET', timeoutMs: this.env.profile.timing.requestTimeoutMs });
  this.vars.set('verificationConfAnswer', { url, received });
  await this.recordExchange({ hop: 'client IS -> SUT /verificationconf', startedAt: received.startedAt, durationMs: received.durationMs, request: { method: 'GET', url, headers: {} }, response: received.error ? undefined : { status: received.status, headers: received.headers, body: received.body } });
  if (!received.error && received.status === 200) {
    try {
      this.vars.set('verificationConf', await loadVerificationConfZip(received.body));
    } catch (e) {
      this.vars.set('verificationConfError', (e as Error).message);
    }
  }
});

When('the client IS sends a POST to \\/verificationconf on the SUT', async function (this: RoadtestWorld) {
  const url = `${asicBase(this).replace(/\/$/, '')}/verificationconf`;
  const received = await sendRaw(url, { method: 'POST', body: 'not a download', headers: { 'Content-Type': 'text/plain' }, timeoutMs: this.env.profile.timing.requestTimeoutMs });
  this.vars.set('verificationConfAnswer', { url, received });
});

Then('the SUT refuses it with a 4xx status and a plain-text reason', function (this: RoadtestWorld) {
  const { url, received } = this.vars.get('verificationConfAnswer') as { url: string; received: Evidence };
  expectThat(!received.error && received.status >= 400 && received.status < 500 && !/^application\/zip/i.test(received.headers['content-type'] ?? ''), 'a POST to /verificationconf was not refused', {
    sent: `POST ${url}`,
    expected: 'a 4xx answer, no configuration',
    actual: describe(received),
    requirement: 'LOG-005: /verificationconf is a GET download',
  });
});

Then('the answer is an application\\/zip named verificationconf.zip', function (this: RoadtestWorld) {
  const { url, received } = this.vars.get('verificationConfAnswer') as { url: string; received: Evidence };
  const type = (received.headers['content-type'] ?? '').split(';')[0]!.trim();
  const disposition = received.headers['content-disposition'] ?? '';
  expectThat(!received.error && received.status === 200 && type === 'application/zip' && /filename="?verificationconf\.zip"?/.test(disposition), '/verificationconf is not verificationconf.zip', {
    sent: `GET ${url}`,
    expected: 'HTTP 200 application/zip, Content-Disposition filename="verificationconf.zip"',
    actual: `${describe(received)}; Content-Disposition: ${disposition || '(none)'}`,
    requirement: 'LOG-005',
  });
});

Then("it loads as the configuration directory of the SUT's instance, with the instance's approved CAs and TSAs", function (this: RoadtestWorld) {
  const loaded = this.vars.get('verificationConf') as Awaited<ReturnType<typeof loadVerificationConfZip>> | undefined;
  expectThat(loaded !== undefined, 'verificationconf.zip does not load as a configuration directory', { expected: 'instance-identifier + <INSTANCE>/shared-params.xml that protocol/globalconf reads', actual: String(this.vars.get('verificationConfError') ?? 'not downloaded'), requirement: 'LOG-005' });
  const want = instanceTrust(handlesOf(this.env));
  const missingCas = want.approvedCas.filter((c) => !loaded.trust.approvedCas.some((l) => l.topCa.raw.equals(c.topCa.raw)));
  const missingTsas = want.approvedTsas.filter((t) => !loaded.trust.approvedTsas.some((l) => l.cert.raw.equals(t.cert.raw)));
  expectThat(loaded.instanceIdentifier === this.env.profile.instance && missingCas.length === 0 && missingTsas.length === 0, "verificationconf.zip is not the instance's configuration", {
    expected: `instance ${this.env.profile.instance}, ${want.approvedCas.length} approved CA(s), ${want.approvedTsas.length} approved TSA(s)`,
    actual: `instance ${loaded.instanceIdentifier}, missing CAs ${missingCas.length}, missing TSAs ${missingTsas.length}`,
    requirement: 'LOG-005: the snapshot an offline verifier needs',
  });
});

// ---- making logging fail ----

Given('the TSA refuses to time-stamp', async function (this: RoadtestWorld) {
  const { tsa } = handlesOf(this.env);
  await tsa.knobs.set('httpError', TSA_FAILURE);
  this.cleanups.push(() => tsa.knobs.clear('httpError'));
});

When('the TSA time-stamps again', async function (this: RoadtestWorld) {
  await handlesOf(this.env).tsa.knobs.clear('httpError');
});

Given('the global configuration approves no time-stamping authority', async function (this: RoadtestWorld) {
  const h = handlesOf(this.env);
  const cs = h.centralServer;
  if (!cs || !h.republish) throw new Error('this environment has no harness central server to change the configuration with');
  const before = cs.model.approvedTSAs;
  cs.model.approvedTSAs = [];
  this.cleanups.push(async () => {
    cs.model.approvedTSAs = before;
    await h.republish!();
  });
  await h.republish();
});

Given("the SUT's message log fails to store messages", function (this: RoadtestWorld) {
  const log = handlesOf(this.env).sutServer?.messageLog;
  if (!log) throw new Error('the embedded SUT has no message log to break');
  // Replaces the store write for this scenario only, as a failing disk or database would.
  const original = log.log.bind(log);
  log.log = () => Promise.reject(new XRoadError(ErrorCodes.loggingFailed, 'roadtest: the message log store is unavailable'));
  this.cleanups.push(() => {
    log.log = original;
  });
});

Given('the SUT logs messages without their bodies', async function (this: RoadtestWorld) {
  // LOG-006 needs message-body-logging=false in the SUT. The embedded environment offers no switch
  // for it yet (its message log takes the policy at start-up), so the scenario cannot be run here.
  const h = handlesOf(this.env) as unknown as { setSutMessageBodyLogging?: (on: boolean) => void; sutLog?: ReferenceMessageLog };
  if (typeof h.setSutMessageBodyLogging === 'function') {
    h.setSutMessageBodyLogging(false);
    this.cleanups.push(() => h.setSutMessageBodyLogging!(true));
    return undefined;
  }
  await this.attach(JSON.stringify({ reason: 'the environment cannot switch message-body-logging off in the SUT (needs a setSutMessageBodyLogging handle)' }), NOT_APPLICABLE_MEDIA_TYPE);
  return 'skipped';
});

// ---- shared fault assertion ----

Then('the client IS receives a SOAP fault whose code ends with {string}', function (this: RoadtestWorld, suffix: string) {
  const { sent, received } = this.lastOrThrow();
  let code: string | undefined;
  let text = '';
  try {
    const env = answerEnvelope(received).envelope;
    code = env.fault?.faultCode;
    text = env.fault?.faultString ?? '';
  } catch (e) {
    text = `not SOAP: ${(e as Error).message}`;
  }
  expectThat(!received.error && code !== undefined && faultCodeEndsWith(code, suffix), `expected a fault ending in ${suffix}`, {
    sent: `${sent.method} ${sent.url}`,
    expected: `a SOAP fault whose code ends with ${suffix} (7.7 and 7.8 spellings accepted)`,
    actual: received.error ? `${received.error.code}: ${received.error.message}` : `${code ?? `HTTP ${received.status}`}: ${text.slice(0, 200)}`,
    requirement: 'MESS-018: technical errors are SOAP faults carrying the X-Road code',
  });
});
