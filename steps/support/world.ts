// The cucumber World: one per scenario, holding the environment handles, the evidence recorder
// and the last exchange. Steps stay thin: they call simulators/ and harness/ and assert.
import { World, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import { currentEnvironment } from '../../harness/environment/current.js';
import type { Environment } from '../../harness/environment/environment.js';
import { EvidenceRecorder, type RecordedExchange } from '../../harness/evidence/evidence-recorder.js';
import { EVIDENCE_MEDIA_TYPE } from '../../harness/report/cucumber-messages.js';
import type { Evidence } from '../../simulators/member-systems/index.js';
import { routeFor, type RoleUnderTest, type Route } from '../../harness/scenario/route.js';

export interface LastExchange {
  hop: string;
  sent: { method: string; url: string; headers: Record<string, string>; body?: Buffer | string };
  received: Evidence;
}

export class RoadtestWorld extends World {
  readonly env: Environment;
  recorder?: EvidenceRecorder;
  last?: LastExchange;
  /** Free-form scenario state (ids, bodies) shared between a scenario's steps. */
  readonly vars = new Map<string, unknown>();
  /** Undo actions registered by steps that changed a simulator (knobs, defects); run in After. */
  readonly cleanups: Array<() => Promise<void> | void> = [];
  /** Which side the SUT plays in this scenario (from @sut-client / @sut-provider). */
  role: RoleUnderTest = 'sut-client';
  /** Where the simulators' logs stood when the scenario began (evidence of the other hops). */
  marks?: { provider: number; peer: number; sut: number };

  route(): Route {
    return routeFor(this.env, this.role);
  }

  constructor(options: IWorldOptions) {
    super(options);
    this.env = currentEnvironment();
  }

  /** Records an exchange as evidence and links it to the scenario in the report. */
  async recordExchange(x: RecordedExchange): Promise<void> {
    if (!this.recorder) return;
    const path = this.recorder.record(x);
    await this.attach(JSON.stringify({ path }), EVIDENCE_MEDIA_TYPE);
  }

  /** Remembers the last client-IS exchange and records it. */
  async remember(hop: string, sent: LastExchange['sent'], received: Evidence): Promise<Evidence> {
    this.last = { hop, sent, received };
    await this.recordExchange({
      hop,
      startedAt: received.startedAt,
      durationMs: received.durationMs,
      request: { method: sent.method, url: sent.url, headers: sent.headers, body: sent.body },
      response: received.error ? undefined : { status: received.status, headers: received.headers, body: received.body },
      error: received.error ? `${received.error.code}: ${received.error.message}` : undefined,
    });
    return received;
  }

  lastOrThrow(): LastExchange {
    if (!this.last) throw new Error('no request was sent in this scenario yet');
    return this.last;
  }
}

setWorldConstructor(RoadtestWorld);
