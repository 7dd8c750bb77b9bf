// OCSP steps (features/ocsp): the SUT's own OCSP fetching as the responder sees it (through a
// recorder the configuration points at), freshness and status rules for its own certificates
// (responder knobs for the SUT's certificates only), and short ocspFreshnessSeconds published
// through the central server so that ageing takes seconds, not hours.
import { Given, Then, When } from '@cucumber/cucumber';
import type { X509Certificate } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { handlesOf } from '../harness/environment/environment-handles.js';
import { expectThat } from '../harness/expect/conformance-failure.js';
import { hitsFor, knobForSut, ocspRequestProblems, parseHits, recordOcspRequests, setFetchInterval, setFreshness, setVerifyNextUpdate, sutCerts } from '../harness/scenario/ocsp-setup.js';
import { askDownloadRole, partProblems, sha1Of, sha256Of, type DownloadAnswer } from '../harness/scenario/ocsp-download-probe.js';
import type { HttpRecorder } from '../harness/scenario/transport-http-recorder.js';
import { sendSoap, buildSoapRequest } from '../simulators/member-systems/index.js';
import type { RoadtestWorld } from './support/world.js';

function h(world: RoadtestWorld) {
  return handlesOf(world.env);
}

function recorderOf(world: RoadtestWorld): HttpRecorder {
  const r = world.vars.get('ocspRecorder') as HttpRecorder | undefined;
  if (!r) throw new Error('no OCSP recorder was set up in this scenario');
  return r;
}

Given("the approved CA's OCSP responder is reached through a recorder", async function (this: RoadtestWorld) {
  const { recorder, undo } = await recordOcspRequests(h(this));
  this.cleanups.push(undo);
  this.vars.set('ocspRecorder', recorder);
});

Given("the global configuration sets the SUT's OCSP fetch interval to {int} second(s)", async function (this: RoadtestWorld, seconds: number) {
  this.cleanups.push(await setFetchInterval(h(this), seconds));
});

Given('the global configuration sets ocspFreshnessSeconds to {int}', async function (this: RoadtestWorld, seconds: number) {
  this.cleanups.push(await setFreshness(h(this), seconds));
  this.vars.set('freshnessSeconds', seconds);
});

Given('the global configuration turns off the nextUpdate check', async function (this: RoadtestWorld) {
  this.cleanups.push(await setVerifyNextUpdate(h(this), false));
});

const SUT_STATUS: Record<string, (world: RoadtestWorld) => Promise<() => Promise<void>>> = {
  'the status revoked': (w) => knobForSut(h(w), 'revoked', { reason: 1 }),
  'the status unknown': (w) => knobForSut(h(w), 'unknown', true),
  'good with a thisUpdate 30 seconds old': (w) => knobForSut(h(w), 'staleThisUpdate', { seconds: 30 }),
  'good with a nextUpdate in the past': (w) => knobForSut(h(w), 'nextUpdateInPast', { seconds: 60 }),
  'good, signed by a responder the CA never authorised': (w) => knobForSut(h(w), 'unauthorisedSigner', true),
  'an unparsable body': (w) => knobForSut(h(w), 'malformed', true),
};

Given("the OCSP responder answers for the SUT's certificates with {}", async function (this: RoadtestWorld, what: string) {
  const set = SUT_STATUS[what];
  if (!set) throw new Error(`unknown responder answer "${what}"; known: ${Object.keys(SUT_STATUS).join('; ')}`);
  const undo = await set(this);
  this.cleanups.push(undo);
  this.vars.set('ocspUndo', undo);
});

Given('the OCSP responder is down', async function (this: RoadtestWorld) {
  const knobs = h(this).ocsp.knobs;
  await knobs.set('down', true);
  const undo = () => knobs.clear('down');
  this.cleanups.push(undo);
  this.vars.set('ocspUndo', undo);
});

