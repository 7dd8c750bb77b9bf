// Scenario gating and bookkeeping: a scenario whose @cap: tags name a capability the profile does
// not declare, or whose role the profile does not test, is "not applicable" (never passed).
import { After, Before, setDefaultTimeout, Status } from '@cucumber/cucumber';
import { EvidenceRecorder } from '../../harness/evidence/evidence-recorder.js';
import { ConformanceFailure } from '../../harness/expect/conformance-failure.js';
import { FAILURE_MEDIA_TYPE, NOT_APPLICABLE_MEDIA_TYPE } from '../../harness/report/cucumber-messages.js';
import { roleFromTags } from '../../harness/scenario/route.js';
import { handlesOf } from '../../harness/environment/environment-handles.js';
import type { RoadtestWorld } from './world.js';

setDefaultTimeout(60_000);

const ROLE_TAGS: Record<string, string> = { '@sut-client': 'client-side', '@sut-provider': 'provider-side' };

Before(async function (this: RoadtestWorld, { pickle }) {
  const tags = pickle.tags.map((t) => t.name);
  const profile = this.env.profile;
  const missingCaps = tags.filter((t) => t.startsWith('@cap:')).map((t) => t.slice(5)).filter((c) => !(profile.capabilities as string[]).includes(c));
  const roles = tags.map((t) => ROLE_TAGS[t]).filter(Boolean);
  const roleMissing = roles.length > 0 && !roles.some((r) => (profile.roles as string[]).includes(r));
  const embeddedOnly = tags.includes('@embedded-only') && profile.kind !== 'embedded';
  let reason: string | undefined;
  if (missingCaps.length) reason = `the profile does not declare capability ${missingCaps.join(', ')}`;
  else if (roleMissing) reason = `the profile does not test the ${roles.join('/')} role`;
  else if (embeddedOnly) reason = 'needs the embedded reference SUT (inspects it from inside)';
  if (reason) {
    await this.attach(JSON.stringify({ reason }), NOT_APPLICABLE_MEDIA_TYPE);
    return 'skipped';
  }
  this.role = roleFromTags(tags);
  this.recorder = new EvidenceRecorder(this.env.reportDir, pickle.id, pickle.name);
  const h = handlesOf(this.env);
  this.marks = { provider: h.providerIs.received.length, peer: h.peer.events.length, sut: h.sutServer?.events.length ?? 0 };
  return undefined;
});

/** The other hops of the scenario, as evidence: what reached the provider IS, and what each
 *  security server concluded (outcome, fault, the steps it took — the peer's verification verdict). */
async function recordOtherHops(world: RoadtestWorld): Promise<void> {
  if (!world.recorder || !world.marks) return;
  const h = handlesOf(world.env);
  for (const r of h.providerIs.received.slice(world.marks.provider)) {
    await world.recordExchange({
      hop: 'security server -> provider IS',
      startedAt: r.receivedAt,
      durationMs: 0,
      request: { method: r.method, url: r.path, headers: Object.fromEntries(r.headers.map(([k, v]) => [k.toLowerCase(), v])), body: r.body },
      verdict: 'received by the provider IS',
    });
  }
  const servers: Array<[string, typeof h.peer.events, number]> = [['peer SS', h.peer.events, world.marks.peer]];
  if (h.sutServer) servers.push(['SUT (reference SS)', h.sutServer.events, world.marks.sut]);
  for (const [who, events, from] of servers) {
    for (const ev of events.slice(from)) {
      await world.recordExchange({
        hop: `${who} ${ev.side}`,
        startedAt: ev.at,
        durationMs: 0,
        request: { headers: { 'x-road-id': ev.queryId, protocol: ev.protocol } },
        verdict: ev.outcome === 'ok' ? `ok: ${ev.steps.join(' > ')}` : `fault ${ev.faultCode}: ${ev.faultString ?? ''} (after ${ev.steps.join(' > ')})`,
      });
    }
  }
}

After(async function (this: RoadtestWorld, { result, error }) {
  try {
    await recordOtherHops(this);
  } catch (e) {
    process.stderr.write(`recording evidence failed: ${(e as Error).message}\n`);
  }
  for (const undo of this.cleanups.reverse()) {
    try {
      await undo();
    } catch (e) {
      process.stderr.write(`cleanup after scenario failed: ${(e as Error).message}\n`);
    }
  }
  if (result?.status === Status.FAILED && error instanceof ConformanceFailure) {
    const d = error.details;
    await this.attach(
      JSON.stringify({ message: error.message.split('\n')[0], expected: d.expected, actual: d.actual, requirement: d.requirement, sent: d.sent }),
      FAILURE_MEDIA_TYPE,
    );
  }
});
