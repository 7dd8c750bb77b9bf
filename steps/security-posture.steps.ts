// Security-posture steps (features/security-posture): TLS versions and suites per port
// (harness/scenario/posture-tls), certificates outside their validity on the SS-to-SS port
// (posture-certs), scanner garbage and leak checks (posture-probes, posture-leaks), stalled and
// oversized clients (posture-stress). What a bank's security team checks before connecting.
import { Given, Then, When } from '@cucumber/cucumber';
import type { IssuedCert } from '../simulators/pki/index.js';
import type { Evidence } from '../simulators/member-systems/index.js';
import { parseSoapEnvelope } from '../protocol/soap/index.js';
import { faultCodeStartsWith } from '../protocol/faults/index.js';
import { handlesOf } from '../harness/environment/environment-handles.js';
import { expectThat } from '../harness/expect/conformance-failure.js';
import { NOT_APPLICABLE_MEDIA_TYPE } from '../harness/report/cucumber-messages.js';
import { central, registerExtraAuthCert } from '../harness/scenario/gconf-central.js';
import { CERT_FLAWS, flawedAuthCert, registeredFor, sendWithAuthCert, type CertFlaw } from '../harness/scenario/posture-certs.js';
import { bodyLeaks, describeLeaks, headerLeaks } from '../harness/scenario/posture-leaks.js';
import { portUrl, probe, sendProbe, type PortName } from '../harness/scenario/posture-probes.js';
import { postOversized, stallClients, type OversizedOutcome, type StallMode } from '../harness/scenario/posture-stress.js';
import { acceptedSuites, canOffer, probeTls, tlsOffer, XROAD_TLS_CIPHERS, type TlsProbeResult } from '../harness/scenario/posture-tls.js';
import type { ConsumerAnswer } from '../harness/scenario/transport-consumer.js';
import type { RoadtestWorld } from './support/world.js';

const XROAD_SUITES: readonly string[] = XROAD_TLS_CIPHERS;

/** A certificate of the instance's key type, for the local "accepts anything" server. */
function localIdentity(world: RoadtestWorld): { certPem: string; keyPem: string } {
  const h = handlesOf(world.env);
  return h.pki.securityServers[h.layout.peer.serverCode]!.auth;
}

// ---- TLS ----

async function offerOnly(world: RoadtestWorld, port: PortName, spec: string): Promise<'skipped' | undefined> {
  const offer = tlsOffer(spec);
  if (!(await canOffer(offer, localIdentity(world)))) {
    // With this instance's key type (e.g. EC) the suite cannot be negotiated by anyone: nothing to test.
    await world.attach(JSON.stringify({ reason: `"${spec}" cannot be negotiated with a ${handlesOf(world.env).pki.keyAlgorithm.toUpperCase()} certificate, so refusing it proves nothing` }), NOT_APPLICABLE_MEDIA_TYPE);
    return 'skipped';
  }
  world.vars.set('tlsProbe', await probeTls(portUrl(world.env, port), offer));
  return undefined;
}

When('a TLS client offers the SUT\'s server proxy only {string}', function (this: RoadtestWorld, spec: string) {
  return offerOnly(this, 'server proxy', spec);
});

When('a TLS client offers the SUT\'s client proxy HTTPS port only {string}', function (this: RoadtestWorld, spec: string) {
  return offerOnly(this, 'client proxy HTTPS', spec);
});

Then('the offer was a real one and the SUT refused the handshake', function (this: RoadtestWorld) {
  const r = this.vars.get('tlsProbe') as TlsProbeResult;
  expectThat(!r.connected, `the SUT accepted ${r.offer}`, {
    expected: `the handshake offering only ${r.offer} fails`,
    actual: `connected with ${r.protocol} ${r.cipher}`,
    requirement: 'TRANSP-001: TLS 1.2 only, with the xroad-tls-ciphers suites',
  });
});

When("a TLS client offers the SUT's server proxy each TLS 1.2 cipher suite on its own", async function (this: RoadtestWorld) {
  this.vars.set('acceptedSuites', await acceptedSuites(portUrl(this.env, 'server proxy')));
});

Then('every suite the SUT accepted is on the xroad-tls-ciphers list, and it accepted at least one', function (this: RoadtestWorld) {
  const accepted = this.vars.get('acceptedSuites') as TlsProbeResult[];
  const foreign = accepted.filter((r) => !XROAD_SUITES.includes(r.cipher ?? ''));
  expectThat(accepted.length > 0 && foreign.length === 0, 'the SS-to-SS port accepts suites outside xroad-tls-ciphers', {
    expected: `only ${XROAD_SUITES.join(', ')}`,
    actual: accepted.map((r) => `${r.cipher} (${r.protocol})`).join(', ') || 'no suite at all',
    requirement: 'TRANSP-001: SYSPAR xroad-tls-ciphers',
  });
});

When("a TLS client offers the SUT's server proxy everything it supports", async function (this: RoadtestWorld) {
  this.vars.set('tlsProbe', await probeTls(portUrl(this.env, 'server proxy'), { label: 'everything', minVersion: 'TLSv1', maxVersion: 'TLSv1.3', ciphers: 'ALL:@SECLEVEL=0' }));
});

