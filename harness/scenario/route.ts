// Which way a message travels for a role under test (ARCHITECTURE "Roles"):
//   sut-client:   client IS -> SUT client proxy -> peer SS -> provider IS
//   sut-provider: client IS -> peer client proxy -> SUT server proxy -> provider IS
import type { Environment } from '../environment/environment.js';
import { handlesOf } from '../environment/environment-handles.js';

export type RoleUnderTest = 'sut-client' | 'sut-provider';

export interface Route {
  role: RoleUnderTest;
  /** Where the client IS sends its request. */
  clientProxyUrl: string;
  /** Client subsystem id the request is sent as. */
  client: string;
  /** Provider subsystem id that offers the services. */
  provider: string;
  /** Which side's provider-IS paths the provider's services use. */
  providerSide: 'sut' | 'peer';
  /** Human description of the hop, for evidence. */
  hop: string;
}

export function routeFor(env: Environment, role: RoleUnderTest): Route {
  const h = handlesOf(env);
  if (role === 'sut-client') {
    if (!env.sut.clientProxyUrl) throw new Error('the profile gives no client proxy URL for the SUT (endpoints.clientProxyHttp)');
    return { role, clientProxyUrl: env.sut.clientProxyUrl, client: h.layout.sut.client, provider: h.layout.peer.provider, providerSide: 'peer', hop: 'client IS -> SUT client proxy' };
  }
  return { role, clientProxyUrl: h.peer.clientProxyUrl, client: h.layout.peer.client, provider: h.layout.sut.provider, providerSide: 'sut', hop: 'client IS -> peer SS -> SUT server proxy' };
}

/** The role a scenario's tags name (default: SUT as the client side). */
export function roleFromTags(tags: readonly string[]): RoleUnderTest {
  return tags.includes('@sut-provider') ? 'sut-provider' : 'sut-client';
}
