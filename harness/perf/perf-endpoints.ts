// Where a perf run sends its requests: the provider IS directly (baseline) and the client proxy
// that leads through the SUT, with the X-Road identities to put in the requests. They come from
// a running Environment (embedded or url target), or from flags in agent mode.
import type { Environment } from '../environment/environment.js';
import { handlesOf } from '../environment/environment-handles.js';
import { sideLayout } from '../environment/instance-layout.js';
import type { TargetProfile } from '../profile/index.js';
import { routeFor, type RoleUnderTest } from '../scenario/route.js';
import { restServiceUrl, restTarget, soapTarget } from '../../perf/targets.js';
import type { Target } from '../../perf/target.js';

/** Services of the harness's instance layout that the perf run calls (SOAP echo, REST echo). */
export const PERF_SOAP_SERVICE = 'echo';
export const PERF_REST_SERVICE = 'pets';
/** Path under the REST service; the provider IS echoes whatever comes. */
export const PERF_REST_PATH = '/perf';

export interface PerfEndpoints {
  /** Provider IS base URL, reached directly. */
  providerIsUrl: string;
  /** Which side's service paths the provider IS serves the route's services under. */
  providerSide: 'sut' | 'peer';
  /** Absent: baseline only. */
  sut?: {
    id: string;
    role: RoleUnderTest;
    clientProxyUrl: string;
    /** Client subsystem the requests are sent as. */
    client: string;
    /** Provider subsystem that offers the services. */
    provider: string;
  };
}

/** The role a perf run measures: the SUT as the client side when the profile tests that role. */
export function perfRole(profile: TargetProfile): RoleUnderTest {
  return profile.roles.includes('client-side') ? 'sut-client' : 'sut-provider';
}

/**
 * The proxy of the harness's peer SS that a perf exchange crosses: SUT as client side (client IS ->
 * SUT client proxy -> peer server proxy -> provider IS) or as provider side (client IS -> peer
 * client proxy -> SUT server proxy -> provider IS).
 */
export function peerSideFor(role: RoleUnderTest): 'client-proxy' | 'server-proxy' {
  return role === 'sut-client' ? 'server-proxy' : 'client-proxy';
}

/** The perf services' codes per protocol, so the peer's figures hold only the perf legs' exchanges. */
export const PERF_SERVICE_CODES = { soap: [PERF_SOAP_SERVICE], rest: [PERF_REST_SERVICE] };

export function endpointsFromEnvironment(env: Environment, role: RoleUnderTest = perfRole(env.profile)): PerfEndpoints {
  const route = routeFor(env, role);
  return {
    providerIsUrl: handlesOf(env).providerIs.url,
    providerSide: route.providerSide,
    sut: { id: env.sut.id, role, clientProxyUrl: route.clientProxyUrl, client: route.client, provider: route.provider },
  };
}

/**
 * Agent mode: no environment of its own, the SUT's client proxy and the provider IS named on the
 * command line; identities default to the harness's instance layout (the SUT's client subsystem
 * calling the peer's provider, as `roadtest run` does for the client-side role).
 */
export function agentEndpoints(profile: TargetProfile, opts: { sutUrl?: string; providerIsUrl: string; client?: string; provider?: string }): PerfEndpoints {
  const s = profile.securityServer;
  const sut = sideLayout(profile.instance, s.serverCode, s.memberClass, s.memberCode);
  const peer = sideLayout(profile.instance, 'PEER', 'GOV', '4321');
  return {
    providerIsUrl: opts.providerIsUrl,
    providerSide: 'peer',
    ...(opts.sutUrl ? { sut: { id: sut.serverId, role: 'sut-client' as const, clientProxyUrl: opts.sutUrl, client: opts.client ?? sut.client, provider: opts.provider ?? peer.provider } } : {}),
  };
}

export function targetsFor(e: PerfEndpoints): { baseline: Target[]; throughSut: Target[] } {
  const base = e.providerIsUrl.replace(/\/$/, '');
  const provider = e.sut?.provider ?? 'DEV/GOV/4321/PROVIDER';
  const client = e.sut?.client ?? 'DEV/COM/1234/CLIENT';
  const soapService = `${provider}/${PERF_SOAP_SERVICE}`;
  const restService = `${provider}/${PERF_REST_SERVICE}`;
  const baseline = [
    soapTarget({ name: 'baseline-soap', role: 'baseline', url: `${base}/soap/${e.providerSide}/${PERF_SOAP_SERVICE}`, client, service: soapService }),
    restTarget({ name: 'baseline-rest', role: 'baseline', url: `${base}/rest/${e.providerSide}/${PERF_REST_SERVICE}${PERF_REST_PATH}` }),
  ];
  const throughSut = e.sut
    ? [
        soapTarget({ name: 'sut-soap', role: 'sut', url: e.sut.clientProxyUrl, client, service: soapService }),
        restTarget({ name: 'sut-rest', role: 'sut', url: restServiceUrl(e.sut.clientProxyUrl, restService, PERF_REST_PATH), client }),
      ]
    : [];
  return { baseline, throughSut };
}
