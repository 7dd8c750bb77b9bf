// Global configuration steps (features/globalconf, GCONF-001..013): the SUT as configuration
// client of the harness's central server. Steps change the published instance or switch a fault
// knob (harness/scenario/gconf-*), and check what the SUT did — from the central server's request
// log, from what the SUT does with messages, and (embedded only) from its configuration client.
import { Given, Then, When } from '@cucumber/cucumber';
import type { ConfVersion } from '../protocol/globalconf/index.js';
import type { KnobName } from '../simulators/central-server/knobs.js';
import { expectThat } from '../harness/expect/conformance-failure.js';
import {
  addMember,
  central,
  directoryRequestsSince,
  knobValue,
  partRequestsSince,
  publishAsInstance,
  publishMaintenance,
  publishMonitoringClient,
  publishTimestampingInterval,
  registerOtherAuthCert,
  serveOnlyVersions,
  setKnob,
  unregisterClient,
  type Central,
} from '../harness/scenario/gconf-central.js';
import { expireSutCopySoon, sutConfClient, waitUntilSutCopyExpired } from '../harness/scenario/gconf-expiry.js';
import type { RoadtestWorld } from './support/world.js';

function cs(world: RoadtestWorld): Central {
  return central(world.env);
}

function markRequests(world: RoadtestWorld): void {
  world.vars.set('csMark', new Date());
}

function mark(world: RoadtestWorld): Date {
  const m = world.vars.get('csMark');
  if (!(m instanceof Date)) throw new Error('no central-server change was made in this scenario');
  return m;
}

function peerCode(world: RoadtestWorld): string {
  return cs(world).h.layout.peer.serverCode;
}

// ---- Given: changes the central server publishes ----

Given('the central server serves only configuration version {int}', async function (this: RoadtestWorld, version: number) {
  markRequests(this);
  this.cleanups.push(await serveOnlyVersions(cs(this), [version as ConfVersion]));
});

Given('the central server publishes the peer security server in maintenance mode with the message {string}', async function (this: RoadtestWorld, message: string) {
  markRequests(this);
  this.cleanups.push(await publishMaintenance(cs(this), peerCode(this), message));
});

Given("the central server's fault knob {string} is set to {string}", async function (this: RoadtestWorld, knob: string, value: string) {
  this.cleanups.push(await setKnob(cs(this), knob as KnobName, knobValue(value)));
});

Given('the global configuration registers another certificate as the peer security server\'s auth certificate', async function (this: RoadtestWorld) {
  const c = cs(this);
  // The SUT's own auth certificate: from the approved CA, valid, with good OCSP — only the registration is wrong.
  const other = c.h.pki.securityServers[c.h.layout.sut.serverCode]!.auth.certDer;
  this.cleanups.push(await registerOtherAuthCert(c, peerCode(this), other));
});

Given("the global configuration no longer lists the peer's client on the peer security server", async function (this: RoadtestWorld) {
  const c = cs(this);
  this.cleanups.push(await unregisterClient(c, peerCode(this), c.h.layout.peer.client));
});

Given('the central server publishes its parts under the instance identifier {string} and the peer security server in maintenance mode', async function (this: RoadtestWorld, instance: string) {
  const c = cs(this);
  this.cleanups.push(await publishAsInstance(c, instance));
  this.cleanups.push(await publishMaintenance(c, peerCode(this), 'published for another instance'));
});

Given('the central server announces a new configuration signing key', async function (this: RoadtestWorld) {
  const c = cs(this);
  await c.cs.knobs.set('keyRotation', { stage: 'announce' });
  this.cleanups.push(async () => {
    await c.cs.knobs.clear('keyRotation');
    await c.republish();
  });
  await c.republish();
});

When('the central server switches to signing with the new key', async function (this: RoadtestWorld) {
  await cs(this).cs.knobs.set('keyRotation', { stage: 'switch' });
});

When('the central server switches to signing with the new key without announcing it', async function (this: RoadtestWorld) {
  const c = cs(this);
  await c.cs.knobs.set('keyRotation', { stage: 'switch' });
  this.cleanups.push(async () => {
    await c.cs.knobs.clear('keyRotation');
    await c.republish();
  });
});

When('the central server publishes a new member {string} {string} named {string} with the subsystem {string}', async function (this: RoadtestWorld, cls: string, code: string, name: string, sub: string) {
  markRequests(this);
  this.cleanups.push(await addMember(cs(this), cls, code, name, sub));
});

When('the central server publishes the configuration again without changes', async function (this: RoadtestWorld) {
  markRequests(this);
  await cs(this).republish();
});

When("the central server publishes the MONITORING part naming the peer's client as monitoring client", async function (this: RoadtestWorld) {
  markRequests(this);
  const c = cs(this);
  this.cleanups.push(await publishMonitoringClient(c, c.h.layout.peer.client));
});

Given('the central server publishes a time-stamping interval of {int} seconds', async function (this: RoadtestWorld, seconds: number) {
  this.cleanups.push(await publishTimestampingInterval(cs(this), seconds));
});

// ---- expiry (embedded: needs the SUT's configuration client to shorten its copy) ----

Given('the SUT holds a configuration copy that expires in {int} seconds and cannot be refreshed', async function (this: RoadtestWorld, seconds: number) {
  this.vars.set('expirySeconds', seconds);
  this.cleanups.push(await expireSutCopySoon(cs(this), seconds));
});