Then('the handshake used TLS 1.2 and a suite of the xroad-tls-ciphers list', function (this: RoadtestWorld) {
  const r = this.vars.get('tlsProbe') as TlsProbeResult;
  expectThat(r.connected && r.protocol === 'TLSv1.2' && XROAD_SUITES.includes(r.cipher ?? ''), 'the SS-to-SS port did not pick TLS 1.2 with an X-Road suite', {
    expected: `TLSv1.2 with one of ${XROAD_SUITES.join(', ')}`,
    actual: r.connected ? `${r.protocol} ${r.cipher}` : `no handshake: ${r.error}`,
    requirement: 'TRANSP-001',
  });
});

// ---- client certificates ----

function consumerEvidence(a: ConsumerAnswer, startedAt: Date): Evidence {
  return { status: a.status, headers: a.headers, body: a.body, text: a.body.toString('utf8'), startedAt, durationMs: a.durationMs, ...(a.error ? { error: { code: 'transport', message: a.error } } : {}) };
}

async function presentCert(world: RoadtestWorld, cert: IssuedCert, code: string, ocsp: 'good' | 'revoked' = 'good'): Promise<void> {
  world.vars.set('pisMark', handlesOf(world.env).providerIs.received.length);
  const startedAt = new Date();
  const a = await sendWithAuthCert(world.env, cert, code, ocsp);
  await world.remember('harness consumer SS -> SUT server proxy', { method: 'POST', url: world.env.sut.serverProxyUrl ?? '', headers: a.sent.headers, body: a.sent.body }, consumerEvidence(a, startedAt));
}

Given('the peer security server has an auth certificate of the approved CA that is {}', async function (this: RoadtestWorld, flaw: string) {
  if (!(CERT_FLAWS as readonly string[]).includes(flaw)) throw new Error(`unknown certificate flaw '${flaw}'; known: ${CERT_FLAWS.join(', ')}`);
  const cert = await flawedAuthCert(this.env, flaw as CertFlaw);
  if (registeredFor(flaw as CertFlaw)) this.cleanups.push(await registerExtraAuthCert(central(this.env), handlesOf(this.env).layout.peer.serverCode, cert.certDer));
  this.vars.set('consumerCert', { cert, ocsp: flaw === 'revoked' ? 'revoked' : 'good' });
});

When('the harness consumer presents that certificate with a correct request for {string}', async function (this: RoadtestWorld, code: string) {
  const c = this.vars.get('consumerCert') as { cert: IssuedCert; ocsp: 'good' | 'revoked' };
  await presentCert(this, c.cert, code, c.ocsp);
});

When("the harness consumer presents the peer's own auth certificate with a correct request for {string}", async function (this: RoadtestWorld, code: string) {
  const h = handlesOf(this.env);
  await presentCert(this, h.pki.securityServers[h.layout.peer.serverCode]!.auth, code);
});

function consumerFault(world: RoadtestWorld): { code?: string; text: string } {
  const { received } = world.lastOrThrow();
  if (received.error) return { text: `${received.error.code}: ${received.error.message}` };
  const type = received.headers['content-type'] ?? '';
  if (!/^text\/xml/i.test(type)) return { text: `HTTP ${received.status} ${type}` };
  try {
    const env = parseSoapEnvelope(received.body, { contentType: type });
    return { ...(env.fault ? { code: env.fault.faultCode } : {}), text: env.fault?.faultString ?? 'not a fault' };
  } catch (e) {
    return { text: `not SOAP: ${(e as Error).message}` };
  }
}

Then('the harness consumer gets a successful SOAP response', function (this: RoadtestWorld) {
  const { received } = this.lastOrThrow();
  const f = consumerFault(this);
  expectThat(!received.error && received.status === 200 && f.code === undefined && /^multipart\//i.test(received.headers['content-type'] ?? ''), 'the control request was not served', {
    expected: 'a signed multipart response',
    actual: f.code ? `${f.code}: ${f.text}` : f.text,
    requirement: 'TRANSP-010: a registered, valid certificate with good OCSP is accepted',
  });
});

Then('the harness consumer gets a fault whose code starts with {string}', function (this: RoadtestWorld, prefix: string) {
  const f = consumerFault(this);
  expectThat(f.code !== undefined && faultCodeStartsWith(f.code, prefix), `expected a fault ${prefix}`, {
    expected: `a SOAP fault ${prefix}[.<detail>]`,
    actual: f.code ? `${f.code}: ${f.text}` : f.text,
    requirement: 'TRANSP-010: the consumer certificate must be a valid auth certificate of an approved CA',
  });
});

// ---- scanner garbage and leaks ----

const PORTS: Record<string, PortName> = {
  "the SUT's client proxy": 'client proxy',
  "the SUT's client proxy HTTPS port": 'client proxy HTTPS',
  "the SUT's server proxy": 'server proxy',
  "the SUT's OCSP download port": 'OCSP download',
};

