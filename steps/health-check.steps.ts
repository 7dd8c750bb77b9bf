// Health check port steps (features/security-posture/health-check.feature): what a load balancer
// polling the SUT's proxy health check port sees while the SUT's global configuration copy or its
// authentication certificate's OCSP response goes bad, and after recovery. The conditions are made
// with the globalconf and OCSP steps; these only poll (bounded: X-Road caches results) and judge.
import { Before, Then } from '@cucumber/cucumber';
import { expectThat } from '../harness/expect/conformance-failure.js';
import { NOT_APPLICABLE_MEDIA_TYPE } from '../harness/report/cucumber-messages.js';
import { describeHealth, healthBounds, pollHealth, type HealthAnswer, type HealthPoll } from '../harness/scenario/health-probe.js';
import type { RoadtestWorld } from './support/world.js';

// Scenarios tagged @health-port poll the port itself (features/opmon's @cap:health scenarios use
// the health data metaservice instead): without endpoints.healthCheck they are "not applicable",
// like a missing capability (that check is in support/hooks.ts).
Before({ tags: '@health-port' }, async function (this: RoadtestWorld) {
  if (this.env.sut.healthCheckUrl) return undefined;
  await this.attach(JSON.stringify({ reason: 'the profile gives no health check URL for the SUT (endpoints.healthCheck)' }), NOT_APPLICABLE_MEDIA_TYPE);
  return 'skipped';
});

function healthUrl(world: RoadtestWorld): string {
  const url = world.env.sut.healthCheckUrl;
  if (!url) throw new Error('the profile gives no health check URL for the SUT (endpoints.healthCheck)');
  return url;
}

async function record(world: RoadtestWorld, url: string, p: HealthPoll): Promise<void> {
  const a = p.last;
  await world.recordExchange({
    hop: 'load balancer -> SUT health check port',
    startedAt: a.startedAt,
    durationMs: a.durationMs,
    request: { method: 'GET', url, headers: {} },
    ...(a.error ? { error: a.error } : { response: { status: a.status!, headers: {}, body: a.body } }),
    verdict: `${p.polls} polls over ${p.waitedMs} ms; last: ${describeHealth(a)}`,
  });
}

async function waitFor(world: RoadtestWorld, want: (a: HealthAnswer) => boolean, maxMs: number): Promise<HealthPoll> {
  const url = healthUrl(world);
  const p = await pollHealth(url, want, maxMs);
  await record(world, url, p);
  return p;
}

const ok = (a: HealthAnswer) => a.status === 200;

Then(/^the SUT's health check port answers 200( again)?$/, async function (this: RoadtestWorld, again?: string) {
  const { recoveryMs } = healthBounds(this.env.profile);
  const p = await waitFor(this, ok, recoveryMs);
  expectThat(p.matched, again ? 'the health check port did not report the SUT healthy again after recovery' : 'the health check port does not report a working SUT healthy', {
    sent: `GET ${healthUrl(this)} (polled ${p.polls} times over ${p.waitedMs} ms)`,
    expected: again
      ? `HTTP 200 within ${recoveryMs} ms once the cause is gone (X-Road keeps reporting a failure for its error cache time, profile timing.healthCheckErrorCacheSeconds)`
      : 'HTTP 200: valid global configuration, auth key with a fresh good OCSP response',
    actual: describeHealth(p.last),
    requirement: 'GCONF-008 / OCSP-008: while its configuration is valid and its OCSP responses fresh the SUT can work',
  });
});

Then("the SUT's health check port answers 500 with a reason mentioning {string}", async function (this: RoadtestWorld, reason: string) {
  const { failureMs } = healthBounds(this.env.profile);
  const p = await waitFor(this, (a) => a.status !== undefined && a.status !== 200, failureMs);
  const a = p.last;
  expectThat(a.status === 500 && a.body.toLowerCase().includes(reason.toLowerCase()), `the health check port did not report the failure (${reason})`, {
    sent: `GET ${healthUrl(this)} (polled ${p.polls} times over ${p.waitedMs} ms)`,
    expected: `HTTP 500 within ${failureMs} ms, plain-text reason mentioning "${reason}" (X-Road HealthCheckPort)`,
    actual: describeHealth(a),
    requirement: 'GCONF-008: an expired configuration stops the SUT; OCSP-003/005/008: without a fresh good OCSP response it can neither sign nor authenticate',
  });
});