When('the OCSP responder answers normally again', async function (this: RoadtestWorld) {
  const undo = this.vars.get('ocspUndo') as (() => Promise<void>) | undefined;
  if (undo) await undo();
});

When("the SUT's cached OCSP responses have aged past the freshness limit", async function (this: RoadtestWorld) {
  const seconds = this.vars.get('freshnessSeconds') as number | undefined;
  if (seconds === undefined) throw new Error('set ocspFreshnessSeconds first');
  await sleep(seconds * 1000 + 300);
});

When('the client IS keeps sending SOAP requests for {string} for {int} seconds', async function (this: RoadtestWorld, code: string, seconds: number) {
  const route = this.route();
  const until = Date.now() + seconds * 1000;
  let n = 0;
  while (Date.now() < until) {
    await sendSoap(route.clientProxyUrl, buildSoapRequest({ client: route.client, service: `${route.provider}/${code}` }), { timeoutMs: this.env.profile.timing.requestTimeoutMs });
    n++;
    await sleep(150);
  }
  this.vars.set('requestsSent', n);
});

When("the client IS keeps sending SOAP requests for {string} until the SUT has asked about its signing certificate", async function (this: RoadtestWorld, code: string) {
  const route = this.route();
  const rec = recorderOf(this);
  const { sign } = sutCerts(h(this));
  const until = Date.now() + 6_000;
  while (Date.now() < until && hitsFor(parseHits(rec), sign, h(this).pki.issuingCa.cert).length === 0) {
    await sendSoap(route.clientProxyUrl, buildSoapRequest({ client: route.client, service: `${route.provider}/${code}` }), { timeoutMs: this.env.profile.timing.requestTimeoutMs });
    await sleep(200);
  }
});

Then(/^the SUT asked the recorded responder about its (signing|authentication) certificate the way X-Road's OCSP client does$/, function (this: RoadtestWorld, which: string) {
  const certs = sutCerts(h(this));
  const cert = which === 'signing' ? certs.sign : certs.auth;
  const mine = hitsFor(parseHits(recorderOf(this)), cert, h(this).pki.issuingCa.cert);
  expectThat(mine.length > 0, `the SUT did not ask the configured responder about its ${which} certificate`, {
    expected: `an OCSP request for ${cert.subject} at the approved CA's ocsp/url`,
    actual: `${recorderOf(this).requests.length} requests, none for that certificate`,
    requirement: "OCSP-001: the SUT fetches status for its own certs from the OCSP URLs of the issuing approvedCA",
  });
  const problems = mine.flatMap(ocspRequestProblems);
  expectThat(problems.length === 0, 'the OCSP request differs from what X-Road sends', {
    expected: 'POST, Content-Type application/ocsp-request, Accept application/ocsp-response, unsigned, no nonce, SHA-1 CertID with NULL parameters',
    actual: [...new Set(problems)].join('; '),
    requirement: 'OCSP-001: HTTP POST, no nonce, SHA-1 CertID',
  });
});

Then('the SUT asked the responder about its signing certificate between {int} and {int} times', function (this: RoadtestWorld, low: number, high: number) {
  const mine = hitsFor(parseHits(recorderOf(this)), sutCerts(h(this)).sign, h(this).pki.issuingCa.cert);
  expectThat(mine.length >= low && mine.length <= high, 'the SUT does not refresh its OCSP responses at the published interval', {
    expected: `${low}..${high} requests while ${this.vars.get('requestsSent')} messages were signed`,
    actual: `${mine.length} requests at ${mine.map((m) => m.rec.at.toISOString().slice(17, 23)).join(', ')}`,
    requirement: 'OCSP-006: refresh periodically at the FETCHINTERVAL ocspFetchInterval, not per message',
  });
});

