// SS-to-SS transport steps (features/transport): put a recording stand-in where the provider's
// security server is listed, or send the SUT's server proxy a transport message the harness built
// itself, and check TLS, OCSP exchange, part order, headers and the faults that come back.
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { createHash } from 'node:crypto';
import { handlesOf } from '../harness/environment/environment-handles.js';
import { expectThat } from '../harness/expect/conformance-failure.js';
import { extraCert } from '../harness/scenario/transport-certs.js';
import { addPeerAlias, deadAddress, maintenance, setAddress, startBlackHole } from '../harness/scenario/transport-routing.js';
import { fakeProviderInPlaceOfPeer, type FakeProviderOptions } from '../harness/scenario/transport-fake-provider.js';
import type { TransportCapture, CapturedRequest } from '../harness/scenario/transport-capture.js';
import { checkHeaderRule, envelopeOf, faultCodeHas, matchPartOrder, mediaTypeOfHeader, transportParts, type TransportPart } from '../harness/scenario/transport-checks.js';
import { XROAD_TLS_CIPHERS } from '../simulators/security-server/tls-trust.js';
import { consumerRest, consumerSoap, consumerSpec, consumerVariant } from '../harness/scenario/transport-consumer-variants.js';
import { sendAsConsumer, type ConsumerAnswer, type ConsumerMessage } from '../harness/scenario/transport-consumer.js';
import { probeTls, type TlsProbeResult } from '../harness/scenario/transport-tls-probe.js';
import { verifyTransport } from '../harness/scenario/signing-verify.js';
import type { Evidence } from '../simulators/member-systems/index.js';
import type { RoadtestWorld } from './support/world.js';

const DEFAULT_REPLY = { kind: 'fault', faultCode: 'Server.ServerProxy.RoadtestRecorded', faultString: 'recorded by the roadtest stand-in provider' } as const;

/** The stand-ins a feature names, as FakeProviderOptions. */
const STAND_INS: Record<string, Omit<FakeProviderOptions, 'reply'>> = {
  'its registered auth certificate': { tls: 'peer', registration: 'as-is', ocsp: 'good' },
  'a newly registered auth certificate': { tls: 'fresh-peer-auth', registration: 'peer', ocsp: 'good' },
  'a certificate from a CA that is not approved': { tls: 'rogue-auth', registration: 'as-is', ocsp: 'good' },
  'an approved-CA certificate no security server registered': { tls: 'unregistered-auth', registration: 'as-is', ocsp: 'good' },
  'the auth certificate of another security server': { tls: 'other-server-auth', registration: 'other-server', ocsp: 'good' },
  'a registered certificate whose OCSP status is revoked': { tls: 'fresh-peer-auth', registration: 'peer', ocsp: 'revoked' },
  'a registered certificate whose OCSP response is stale': { tls: 'fresh-peer-auth', registration: 'peer', ocsp: 'stale' },
  'a registered certificate but no OCSP response for it': { tls: 'fresh-peer-auth', registration: 'peer', ocsp: 'empty' },
};

function h(world: RoadtestWorld) {
  return handlesOf(world.env);
}

export function captureOf(world: RoadtestWorld): TransportCapture {
  const c = world.vars.get('capture') as TransportCapture | undefined;
  if (!c) throw new Error('no stand-in provider security server was set up in this scenario');
  return c;
}

/** The one transport request the stand-in received (fails when there is none). */
export function capturedRequest(world: RoadtestWorld): CapturedRequest {
  const c = captureOf(world);
  expectThat(c.requests.length > 0, "the provider's security server received no message", {
    expected: 'the SUT sends its transport message to the listed provider server',
    actual: `no request (${c.handshakes} TLS handshakes, ${c.ocspDownloads.length} OCSP downloads)`,
  });
  return c.requests[c.requests.length - 1]!;
}

export async function standInProvider(world: RoadtestWorld, description: string, reply: FakeProviderOptions['reply'] = DEFAULT_REPLY): Promise<TransportCapture> {
  const opts = STAND_INS[description];
  if (!opts) throw new Error(`unknown stand-in "${description}"; known: ${Object.keys(STAND_INS).join(', ')}`);
  const { capture, undo } = await fakeProviderInPlaceOfPeer(h(world), { ...opts, reply });
  world.cleanups.push(undo);
  world.vars.set('capture', capture);
  return capture;
}

