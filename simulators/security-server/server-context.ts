// Everything a proxy needs for one exchange, wired once by security-server.ts.
import type { SecurityServerConfig } from './config.js';
import type { GlobalConfView, MessageLog, OcspCache, OpMonitor, TlsTrust } from './components.js';
import type { MetaserviceContext } from './metaservices/metaservice-context.js';
import type { OwnOcsp } from './own-ocsp.js';
import type { Defects } from './defects.js';
import type { TimingHooks } from './exchange-timing.js';
import type { MessageVerifier } from './message-verifier.js';
import type { PeerKnobs } from './peer-knobs.js';
import type { ServerConf } from './server-conf.js';
import type { Signer } from './signer.js';
import type { TransportClient } from './transport-client.js';

/** One line of the server's own account of what it did (evidence for the harness, not a message log). */
export interface ExchangeEvent {
  at: Date;
  side: 'client-proxy' | 'server-proxy';
  protocol: 'soap' | 'rest' | 'other';
  /** xrd:id / X-Road-Id when known. */
  queryId?: string;
  outcome: 'ok' | 'fault';
  faultCode?: string;
  faultString?: string;
  /** e.g. 'provider-called', 'signature-verified'. */
  steps: string[];
}

export interface ServerContext {
  config: SecurityServerConfig;
  serverConf: ServerConf;
  globalConf: GlobalConfView;
  ocspCache: OcspCache;
  /** OCSP responses presented for our own certificates (the cache's, or forged under peer knobs). */
  ownOcsp: OwnOcsp;
  tlsTrust: TlsTrust;
  signer: Signer;
  verifier: MessageVerifier;
  /** The client proxy's pooled, verified connections to provider security servers. */
  transport: TransportClient;
  messageLog?: MessageLog;
  defects: Defects;
  knobs: PeerKnobs;
  events: ExchangeEvent[];
  /** Operational monitoring store; every exchange leaves a record (OPMON-006). */
  opMonitor?: OpMonitor;
  /** The locally answered services' view of this server (metaservices, monitoring). */
  meta: MetaserviceContext;
  /** High-resolution per-exchange and TLS handshake timing for whoever subscribes (perf runs). */
  timing?: TimingHooks;
}
