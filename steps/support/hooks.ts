// Scenario gating and bookkeeping: a scenario whose @cap: tags name a capability the profile does
// not declare, or whose role the profile does not test, is "not applicable" (never passed).
import { After, Before, setDefaultTimeout, Status } from '@cucumber/cucumber';
import { EvidenceRecorder } from '../../harness/evidence/evidence-recorder.js';
import { ConformanceFailure } from '../../harness/expect/conformance-failure.js';
import { FAILURE_MEDIA_TYPE, NOT_APPLICABLE_MEDIA_TYPE } from '../../harness/report/cucumber-messages.js';
import { roleFromTags } from '../../harness/scenario/route.js';
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
  return undefined;
});

After(async function (this: RoadtestWorld, { result, error }) {
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