function header(req: CapturedRequest, name: string): string | undefined {
  const found = req.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase());
  return found.length ? found[found.length - 1]![1] : undefined;
}

// ---- Given ----

Given("the provider's security server is a recording stand-in showing {string}", async function (this: RoadtestWorld, description: string) {
  await standInProvider(this, description);
});

Given("the provider's security server is a recording stand-in that answers with a text\\/xml SOAP fault {string} {string}", async function (this: RoadtestWorld, code: string, text: string) {
  await standInProvider(this, 'its registered auth certificate', { kind: 'fault', faultCode: code, faultString: text });
});

Given("the provider's security server is a recording stand-in that answers with a text\\/html page", async function (this: RoadtestWorld) {
  await standInProvider(this, 'its registered auth certificate', { kind: 'html' });
});

// ---- Then: what the stand-in saw ----

Then("the provider's security server received no message", function (this: RoadtestWorld) {
  const c = captureOf(this);
  expectThat(c.requests.length === 0, 'the SUT sent its message to a provider server it should not trust', {
    expected: 'no transport message (the TLS peer is refused before anything is written)',
    actual: `${c.requests.length} message(s) received`,
    requirement: 'TRANSP-002: the consumer SS accepts the provider only if its auth cert is approved, registered to a server hosting the provider, and has a fresh good OCSP response',
  });
});

Then("the provider's security server received the SUT's message", function (this: RoadtestWorld) {
  capturedRequest(this);
});

Then('the SUT connected with TLS 1.2 and an X-Road cipher suite', function (this: RoadtestWorld) {
  const { tls } = capturedRequest(this);
  const allowed = XROAD_TLS_CIPHERS.split(':');
  expectThat(tls.protocol === 'TLSv1.2' && allowed.includes(tls.cipher), 'the SUT used another TLS profile', {
    expected: `TLSv1.2 with one of ${allowed.join(', ')}`,
    actual: `${tls.protocol} ${tls.cipher}`,
    requirement: 'TRANSP-001: TLSv1.2 with the xroad-tls-ciphers list',
  });
});

Then('the SUT authenticated with the auth certificate registered for it', function (this: RoadtestWorld) {
  const { tls } = capturedRequest(this);
  const hd = h(this);
  const hash = tls.clientCert ? createHash('sha256').update(tls.clientCert.raw).digest('base64') : undefined;
  const listed = hd.centralServer
    ? (hd.centralServer.model.securityServers ?? []).find((s) => s.serverCode === hd.layout.sut.serverCode)
    : undefined;
  const registered = (listed?.authCerts ?? []).map((c) => createHash('sha256').update(Buffer.from(c as Uint8Array)).digest('base64'));
  expectThat(hash !== undefined && registered.includes(hash), 'the SUT did not authenticate with its registered auth certificate', {
    expected: `a client certificate whose SHA-256 is an authCertHash of ${hd.layout.sut.serverId}`,
    actual: tls.clientCert ? `${tls.clientCert.subject} (${hash})` : 'no client certificate',
    requirement: 'TRANSP-001: mutual TLS with the security servers\' auth certificates',
  });
});

Then('the SUT posted the transport message to the path {string}', function (this: RoadtestWorld, path: string) {
  const req = capturedRequest(this);
  expectThat(req.method === 'POST' && req.path === path, 'the transport request is not an HTTPS POST to the server root', {
    expected: `POST ${path}`,
    actual: `${req.method} ${req.path}`,
    requirement: 'TRANSP-001: HTTPS POST to https://{ss-address}:5500/',
  });
});

Then('the transport request has the parts:', function (this: RoadtestWorld, table: DataTable) {
  const req = capturedRequest(this);
  const parts = transportParts(req.body, header(req, 'content-type') ?? '');
  const expected = table.raw().map((r) => r[0]!.trim());
  const actual = parts.map((p) => p.mediaType);
  const problem = mediaTypeOfHeader(header(req, 'content-type')) !== 'multipart/mixed' ? `Content-Type ${header(req, 'content-type')}` : matchPartOrder(actual, expected);
  expectThat(problem === undefined, 'the transport request parts are not in the order TRANSP-005 gives', {
    expected: expected.join(', '),
    actual: `${actual.join(', ')}${problem ? ` (${problem})` : ''}`,
    requirement: 'TRANSP-005: OCSP parts, SOAP / REST part (+ attachments / body), hash chain for batch signatures, signature',
  });
  this.vars.set('capturedParts', parts);
});