When("the SUT's configuration copy has expired", async function (this: RoadtestWorld) {
  const seconds = (this.vars.get('expirySeconds') as number | undefined) ?? 2;
  const expired = await waitUntilSutCopyExpired(cs(this), seconds * 1000 + 2_000);
  if (!expired) throw new Error(`the SUT's copy did not expire within ${seconds + 2} s (harness set-up, not a verdict)`);
});

When('the central server serves good configuration again', async function (this: RoadtestWorld) {
  const c = cs(this);
  await c.cs.knobs.clear('badSignature');
  await c.republish();
});

When("the SUT's configuration client has tried to refresh", async function (this: RoadtestWorld) {
  await sutConfClient(cs(this)).refresh();
});

// ---- Then: what the SUT downloaded (central-server request log) ----

Then('the SUT asked for the configuration versions {string} in that order, and never for version 2', function (this: RoadtestWorld, asked: string) {
  const want = asked.split(/\s+/).map(Number);
  const got = directoryRequestsSince(cs(this), mark(this));
  const versions = got.map((r) => r.version);
  // Both servers download from the same central server; the SUT's probe must appear as a subsequence.
  let i = 0;
  for (const v of versions) if (i < want.length && v === want[i]) i++;
  const last = want[want.length - 1];
  const served = got.some((r) => r.version === last && r.status === 200);
  const notServed = got.filter((r) => r.version !== undefined && want.slice(0, -1).includes(r.version)).every((r) => r.status === 404);
  expectThat(i === want.length && served && notServed && !versions.includes(2), 'the configuration versions were not probed from the newest down', {
    expected: `GET ?version=${want.join(', ?version=')} (404 for all but the last), never ?version=2`,
    actual: got.map((r) => `v${r.version ?? '-'}:${r.status}`).join(' ') || '(no directory requests)',
    requirement: 'GCONF-002: the client probes versions from 6 downwards and takes the first not answered 404 (corrections: version 2 is never probed)',
  });
});

Then('the configuration clients fetched {string} from a location the current directory lists', function (this: RoadtestWorld, file: string) {
  const c = cs(this);
  const fetched = partRequestsSince(c, mark(this)).filter((e) => e.path.endsWith(`/${file}`));
  const listed = [...c.cs.publication.files.keys()];
  expectThat(fetched.length > 0 && fetched.every((e) => e.status === 200 && listed.includes(e.path)), `${file} was not fetched from a listed Content-location`, {
    expected: `GET of ${file} at one of: ${listed.filter((p) => p.endsWith(file)).join(', ')}`,
    actual: fetched.map((e) => `${e.path} -> ${e.status}`).join(', ') || 'not fetched',
    requirement: 'GCONF-006/007: parts are fetched from their Content-location when their hash changed',
  });
});

Then('no configuration client fetched {string}', function (this: RoadtestWorld, file: string) {
  const fetched = partRequestsSince(cs(this), mark(this)).filter((e) => e.path.endsWith(`/${file}`));
  expectThat(fetched.length === 0, `${file} was downloaded although its hash did not change`, {
    expected: `no GET of ${file}`,
    actual: fetched.map((e) => e.path).join(', '),
    requirement: 'GCONF-007: files are downloaded only when their hash changed',
  });
});

Then('the configuration clients asked for the directory but fetched no part file', function (this: RoadtestWorld) {
  const c = cs(this);
  const dirs = directoryRequestsSince(c, mark(this));
  const parts = partRequestsSince(c, mark(this));
  expectThat(dirs.some((d) => d.status === 200) && parts.length === 0, 'an unchanged configuration was downloaded again', {
    expected: 'a directory request answered 200, no part file fetched',
    actual: `directories: ${dirs.map((d) => `v${d.version}:${d.status}`).join(' ') || 'none'}; parts: ${parts.map((p) => p.path).join(', ') || 'none'}`,
    requirement: 'GCONF-007: files are downloaded only when their hash changed',
  });
});

// ---- Then: the SUT's configuration client (embedded only) ----

Then("the SUT's configuration client holds configuration version {int}", function (this: RoadtestWorld, version: number) {
  const st = sutConfClient(cs(this)).status();
  expectThat(st.current?.version === version && st.state === 'ok', `the SUT does not hold version ${version}`, {
    expected: `a valid copy of version ${version}`,
    actual: `${st.state}, version ${st.current?.version ?? 'none'}${st.lastError ? `, last error ${st.lastError.code}` : ''}`,
    requirement: 'GCONF-002',
  });
});

Then("the SUT's configuration client reports the error {string} and still holds a valid copy", function (this: RoadtestWorld, code: string) {
  const st = sutConfClient(cs(this)).status();
  const codes = st.lastErrors.map((e) => e.code);
  expectThat(st.state === 'failing' && codes.includes(code), `the refusal was not reported as ${code}`, {
    expected: `state failing (copy still valid), an error ${code}`,
    actual: `state ${st.state}, errors: ${st.lastErrors.map((e) => `${e.code}: ${e.message}`).join(' | ').slice(0, 400) || 'none'}`,
    requirement: 'GCONF-004/005/007: a refused download names why and keeps the last good copy',
  });
});

Then("the SUT's configuration client gives a time-stamping interval of {int} seconds", function (this: RoadtestWorld, seconds: number) {
  const got = sutConfClient(cs(this)).timestampingIntervalSeconds();
  expectThat(got === seconds, 'the private-params time-stamping interval was not taken', { expected: `${seconds} s`, actual: `${got} s`, requirement: 'GCONF-010: private params timeStampingIntervalSeconds' });
});
