// Bad-input steps (features/bad-input): malformed bodies posted to the client proxy
// (harness/scenario/bad-bodies), HTTP-level abuse on a raw socket (bad-raw-http), and the check
// that the SUT still serves a good request afterwards.
import { Given, Then, When } from '@cucumber/cucumber';
import { buildSoapRequest, sendRaw, sendRest, type Evidence } from '../simulators/member-systems/index.js';
import { handlesOf } from '../harness/environment/environment-handles.js';
import { expectThat } from '../harness/expect/conformance-failure.js';
import { badMultipartBody, badSoapBody } from '../harness/scenario/bad-bodies.js';
import { rawRequest, requestHead, startRawRequest, type RawOutcome, type RunningRawRequest } from '../harness/scenario/bad-raw-http.js';
import { answerEnvelope } from '../harness/scenario/soap-call.js';
import { markProviderIs, sendSoapAlongRoute } from '../harness/scenario/soap-scenario.js';
import { loadProxyRequest, vectorsDirectory, type ProxyTestCase } from '../harness/scenario/soap-proxy-vectors.js';
import { soapAnswer } from '../harness/scenario/soap-answer-checks.js';
import { NOT_APPLICABLE_MEDIA_TYPE } from '../harness/report/cucumber-messages.js';
import { faultCodeMatches, faultCodeStartsWith } from '../protocol/faults/index.js';
import type { RoadtestWorld } from './support/world.js';

function goodSoap(world: RoadtestWorld): string {
  const route = world.route();
  return buildSoapRequest({ client: route.client, service: `${route.provider}/getRandom`, userId: 'EE12345678901' });
}

async function post(world: RoadtestWorld, body: Buffer, contentType: string | undefined): Promise<void> {
  const route = world.route();
  markProviderIs(world);
  const headers: Record<string, string> = contentType === undefined ? {} : { 'Content-Type': contentType };
  const received = await sendRaw(route.clientProxyUrl, { method: 'POST', headers, body, timeoutMs: world.env.profile.timing.requestTimeoutMs });
  await world.remember(route.hop, { method: 'POST', url: route.clientProxyUrl, headers, body }, received);
}

function faultCode(received: Evidence): string | undefined {
  try {
    return answerEnvelope(received).envelope.fault?.faultCode;
  } catch {
    return undefined;
  }
}

// ---- malformed bodies ----

When(/^the client IS posts (.+) to the SUT's client proxy as "(.*)"$/, async function (this: RoadtestWorld, what: string, contentType: string) {
  await post(this, badSoapBody(what, goodSoap(this)), contentType.replace(/\\"/g, '"'));
});

When(/^the client IS posts (.+) to the SUT's client proxy as multipart\/related$/, async function (this: RoadtestWorld, what: string) {
  const { body, contentType } = badMultipartBody(what, goodSoap(this));
  await post(this, body, contentType);
});

When("the client IS posts a SOAP request to the SUT's client proxy without a Content-Type", async function (this: RoadtestWorld) {
  await post(this, Buffer.from(goodSoap(this), 'utf8'), undefined);
});

When("{int} clients post garbage to the SUT's client proxy at once", async function (this: RoadtestWorld, n: number) {
  const url = this.route().clientProxyUrl;
  const all = await Promise.all(
    Array.from({ length: n }, (_, i) => sendRaw(url, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: `<garbage ${i}`, timeoutMs: this.env.profile.timing.requestTimeoutMs })),
  );
  this.vars.set('burst', all);
});

Then('every one of them gets a SOAP fault whose code starts with {string}', function (this: RoadtestWorld, prefix: string) {
  const all = this.vars.get('burst') as Evidence[];
  const bad = all.map((r, i) => [i, faultCode(r), r] as const).filter(([, c]) => !c || !faultCodeStartsWith(c, prefix));
  expectThat(bad.length === 0, `${bad.length} of ${all.length} requests got no ${prefix}.* fault`, {
    expected: `${all.length} faults ${prefix}.*`,
    actual: bad.map(([i, c, r]) => `#${i}: ${c ?? (r.error ? r.error.code : `HTTP ${r.status}`)}`).join(', '),
    requirement: 'MESS-018: each bad request is answered with a fault',
  });
});

// ---- the SUT keeps serving ----