Then('the transport request carries the HTTP headers:', function (this: RoadtestWorld, table: DataTable) {
  const req = capturedRequest(this);
  const problems = table
    .raw()
    .map(([name, rule]) => [name!, checkHeaderRule(header(req, name!), (rule ?? '').replace('{client Content-Type}', 'text/xml; charset=UTF-8'))] as const)
    .filter(([, p]) => p !== undefined)
    .map(([n, p]) => `${n}: ${p}`);
  expectThat(problems.length === 0, 'the transport request headers differ from TRANSP-004', {
    expected: table.raw().map(([n, r]) => `${n} ${r}`).join('; '),
    actual: problems.join('; '),
    requirement: 'TRANSP-004: x-road-request-id, x-hash-algorithm, x-original-content-type, x-proxy-version, x-original-soapaction (SOAP) / x-road-message-type: REST',
  });
});

// ---- Then: faults ----

function expectFault(world: RoadtestWorld, prefix: string, code: string, requirement?: string): void {
  const { sent, received } = world.lastOrThrow();
  const env = envelopeOf(received);
  const got = env?.fault?.faultCode;
  expectThat(!!got && faultCodeHas(got, prefix, code), `expected a ${prefix} fault for ${code}`, {
    sent: `${sent.method} ${sent.url}`,
    expected: `SOAP fault ${prefix}.…${code}… (7.7 and 7.8 spellings accepted)`,
    actual: got ? `${got}: ${env?.fault?.faultString}` : received.error ? `${received.error.code}: ${received.error.message}` : `HTTP ${received.status} ${received.text.slice(0, 200)}`,
    ...(requirement ? { requirement } : {}),
  });
}

Then('the client IS receives a {string} fault for {string}', function (this: RoadtestWorld, prefix: string, code: string) {
  expectFault(this, prefix, code);
});

Then('the consumer security server receives a {string} fault for {string}', function (this: RoadtestWorld, prefix: string, code: string) {
  expectFault(this, prefix, code, 'TRANSP-017: provider SS errors are server.serverproxy.*');
});

Then("the SUT asked the provider's OCSP download role for that certificate by its SHA-1 hash", function (this: RoadtestWorld) {
  const c = captureOf(this);
  const want = c.identitySha1;
  const asked = c.ocspDownloads.filter((d) => d.method === 'GET');
  const ok = asked.some((d) => d.params.some(([n, v]) => n === 'cert' && v.toLowerCase() === want));
  expectThat(ok, "the SUT did not fetch the provider certificate's OCSP response from its download role", {
    expected: `GET /?cert=${want}[&cert_hash=…] on the provider's :5577 role`,
    actual: asked.length ? asked.map((d) => `${d.method} ?${d.params.map(([n, v]) => `${n}=${v}`).join('&')}`).join(' | ') : 'no download request',
    requirement: 'TRANSP-003: the consumer fetches missing responses with GET http://{addr}:5577/?cert=<hex SHA-1 of DER cert>',
  });
});

function capturedParts(world: RoadtestWorld): TransportPart[] {
  const req = capturedRequest(world);
  return transportParts(req.body, header(req, 'content-type') ?? '');
}

Then('the nested multipart of the transport request holds {int} attachment(s)', function (this: RoadtestWorld, n: number) {
  const nested = capturedParts(this).find((p) => p.mediaType === 'multipart/mixed')?.nested ?? [];
  expectThat(nested.length === n, 'the attachments are not all in one nested multipart/mixed', {
    expected: `${n} attachment parts inside the multipart/mixed part`,
    actual: `${nested.length}: ${nested.join(', ')}`,
    requirement: 'TRANSP-005 (2): the SOAP part optionally followed by a nested multipart/mixed of attachments',
  });
});

function restHeaderLines(world: RoadtestWorld): string[] {
  const part = capturedParts(world).find((p) => p.mediaType === 'application/x-road-rest-request');
  expectThat(part !== undefined, 'no REST header part in the transport request', { expected: 'an application/x-road-rest-request part', actual: capturedParts(world).map((p) => p.mediaType).join(', ') });
  return part.body.toString('utf8').split('\r\n');
}

