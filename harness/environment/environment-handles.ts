// Typed handles on the simulated parties, for steps (via `handlesOf(env)`).
import type { TestPki } from '../../simulators/pki/index.js';
import type { OcspResponderHandle } from '../../simulators/ocsp-responder/index.js';
import type { TsaHandle } from '../../simulators/tsa/index.js';
import type { CentralServerHandle } from '../../simulators/central-server/index.js';
import type { ProviderIs } from '../../simulators/member-systems/index.js';
import type { SecurityServerHandle } from '../../simulators/security-server/security-server.js';
import type { GlobalConfView } from '../../simulators/security-server/components.js';
import type { GlobalConfClient } from '../../simulators/security-server/globalconf-client.js';
import type { XRoadOcspCache } from '../../simulators/security-server/ocsp-cache.js';
import type { ReferenceMessageLog } from '../../simulators/security-server/message-log/index.js';
import type { Environment } from './environment.js';
import type { SideLayout } from './instance-layout.js';
import type { ManagementInbox } from '../../simulators/member-systems/index.js';

export interface EnvironmentHandles {
  pki: TestPki;
  ocsp: OcspResponderHandle;
  tsa: TsaHandle;
  providerIs: ProviderIs;
  /** The simulated central server (embedded target; model + publish + knobs). */
  centralServer?: CentralServerHandle;
  /** The SUT's view of the global configuration (embedded), or the peer's (url targets). */
  globalConf: GlobalConfView | GlobalConfClient;
  peerGlobalConf?: GlobalConfClient;
  sutOcspCache?: XRoadOcspCache;
  /** The reference SS as SUT (embedded target only). */
  sutServer?: SecurityServerHandle;
  /** The peer security server the harness runs on the other side. */
  peer: SecurityServerHandle;
  layout: { sut: SideLayout; peer: SideLayout };
  sutLog?: ReferenceMessageLog;
  peerLog?: ReferenceMessageLog;
  workDir: string;
  /** message-body-logging of the SUT (LOG-006), embedded target only. */
  setSutMessageBodyLogging?: (on: boolean) => void;
  /** Publish the changed central-server model and wait until the servers have loaded it. */
  republish?: () => Promise<void>;
  /** What the management service provider (on the peer) received and judged (embedded target). */
  managementInbox?: ManagementInbox;
}

export function handlesOf(env: Environment): EnvironmentHandles {
  return env.handles as unknown as EnvironmentHandles;
}