Given('the SUT has just served a SOAP request for {string}', async function (this: RoadtestWorld, code: string) {
  const route = this.route();
  const r = await sendSoap(route.clientProxyUrl, buildSoapRequest({ client: route.client, service: `${route.provider}/${code}` }), { timeoutMs: this.env.profile.timing.requestTimeoutMs });
  expectThat(r.status === 200 && !/Fault>/.test(r.text), 'the SUT could not serve a request before the scenario began', { expected: 'a successful exchange', actual: `HTTP ${r.status} ${r.text.slice(0, 200)}` });
});

// ---- The SUT's :5577 OCSP download role (TRANSP-003) ----

function downloadUrl(world: RoadtestWorld): string {
  const url = world.env.sut.ocspDownloadUrl;
  if (!url) throw new Error('the profile gives no OCSP download URL for the SUT (endpoints.ocspDownload)');
  return url;
}

function certsNamed(world: RoadtestWorld, list: string): Array<{ label: string; cert: X509Certificate }> {
  const certs = sutCerts(h(world));
  return list.split(',').map((s) => s.trim()).map((label) => {
    if (label === 'its authentication certificate') return { label, cert: certs.auth };
    if (label === 'its signing certificate') return { label, cert: certs.sign };
    if (label === 'a certificate it does not know') return { label, cert: h(world).pki.tsaSigner.cert };
    throw new Error(`unknown certificate "${label}"`);
  });
}

async function askFor(world: RoadtestWorld, list: string, withHash: boolean): Promise<void> {
  const asked = certsNamed(world, list);
  const params: Array<[string, string]> = asked.map((a) => ['cert', sha1Of(a.cert)]);
  if (withHash) params.push(...asked.map((a): [string, string] => ['cert_hash', sha256Of(a.cert)]));
  world.vars.set('downloadAsked', asked);
  world.vars.set('downloadAnswer', await askDownloadRole(downloadUrl(world), params));
}

When("the harness asks the SUT's OCSP download role for {string}", async function (this: RoadtestWorld, list: string) {
  await askFor(this, list, false);
});

When("the harness asks the SUT's OCSP download role for {string} with cert_hash parameters too", async function (this: RoadtestWorld, list: string) {
  await askFor(this, list, true);
});

When("the harness sends HEAD to the SUT's OCSP download role", async function (this: RoadtestWorld) {
  this.vars.set('downloadAnswer', await askDownloadRole(downloadUrl(this), [], 'HEAD'));
});

Then('the download role answers with HTTP status {int}', function (this: RoadtestWorld, status: number) {
  const a = this.vars.get('downloadAnswer') as DownloadAnswer;
  expectThat(a.status === status, `the download role answered ${a.status}`, { expected: `HTTP ${status}`, actual: a.error ?? `HTTP ${a.status} ${a.contentType}`, requirement: 'TRANSP-003: HEAD = liveness 200; unknown cert -> 500' });
});

Then('the download role answers 200 with one OCSP response per certificate asked, in order', function (this: RoadtestWorld) {
  const a = this.vars.get('downloadAnswer') as DownloadAnswer;
  const asked = this.vars.get('downloadAsked') as Array<{ label: string; cert: X509Certificate }>;
  const issuer = h(this).pki.issuingCa.cert;
  const problems = [
    ...(a.status !== 200 ? [`HTTP ${a.status} ${a.error ?? ''}`] : []),
    ...(!/^multipart\/related/i.test(a.contentType) ? [`Content-Type ${a.contentType}`] : []),
    ...(a.parts.length !== asked.length ? [`${a.parts.length} parts for ${asked.length} certificates`] : []),
    ...asked.flatMap((x, i) => partProblems(a.parts[i], x.cert, issuer, x.label)),
  ];
  expectThat(problems.length === 0, 'the OCSP download role did not answer as TRANSP-003 says', {
    expected: `multipart/related with ${asked.length} good application/ocsp-response part(s) for ${asked.map((x) => x.label).join(', ')}, in that order`,
    actual: problems.join('; '),
    requirement: 'TRANSP-003: reply multipart/related, one application/ocsp-response per requested cert, same order',
  });
});