Then('the REST header part reads {string}, then the service path followed by {string}, then Name:Value lines', function (this: RoadtestWorld, method: string, tail: string) {
  const lines = restHeaderLines(this);
  const path = `/r1/${this.route().provider}/pets`;
  const wantPath = `${path}${tail}`;
  const headerLines = lines.slice(2).filter((l) => l !== '');
  const badHeader = headerLines.find((l) => !/^[^:\s]+:\S/.test(l) && !/^[^:\s]+:$/.test(l));
  expectThat(lines[0] === method && lines[1] === wantPath && badHeader === undefined, 'the REST header part is not serialised as TRANSP-015 says', {
    expected: `${method} CRLF ${wantPath} CRLF then Name:Value CRLF per header (no space after the colon)`,
    actual: lines.slice(0, 8).join(' ⏎ '),
    requirement: 'TRANSP-015: request = METHOD CRLF path[?query] CRLF then Name:Value CRLF per header',
  });
});

Then('the REST header part has the header lines {string} and {string}', function (this: RoadtestWorld, a: string, b: string) {
  const names = restHeaderLines(this).slice(2).map((l) => l.split(':', 1)[0]!.toLowerCase());
  const missing = [a, b].filter((n) => !names.includes(n.toLowerCase()));
  expectThat(missing.length === 0, 'the consumer did not add its X-Road headers to the REST header part', {
    expected: `header lines ${a} and ${b}`,
    actual: names.join(', '),
    requirement: 'TRANSP-015: the consumer adds x-road-id and x-road-request-id',
  });
});

// ---- The harness as consumer security server (SUT as provider) ----

function sutServerProxyUrl(world: RoadtestWorld): string {
  const url = world.env.sut.serverProxyUrl;
  if (!url) throw new Error('the profile gives no server proxy URL for the SUT (endpoints.serverProxy)');
  return url;
}

export async function sendFromHarnessConsumer(world: RoadtestWorld, message: ConsumerMessage, variantName = ''): Promise<ConsumerAnswer> {
  const hd = h(world);
  const { spec, undo } = await consumerSpec(hd, sutServerProxyUrl(world), message, consumerVariant(variantName), world.env.profile.timing.requestTimeoutMs);
  if (undo) world.cleanups.push(undo);
  world.vars.set('pisMark', hd.providerIs.received.length);
  const startedAt = new Date();
  const answer = await sendAsConsumer(spec);
  world.vars.set('consumerAnswer', answer);
  const evidence: Evidence = {
    status: answer.status,
    headers: answer.headers,
    body: answer.body,
    text: answer.body.toString('utf8'),
    startedAt,
    durationMs: answer.durationMs,
    ...(answer.error ? { error: { code: 'transport', message: answer.error } } : {}),
  };
  await world.remember('harness consumer SS -> SUT server proxy', { method: spec.httpMethod ?? 'POST', url: spec.url, headers: answer.sent.headers, body: answer.sent.body }, evidence);
  return answer;
}

export function consumerAnswerOf(world: RoadtestWorld): ConsumerAnswer {
  const a = world.vars.get('consumerAnswer') as ConsumerAnswer | undefined;
  if (!a) throw new Error('the harness consumer security server sent nothing in this scenario');
  return a;
}

When(/^a consumer security server sends the SUT a SOAP request for "([^"]*)"(?: (?!with \d+ attachments?$)(.+))?$/, async function (this: RoadtestWorld, code: string, variant?: string) {
  await sendFromHarnessConsumer(this, consumerSoap(h(this), code), variant ?? '');
});

When(/^a consumer security server sends the SUT a SOAP request for "([^"]*)" with (\d+) attachments?$/, async function (this: RoadtestWorld, code: string, n: string) {
  const m = consumerSoap(h(this), code);
  if (m.kind !== 'soap') return;
  m.attachments = Array.from({ length: Number(n) }, (_, i) => ({ contentType: 'application/octet-stream', body: Buffer.alloc(256 + i, 0x41 + i) }));
  await sendFromHarnessConsumer(this, m);
});

When('a consumer security server sends the SUT a REST {word} request for {string} to {string}', async function (this: RoadtestWorld, method: string, code: string, path: string) {
  await sendFromHarnessConsumer(this, consumerRest(h(this), method, code, path));
});

