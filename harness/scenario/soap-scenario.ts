// What the message steps share about a scenario: the provider IS behaviour for one of its
// services (undone after the scenario), the SOAP request a route sends, sending it while noting
// the provider IS's request count, and the requests the provider IS got since. Typed against the
// few World members used, so that harness/ does not depend on steps/.
import type { Environment } from '../environment/environment.js';
import { handlesOf, type EnvironmentHandles } from '../environment/environment-handles.js';
import { SERVICES } from '../environment/instance-layout.js';
import { expectThat } from '../expect/conformance-failure.js';
import { buildSoapRequest, type Evidence, type ProviderBehaviour, type ReceivedRequest, type SoapRequestSpec } from '../../simulators/member-systems/index.js';
import type { Route } from './route.js';
import { callSoap, receivedSince, type SentRequest, type SoapCall } from './soap-call.js';

export interface ScenarioWorld {
  readonly env: Environment;
  readonly vars: Map<string, unknown>;
  readonly cleanups: Array<() => Promise<void> | void>;
  route(): Route;
  remember(hop: string, sent: SentRequest, received: Evidence): Promise<Evidence>;
}

export const USER_ID = 'EE12345678901';

export function handles(world: ScenarioWorld): EnvironmentHandles {
  return handlesOf(world.env);
}

/** Behaviour path prefix of a service on the provider IS for the scenario's provider side. */
export function providerPath(world: ScenarioWorld, code: string): string {
  const spec = SERVICES.find((s) => s.code === code && !s.version);
  const type = spec ? (spec.type === 'soap' ? 'soap' : 'rest') : 'soap';
  return `/${type}/${world.route().providerSide}/${spec?.path ?? code}`;
}

/** Sets a provider IS behaviour for one service and registers its undo. */
export function setProviderBehaviour(world: ScenarioWorld, code: string, behaviour: ProviderBehaviour): void {
  const prefix = providerPath(world, code);
  const table = handles(world).providerIs.behaviours;
  table.set(prefix, behaviour);
  world.cleanups.push(() => void table.set(prefix, prefix.startsWith('/soap') ? { kind: 'soap-echo' } : { kind: 'rest-echo' }));
}

/** A well-formed request for one of the route's provider's services. */
export function soapRequestFor(world: ScenarioWorld, code: string, over: Partial<SoapRequestSpec> = {}): string {
  const route = world.route();
  return buildSoapRequest({ client: route.client, service: `${route.provider}/${code}`, userId: USER_ID, ...over });
}

/** Notes how many requests the provider IS had, so checks look only at this scenario's. */
export function markProviderIs(world: ScenarioWorld): void {
  world.vars.set('pisMark', handles(world).providerIs.received.length);
}

/** Sends along the route (or to `opts.url`), keeping what was sent for the checks. */
export async function sendSoapAlongRoute(world: ScenarioWorld, soap: string | Buffer, opts: Partial<SoapCall> = {}): Promise<void> {
  const route = world.route();
  markProviderIs(world);
  world.vars.set('soapSent', Buffer.isBuffer(soap) ? soap : Buffer.from(soap, 'utf8'));
  world.vars.set('attachmentsSent', opts.attachments ?? []);
  const { sent, received } = await callSoap({ url: route.clientProxyUrl, soap, timeoutMs: world.env.profile.timing.requestTimeoutMs, ...opts });
  await world.remember(route.hop, sent, received);
}

export function soapSent(world: ScenarioWorld): Buffer {
  return world.vars.get('soapSent') as Buffer;
}

/** Requests the provider IS received since this scenario's last call. */
export function providerReceived(world: ScenarioWorld): ReceivedRequest[] {
  const mark = world.vars.get('pisMark');
  if (typeof mark !== 'number') throw new Error('no request was sent with a roadtest message step in this scenario');
  return receivedSince(handles(world).providerIs, mark);
}

/** The last request the provider IS got for this scenario (fails when there is none). */
export function theProviderRequest(world: ScenarioWorld): ReceivedRequest {
  const got = providerReceived(world);
  expectThat(got.length >= 1, 'the provider IS received nothing', { expected: 'the request at the provider IS', actual: 'no request arrived' });
  return got[got.length - 1]!;
}

/** Id of the server hosting the route's provider, or of the client's own server. */
export function serverOf(world: ScenarioWorld, which: 'provider' | 'client'): string {
  const { layout } = handles(world);
  const providerIsPeer = world.route().providerSide === 'peer';
  return (which === 'provider') === providerIsPeer ? layout.peer.serverId : layout.sut.serverId;
}

export function httpsUrl(world: ScenarioWorld): string {
  const url = world.env.sut.clientProxyHttpsUrl;
  if (!url) throw new Error('the profile gives no HTTPS client proxy URL for the SUT');
  return url;
}