When(/^a scanner sends (.+) to (the SUT's (?:client proxy HTTPS port|client proxy|server proxy|OCSP download port))$/, async function (this: RoadtestWorld, name: string, port: string) {
  const p = probe(name);
  const { url, received } = await sendProbe(portUrl(this.env, PORTS[port]!), p, 10_000);
  await this.remember(`scanner -> ${port}`, { method: p.method, url, headers: p.headers, ...(p.body ? { body: p.body } : {}) }, received);
});

Then('the SUT answered or dropped it within {int} seconds', function (this: RoadtestWorld, seconds: number) {
  const { sent, received } = this.lastOrThrow();
  const timedOut = received.error !== undefined && /timeout|aborted/i.test(`${received.error.code} ${received.error.message}`);
  expectThat(!timedOut && received.durationMs <= seconds * 1000, 'the SUT neither answered nor dropped the request in time', {
    sent: `${sent.method} ${sent.url}`,
    expected: `an answer or a closed connection within ${seconds} s`,
    actual: received.error ? `${received.error.code}: ${received.error.message}` : `HTTP ${received.status} after ${Math.round(received.durationMs)} ms`,
    requirement: 'MESS-018: bad input is answered per request; the server does not hang',
  });
});

Then('the answer shows no stack trace, source path, software name, runtime error or version banner', function (this: RoadtestWorld) {
  const { sent, received } = this.lastOrThrow();
  if (received.error) return; // dropped: nothing was shown
  const leaks = [...bodyLeaks(received.text), ...headerLeaks(received.headers)];
  expectThat(leaks.length === 0, 'the error answer gives internals away', {
    sent: `${sent.method} ${sent.url}`,
    expected: 'an X-Road error in X-Road terms, no internals',
    actual: `${describeLeaks(leaks)} (HTTP ${received.status}: ${received.text.slice(0, 300)})`,
    requirement: 'MESS-018 / REST-011: errors carry the X-Road code and a message, nothing about the software',
  });
});

/** An error answer: a 4xx/5xx status, or a SOAP fault (X-Road sends those with HTTP 200, MESS-018). */
function isErrorAnswer(r: Evidence): boolean {
  if (r.status >= 400) return true;
  if (r.status !== 200 || !/^text\/xml/i.test(r.headers['content-type'] ?? '')) return false;
  try {
    return parseSoapEnvelope(r.body, { contentType: r.headers['content-type'] }).isFault;
  } catch {
    return false;
  }
}

Then('the answer, if any, is an error: a 4xx or 5xx status or a SOAP fault', function (this: RoadtestWorld) {
  const { sent, received } = this.lastOrThrow();
  if (received.error) return;
  expectThat(isErrorAnswer(received), 'garbage was answered as a success', {
    sent: `${sent.method} ${sent.url}`,
    expected: 'HTTP 4xx/5xx (REST-011: X-Road REST errors are 400 or 500), or a SOAP fault',
    actual: `HTTP ${received.status} ${received.headers['content-type'] ?? ''} X-Road-Error=${received.headers['x-road-error'] ?? '(none)'} ${received.text.slice(0, 200)}`,
    requirement: 'MESS-018 / REST-011',
  });
});

// ---- stalled and oversized clients ----

const STALLS: Record<string, StallMode> = { 'without sending anything': 'tcp', 'after sending only their request headers': 'headers' };

Given(/^(\d+) clients hold connections to (the SUT's (?:client proxy|server proxy)) (without sending anything|after sending only their request headers)$/, async function (this: RoadtestWorld, n: string, port: string, how: string) {
  const stalled = await stallClients(portUrl(this.env, PORTS[port]!), Number(n), STALLS[how]!);
  this.cleanups.push(() => stalled.close());
});

When(/^a client posts an? (\d+) MiB request to (the SUT's (?:client proxy|server proxy))$/, async function (this: RoadtestWorld, mib: string, port: string) {
  const url = portUrl(this.env, PORTS[port]!);
  this.vars.set('oversized', { url, outcome: await postOversized(url, Number(mib) * 1024 * 1024, 60_000) });
});

Then('the SUT answered it with an error or dropped it within {int} seconds', function (this: RoadtestWorld, seconds: number) {
  const { url, outcome } = this.vars.get('oversized') as { url: string; outcome: OversizedOutcome };
  const ok = outcome.ending === 'dropped' || (outcome.ending === 'answered' && (outcome.status ?? 0) > 0);
  expectThat(ok && outcome.durationMs <= seconds * 1000, 'the oversized request was not dealt with in time', {
    sent: `POST ${url} (${outcome.bytesSent} bytes sent)`,
    expected: `an error answer or a dropped connection within ${seconds} s`,
    actual: `${outcome.ending}${outcome.status ? ` HTTP ${outcome.status}` : ''} after ${Math.round(outcome.durationMs)} ms`,
    requirement: 'MESS-018: bad input is answered per request; the server keeps serving',
  });
  if (outcome.ending === 'answered' && outcome.body) {
    const leaks = bodyLeaks(outcome.body);
    expectThat(leaks.length === 0, 'the answer to the oversized request gives internals away', { sent: `POST ${url}`, expected: 'no internals', actual: describeLeaks(leaks), requirement: 'MESS-018' });
  }
});