When('a consumer security server sends the SUT a REST {word} request for {string} to {string} with the body {string}', async function (this: RoadtestWorld, method: string, code: string, path: string, body: string) {
  await sendFromHarnessConsumer(this, consumerRest(h(this), method, code, path, Buffer.from(body, 'utf8')));
});

Then("the consumer security server receives a response signed by the SUT's provider", async function (this: RoadtestWorld) {
  const a = consumerAnswerOf(this);
  const hd = h(this);
  const verdict = await verifyTransport(hd.peerGlobalConf ?? hd.globalConf, a.body, a.headers['content-type'] ?? '', a.headers['x-hash-algorithm'], hd.layout.sut.provider);
  const fault = verdict.decoded?.fault?.envelope.fault;
  expectThat(!verdict.error && !fault, "the SUT's answer is not a response signed with its provider member's key", {
    expected: `a multipart response whose signature verifies for ${hd.layout.sut.member}`,
    actual: fault ? `fault ${fault.faultCode}: ${fault.faultString}` : verdict.error ? `${verdict.error.code}: ${verdict.error.message}` : `HTTP ${a.status}`,
    requirement: "SIG-001: every response is signed with the provider's member key; SIG-010: it verifies",
  });
  this.vars.set('verifiedAnswer', verdict.decoded);
});

Then("the SUT's answer has the parts:", function (this: RoadtestWorld, table: DataTable) {
  const a = consumerAnswerOf(this);
  const ct = a.headers['content-type'] ?? '';
  const expected = table.raw().map((r) => r[0]!.trim());
  const actual = mediaTypeOfHeader(ct) === 'multipart/mixed' ? transportParts(a.body, ct).map((p) => p.mediaType) : [];
  const problem = actual.length ? matchPartOrder(actual, expected) : `Content-Type ${ct}`;
  expectThat(problem === undefined, "the SUT's response parts are not in the order TRANSP-006 gives", {
    expected: expected.join(', '),
    actual: `${actual.join(', ')} (${problem})`,
    requirement: 'TRANSP-006: SOAP (+ nested attachments) or REST response part (+ body), [hash-chain-result, hash-chain], then the signature',
  });
});

Then("the SUT's answer carries the HTTP headers:", function (this: RoadtestWorld, table: DataTable) {
  const a = consumerAnswerOf(this);
  const problems = table
    .raw()
    .map(([name, rule]) => [name!, checkHeaderRule(a.headers[name!.toLowerCase()], rule ?? '')] as const)
    .filter(([, p]) => p !== undefined)
    .map(([n, p]) => `${n}: ${p}`);
  expectThat(problems.length === 0, "the SUT's response headers differ from TRANSP-006", {
    expected: table.raw().map(([n, r]) => `${n} ${r}`).join('; '),
    actual: problems.join('; '),
    requirement: 'TRANSP-006: the response carries x-hash-algorithm and, for SOAP, x-original-content-type',
  });
});

Then("the SUT's server proxy used TLS 1.2, an X-Road cipher suite and the auth certificate registered for it", function (this: RoadtestWorld) {
  const a = consumerAnswerOf(this);
  const hd = h(this);
  const allowed = XROAD_TLS_CIPHERS.split(':');
  const hash = a.serverCert ? createHash('sha256').update(a.serverCert.raw).digest('base64') : undefined;
  const listed = hd.centralServer?.model.securityServers?.find((s) => s.serverCode === hd.layout.sut.serverCode);
  const registered = (listed?.authCerts ?? []).map((c) => createHash('sha256').update(Buffer.from(c as Uint8Array)).digest('base64'));
  expectThat(a.protocol === 'TLSv1.2' && allowed.includes(a.cipher ?? '') && hash !== undefined && registered.includes(hash), "the SUT's server proxy TLS is not X-Road's", {
    expected: `TLSv1.2, one of ${allowed.join(', ')}, a certificate whose SHA-256 is an authCertHash of ${hd.layout.sut.serverId}`,
    actual: `${a.protocol} ${a.cipher} ${a.serverCert?.subject ?? 'no certificate'}`,
    requirement: 'TRANSP-001: TLSv1.2 with the xroad-tls-ciphers list and the auth certificate',
  });
});

When("a client offers the SUT's server proxy only {string}", async function (this: RoadtestWorld, offer: string) {
  this.vars.set('tlsProbe', await probeTls(sutServerProxyUrl(this), offer));
});

