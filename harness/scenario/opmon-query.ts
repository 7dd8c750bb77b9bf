// Asking the SUT for its monitoring data (OPMON-001..007) as a given caller: the SUT's owner
// member through the SUT's own client proxy (securityServer header set, as OPMON-001 requires of
// the owner), or another client through its own security server. The services belong to the
// owner member: INSTANCE/CLASS/CODE/getSecurityServerOperationalData etc.
import type { Environment } from '../environment/environment.js';
import { handlesOf } from '../environment/environment-handles.js';
import { callSoap, type SentRequest } from './soap-call.js';
import { localServiceRequest } from './meta-requests.js';
import type { Evidence } from '../../simulators/member-systems/index.js';

export interface Asker {
  /** Client proxy the request goes to. */
  url: string;
  client: string;
  hop: string;
}

export type AskerName = 'owner' | 'peer-client' | 'sut-client';

export function askerFor(env: Environment, who: AskerName): Asker {
  const h = handlesOf(env);
  switch (who) {
    case 'owner':
      if (!env.sut.clientProxyUrl) throw new Error('the profile gives no client proxy URL for the SUT');
      return { url: env.sut.clientProxyUrl, client: h.layout.sut.member, hop: "SUT owner -> SUT client proxy -> SUT server proxy" };
    case 'sut-client':
      if (!env.sut.clientProxyUrl) throw new Error('the profile gives no client proxy URL for the SUT');
      return { url: env.sut.clientProxyUrl, client: h.layout.sut.client, hop: "SUT's client subsystem -> SUT client proxy -> SUT server proxy" };
    case 'peer-client':
      return { url: h.peer.clientProxyUrl, client: h.layout.peer.client, hop: "peer's client -> peer SS -> SUT server proxy" };
  }
}

export async function askSut(env: Environment, asker: Asker, serviceCode: string, body: string): Promise<{ sent: SentRequest; received: Evidence }> {
  const h = handlesOf(env);
  const soap = localServiceRequest({ client: asker.client, provider: h.layout.sut.member, serviceCode, body, securityServer: env.sut.id });
  return callSoap({ url: asker.url, soap, timeoutMs: env.profile.timing.requestTimeoutMs });
}

/** Unix seconds for `now`, `now-600`, `now+3600` (scenario tables speak in offsets from now). */
export function unixTime(expr: string, now: Date = new Date()): number {
  const m = /^now\s*([+-]\s*\d+)?$/.exec(expr.trim());
  if (!m) throw new Error(`'${expr}' is not now, now-N or now+N (seconds)`);
  return Math.floor(now.getTime() / 1000) + (m[1] ? Number(m[1].replace(/\s+/g, '')) : 0);
}