Then('the SUT still serves a good SOAP request', async function (this: RoadtestWorld) {
  const route = this.route();
  const received = await sendRaw(route.clientProxyUrl, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=UTF-8' }, body: goodSoap(this), timeoutMs: this.env.profile.timing.requestTimeoutMs });
  await this.recordExchange({ hop: `${route.hop} (good request after bad input)`, startedAt: received.startedAt, durationMs: received.durationMs, request: { method: 'POST', url: route.clientProxyUrl, headers: {} }, response: { status: received.status, headers: received.headers, body: received.body } });
  let ok = false;
  try {
    ok = !received.error && !answerEnvelope(received).envelope.isFault;
  } catch {
    ok = false;
  }
  expectThat(ok, 'the SUT no longer serves a good request after the bad one', {
    expected: 'a successful SOAP response to a good request',
    actual: received.error ? `${received.error.code}: ${received.error.message}` : `HTTP ${received.status} ${received.text.slice(0, 200)}`,
    requirement: 'bad input is answered per request; the server keeps serving',
  });
});

Then('the SUT still serves a good REST request', async function (this: RoadtestWorld) {
  const route = this.route();
  const received = await sendRest(route.clientProxyUrl, `${route.provider}/pets`, '/pets', { client: route.client, timeoutMs: this.env.profile.timing.requestTimeoutMs });
  await this.recordExchange({ hop: `${route.hop} (good REST request after bad input)`, startedAt: received.startedAt, durationMs: received.durationMs, request: { method: 'GET', url: `${route.clientProxyUrl}/r1/${route.provider}/pets/pets`, headers: { 'X-Road-Client': route.client } }, response: { status: received.status, headers: received.headers, body: received.body } });
  expectThat(!received.error && received.status === 200, 'the SUT no longer serves a good REST request after the bad one', {
    expected: 'HTTP 200',
    actual: received.error ? `${received.error.code}: ${received.error.message}` : `HTTP ${received.status} ${received.text.slice(0, 200)}`,
  });
});

// ---- HTTP-level abuse on a raw socket ----

async function raw(world: RoadtestWorld, pieces: Array<Buffer | string | number>, what: string): Promise<void> {
  const url = world.route().clientProxyUrl;
  const outcome = await rawRequest({ url, pieces, timeoutMs: 6000 });
  world.vars.set('raw', outcome);
  await recordRaw(world, what, outcome);
}

async function recordRaw(world: RoadtestWorld, what: string, o: RawOutcome): Promise<void> {
  await world.recordExchange({
    hop: `raw socket -> SUT client proxy (${what})`,
    startedAt: new Date(Date.now() - o.durationMs),
    durationMs: o.durationMs,
    request: { method: 'RAW', url: world.route().clientProxyUrl, headers: {} },
    ...(o.status !== undefined ? { response: { status: o.status, headers: o.headers, body: o.body } } : {}),
    ...(o.status === undefined ? { error: `${o.ending}${o.error ? `: ${o.error}` : ''}` } : {}),
  });
}

function soapHead(world: RoadtestWorld, extra: Array<[string, string]>, length?: number): string {
  const url = world.route().clientProxyUrl;
  return requestHead(url, 'POST', [['Content-Type', 'text/xml; charset=UTF-8'], ...(length !== undefined ? [['Content-Length', String(length)] as [string, string]] : []), ['Connection', 'close'], ...extra]);
}

When("a client sends the SUT's client proxy a SOAP request with a {int} KiB header", async function (this: RoadtestWorld, kib: number) {
  const body = goodSoap(this);
  await raw(this, [soapHead(this, [['X-Padding', 'x'.repeat(kib * 1024)]], Buffer.byteLength(body)), body], `${kib} KiB header`);
});

When("a client sends the SUT's client proxy a REST request with a {int} KiB header", async function (this: RoadtestWorld, kib: number) {
  const route = this.route();
  const url = `${route.clientProxyUrl}/r1/${route.provider}/pets/pets`;
  await raw(this, [requestHead(url, 'GET', [['X-Road-Client', route.client], ['Connection', 'close'], ['X-Padding', 'x'.repeat(kib * 1024)]])], `REST ${kib} KiB header`);
});

When("a client sends the SUT's client proxy {int} bytes that are not HTTP", async function (this: RoadtestWorld, n: number) {
  const junk = Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + 7) % 256));
  junk[0] = 0x16; // a TLS record type byte: a TLS client hello sent to the plain HTTP port
  await raw(this, [junk], 'not HTTP');
});

When("a client sends the SUT's client proxy a SOAP request with a broken chunk size", async function (this: RoadtestWorld) {
  await raw(this, [soapHead(this, [['Transfer-Encoding', 'chunked']]), 'ZZZZ\r\n<not a chunk>\r\n0\r\n\r\n'], 'broken chunked encoding');
});

When("a client sends the SUT's client proxy a request announcing {int} bytes, sends {int} and disconnects", async function (this: RoadtestWorld, announced: number, sent: number) {
  const running = startRawRequest({ url: this.route().clientProxyUrl, pieces: [soapHead(this, [], announced), goodSoap(this).slice(0, sent)], timeoutMs: 10_000 });
  await new Promise((r) => setTimeout(r, 200));
  running.abort();
  await recordRaw(this, 'short body then disconnect', await running.done);
});