Then('the TLS handshake fails', function (this: RoadtestWorld) {
  const p = this.vars.get('tlsProbe') as TlsProbeResult;
  expectThat(!p.connected, "the SUT's server proxy accepted a TLS profile X-Road does not use", {
    expected: 'handshake failure',
    actual: `connected with ${p.protocol} ${p.cipher}`,
    requirement: 'TRANSP-001: TLSv1.2 only, with the xroad-tls-ciphers list',
  });
});

Given('the peer security server shows an approved-CA auth certificate that no server registered', async function (this: RoadtestWorld) {
  const hd = h(this);
  const c = await extraCert(hd.pki, hd.layout, 'unregistered-auth');
  hd.peer.knobs.set('unregistered-auth-cert', { certPem: c.certPem, keyPem: c.keyPem });
  this.cleanups.push(() => void hd.peer.knobs.clear('unregistered-auth-cert'));
});

Then('the REST error is {string} for {string}', function (this: RoadtestWorld, prefix: string, code: string) {
  const { sent, received } = this.lastOrThrow();
  const got = received.headers['x-road-error'] ?? '';
  expectThat(faultCodeHas(got, prefix, code), `expected a ${prefix} REST error for ${code}`, {
    sent: `${sent.method} ${sent.url}`,
    expected: `X-Road-Error ${prefix}.…${code}…`,
    actual: `HTTP ${received.status} X-Road-Error=${got || '(none)'} ${received.text.slice(0, 200)}`,
  });
});

function restResponseLines(world: RoadtestWorld): string[] {
  const a = consumerAnswerOf(world);
  const part = transportParts(a.body, a.headers['content-type'] ?? '').find((p) => p.mediaType === 'application/x-road-rest-response');
  expectThat(part !== undefined, 'no REST response part in the SUT answer', { expected: 'an application/x-road-rest-response part', actual: a.headers['content-type'] ?? '(no content type)' });
  return part.body.toString('utf8').split('\r\n');
}

Then("the SUT's REST response part reads the status line {string}, a reason phrase line, then Name:Value lines", function (this: RoadtestWorld, status: string) {
  const lines = restResponseLines(this);
  const headerLines = lines.slice(2).filter((l) => l !== '');
  const bad = headerLines.find((l) => !/^[^:\s]+:(\S.*)?$/.test(l));
  expectThat(lines[0] === status && lines.length > 2 && bad === undefined, 'the REST response part is not serialised as TRANSP-015 says', {
    expected: `${status} CRLF reason phrase CRLF then Name:Value CRLF per header`,
    actual: lines.slice(0, 8).join(' ⏎ '),
    requirement: 'TRANSP-015: response = status code CRLF reason phrase CRLF headers',
  });
});

Then("the SUT's REST response part has the header lines {string}, {string}, {string}, {string} and {string}", function (this: RoadtestWorld, a: string, b: string, c: string, d: string, e: string) {
  const names = [a, b, c, d, e];
  const have = restResponseLines(this).slice(2).map((l) => l.split(':', 1)[0]!.toLowerCase());
  const missing = names.filter((n) => !have.includes(n.toLowerCase()));
  expectThat(missing.length === 0, 'the provider did not add its X-Road headers to the REST response part', {
    expected: names.join(', '),
    actual: `missing ${missing.join(', ')}; present ${have.join(', ')}`,
    requirement: 'TRANSP-015: the provider response part adds x-road-id, x-road-client, x-road-service, x-road-request-id, x-road-request-hash',
  });
});

Then("the SUT's answer is a whole text\\/xml SOAP fault", function (this: RoadtestWorld) {
  const a = consumerAnswerOf(this);
  const env = envelopeOf({ status: a.status, headers: a.headers, body: a.body, text: a.body.toString('utf8'), startedAt: new Date(), durationMs: a.durationMs });
  expectThat(mediaTypeOfHeader(a.headers['content-type']) === 'text/xml' && env?.isFault === true, 'the refusal is not a whole text/xml SOAP fault', {
    expected: 'Content-Type text/xml, body a SOAP Fault (not multipart)',
    actual: `${a.headers['content-type']} ${a.body.toString('utf8').slice(0, 200)}`,
    requirement: 'TRANSP-007: if the provider fails before processing, the whole response is a text/xml SOAP fault',
  });
});

