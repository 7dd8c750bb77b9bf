// The few lines the core needs to plug the locally answered services into a running server:
// the MetaserviceContext built from its ServerContext. Kept apart so that the services themselves
// depend only on the narrow interfaces of metaservice-context.ts.
import type { ServerContext } from '../server-context.js';
import type { OperationalDataStore } from '../opmon/op-monitor.js';
import type { MetaserviceContext, OpMonSettings } from './metaservice-context.js';

export interface MetaserviceExtras {
  opMonitor?: OperationalDataStore;
  opMonSettings?: Partial<OpMonSettings>;
  monitoringClient?: () => string | undefined;
}

export function metaserviceContextFor(
  ctx: Pick<ServerContext, 'config' | 'serverConf' | 'globalConf'> & Partial<Pick<ServerContext, 'defects'>>,
  extras: MetaserviceExtras = {},
): MetaserviceContext {
  const tls = ctx.config.internalTls ?? ctx.config.keys.auth;
  // The monitoring client lives in the MONITORING part of the global configuration (GCONF-013).
  const monitoringClient = extras.monitoringClient ?? (() => ctx.globalConf.monitoringClient());
  return {
    serverConf: ctx.serverConf,
    globalConf: ctx.globalConf,
    proxyVersion: ctx.config.proxyVersion,
    clientTls: { certPem: tls.certPem, keyPem: tls.keyPem },
    ...(extras.opMonitor ? { opMonitor: extras.opMonitor } : {}),
    ...(extras.opMonSettings ? { opMonSettings: extras.opMonSettings } : {}),
    monitoringClient,
    // The server's own switches, so a defect switched on at run time reaches the metaservices too.
    ...(ctx.defects ? { defects: ctx.defects } : {}),
  };
}