Then('the SUT refuses it with a 4xx status or by closing the connection within {int} seconds', function (this: RoadtestWorld, seconds: number) {
  const o = this.vars.get('raw') as RawOutcome;
  const refused = o.status !== undefined ? o.status >= 400 && o.status < 500 : o.ending === 'server-closed' || o.ending === 'socket-error';
  expectThat(refused && o.durationMs <= seconds * 1000, 'the SUT did not refuse the abusive request promptly', {
    expected: `an HTTP 4xx or a closed connection within ${seconds} s`,
    actual: `${o.status !== undefined ? `HTTP ${o.status}` : o.ending} after ${(o.durationMs / 1000).toFixed(1)} s`,
    requirement: 'bad input is answered per request; the server keeps serving',
  });
});

// ---- stalled clients ----

function stall(world: RoadtestWorld, timeoutMs: number): RunningRawRequest {
  const running = startRawRequest({ url: world.route().clientProxyUrl, pieces: [soapHead(world, [], 5000), '<?xml version="1.0"?>'], timeoutMs });
  world.vars.set('stalled', running);
  world.vars.set('stalledAt', Date.now());
  world.cleanups.push(() => running.abort());
  return running;
}

Given("a client has sent the SUT's client proxy request headers and then stalls", async function (this: RoadtestWorld) {
  stall(this, 60_000);
  await new Promise((r) => setTimeout(r, 100));
});

When("a client sends the SUT's client proxy request headers and then stalls", function (this: RoadtestWorld) {
  stall(this, 60_000);
});

Given('the SUT gives up reading a request body after {int} second(s)', function (this: RoadtestWorld, seconds: number) {
  const sut = handlesOf(this.env).sutServer;
  if (!sut) throw new Error('needs the embedded reference SUT');
  const timeouts = sut.config.timeouts;
  const before = timeouts.transportMs;
  timeouts.transportMs = seconds * 1000;
  this.cleanups.push(() => void (timeouts.transportMs = before));
});

Then('the SUT ends the stalled request within {int} seconds', async function (this: RoadtestWorld, seconds: number) {
  const running = this.vars.get('stalled') as RunningRawRequest;
  const started = this.vars.get('stalledAt') as number;
  const left = Math.max(0, seconds * 1000 - (Date.now() - started));
  const o = await Promise.race([running.done, new Promise<undefined>((r) => setTimeout(() => r(undefined), left))]);
  if (o) await recordRaw(this, 'stalled client', o);
  expectThat(o !== undefined && o.ending === 'server-closed', 'the SUT kept the stalled request open', {
    expected: `the SUT closes or answers the stalled request within ${seconds} s`,
    actual: o ? `${o.ending} after ${(o.durationMs / 1000).toFixed(1)} s` : `still open after ${seconds} s`,
    requirement: 'a stalled client is timed out and does not hold the server',
  });
});

Then('the stalled client is still waiting or was cut off, but got no successful answer', async function (this: RoadtestWorld) {
  const running = this.vars.get('stalled') as RunningRawRequest;
  running.abort();
  const o = await running.done;
  await recordRaw(this, 'stalled client', o);
  expectThat(o.status === undefined || o.status !== 200 || /Fault/.test(o.body.toString('utf8')), 'the stalled, incomplete request got a successful answer', {
    expected: 'no answer, a fault or a closed connection',
    actual: `HTTP ${o.status} ${o.body.toString('utf8').slice(0, 200)}`,
  });
});

// ---- X-Road's proxy test suite (features/message-soap/proxy-testsuite.feature): its requests are bad input ----

When('the client IS sends X-Road proxy test case {string} with request file {string}', async function (this: RoadtestWorld, caseName: string, requestFile: string) {
  const dir = vectorsDirectory();
  if (!dir) {
    await this.attach(JSON.stringify({ reason: 'the X-Road vectors folder (../shared/vectors or ROADTEST_VECTORS) is absent: the proxy test requests cannot be read' }), NOT_APPLICABLE_MEDIA_TYPE);
    return 'skipped';
  }
  const req = loadProxyRequest(dir, caseName, requestFile);
  this.vars.set('proxyCase', req.testCase);
  await sendSoapAlongRoute(this, req.body, { contentType: req.contentType, method: req.method, ...(req.soapAction !== undefined ? { soapAction: req.soapAction } : {}) });
  return undefined;
});

Then('the fault agrees with proxy-testcases.json for case {string}', function (this: RoadtestWorld, caseName: string) {
  const c = this.vars.get('proxyCase') as ProxyTestCase;
  const { sent, received } = this.lastOrThrow();
  const sentShort = `${sent.method} ${sent.url}`;
  const code = soapAnswer(received, sentShort).fault?.faultCode ?? '';
  const expected = [...(c.expectedFaultCode ?? []), ...(c.expectedFaultCodeLegacy_le_7_7 ?? [])];
  expectThat(expected.length > 0 && expected.every((e) => faultCodeMatches(code, e)), `case ${caseName}: the fault does not match the suite's expectation`, {
    sent: sentShort,
    expected: expected.join(' / '),
    actual: code,
    requirement: c.description,
  });
});