// ---- Target selection, maintenance, timeouts, versions ----

Given("the provider's security server is in maintenance mode with the message {string}", async function (this: RoadtestWorld, message: string) {
  this.cleanups.push(await maintenance(h(this), [h(this).layout.peer.serverCode], message));
});

Given("a second server entry hosts the provider at the peer security server's address", async function (this: RoadtestWorld) {
  this.cleanups.push(await addPeerAlias(h(this), h(this).peer.serverProxyAddress));
});

Given('a second server entry hosts the provider at an address where nothing listens', async function (this: RoadtestWorld) {
  this.cleanups.push(await addPeerAlias(h(this), await deadAddress()));
});

Given("the provider's security server has no address in the global configuration", async function (this: RoadtestWorld) {
  this.cleanups.push(await setAddress(h(this), h(this).layout.peer.serverCode, undefined));
});

Given("the provider's security server accepts connections but never answers", async function (this: RoadtestWorld) {
  const hole = await startBlackHole();
  this.cleanups.push(() => hole.stop());
  this.cleanups.push(await setAddress(h(this), h(this).layout.peer.serverCode, hole.address));
});

Then('the stand-in in maintenance mode saw no connection at all', function (this: RoadtestWorld) {
  const c = captureOf(this);
  expectThat(c.handshakes === 0 && c.requests.length === 0, 'the SUT connected to a server in maintenance mode', {
    expected: 'no connection to the server in maintenance mode',
    actual: `${c.handshakes} TLS handshakes, ${c.requests.length} messages`,
    requirement: 'TRANSP-013: servers with inMaintenanceMode are skipped',
  });
});

Given('the provider IS takes {int} seconds to answer {string}', function (this: RoadtestWorld, seconds: number, code: string) {
  const prefix = `/soap/${this.route().providerSide}/${code}`;
  const table = h(this).providerIs.behaviours;
  table.set(prefix, { kind: 'delay', ms: seconds * 1000, then: { kind: 'soap-echo' } });
  this.cleanups.push(() => void table.set(prefix, { kind: 'soap-echo' }));
});

Then('the answer came within {float} seconds', function (this: RoadtestWorld, seconds: number) {
  const { received } = this.lastOrThrow();
  expectThat(received.durationMs <= seconds * 1000, 'the SUT waited longer than its time limit', {
    expected: `an answer within ${seconds} s`,
    actual: `${(received.durationMs / 1000).toFixed(2)} s`,
    requirement: 'TRANSP-014: connect timeout and service-level timeouts bound the exchange',
  });
});

Given("the SUT's connect timeout toward provider security servers is {int} second(s)", function (this: RoadtestWorld, seconds: number) {
  const config = sutConfig(this);
  const before = config.timeouts.connectMs;
  config.timeouts.connectMs = seconds * 1000;
  this.cleanups.push(() => void (config.timeouts.connectMs = before));
});

Given('the SUT accepts consumer security servers of version {word} or newer', function (this: RoadtestWorld, version: string) {
  const config = sutConfig(this);
  const before = config.minClientVersion;
  config.minClientVersion = version;
  this.cleanups.push(() => void (config.minClientVersion = before));
});

/** The embedded SUT's live configuration (server-min-supported-client-version, timeouts). */
function sutConfig(world: RoadtestWorld) {
  const s = h(world).sutServer;
  if (!s) throw new Error('this step changes the embedded SUT itself (@embedded-only)');
  return s.config as { timeouts: { connectMs: number }; minClientVersion?: string };
}

Then('the consumer security server receives a {string} fault saying {string}', function (this: RoadtestWorld, prefix: string, words: string) {
  const { sent, received } = this.lastOrThrow();
  const f = envelopeOf(received)?.fault;
  expectThat(!!f && faultCodeHas(f.faultCode ?? '', prefix, '') && (f.faultString ?? '').includes(words), `expected a ${prefix} fault saying "${words}"`, {
    sent: `${sent.method} ${sent.url}`,
    expected: `SOAP fault ${prefix}.* with a faultstring containing "${words}"`,
    actual: f ? `${f.faultCode}: ${f.faultString}` : `HTTP ${received.status} ${received.text.slice(0, 200)}`,
    requirement: 'SIG-010: the verifier names what was wrong (UCMESS §3.12)',
  });
});
