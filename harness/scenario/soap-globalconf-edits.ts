// Changes to what the harness's central server publishes, for scenarios that need the instance to
// look different for a moment (EXT-002: a second server id at the SUT's address; TRANSP-011: a
// subsystem globalconf places on the SUT that the SUT does not host; MESS-020: expiry). Each edit
// returns its undo, which the scenario registers in its cleanups.
import type { EnvironmentHandles } from '../environment/environment-handles.js';
import type { StaticGlobalConf } from '../../simulators/security-server/static-globalconf.js';

export class GlobalConfEditError extends Error {
  override readonly name = 'GlobalConfEditError';
  readonly code = 'globalconf_not_editable';
}

export type Undo = () => void;

/** The editable global configuration, or an error saying why there is none (a remote target). */
export function editableGlobalConf(h: EnvironmentHandles): StaticGlobalConf {
  const gc = h.globalConf as Partial<StaticGlobalConf>;
  if (typeof gc.update !== 'function' || gc.data === undefined) {
    throw new GlobalConfEditError('this environment publishes a global configuration the harness cannot edit at run time');
  }
  return gc as StaticGlobalConf;
}

/** Lists `serverId` at the SUT's address and with the SUT's auth certificate, hosting `clients`. */
export function addServerAtSutAddress(h: EnvironmentHandles, serverId: string, clients: string[]): Undo {
  const gc = editableGlobalConf(h);
  const sut = gc.data.securityServers.find((s) => s.id === h.layout.sut.serverId);
  if (!sut) throw new GlobalConfEditError(`the global configuration does not list the SUT ${h.layout.sut.serverId}`);
  gc.update((d) => {
    d.securityServers.push({ ...sut, id: serverId, clients: [...clients] });
  });
  return () =>
    gc.update((d) => {
      d.securityServers = d.securityServers.filter((s) => s.id !== serverId);
    });
}

/** Adds `client` to the clients globalconf says the SUT hosts. */
export function addClientOnSut(h: EnvironmentHandles, client: string): Undo {
  const gc = editableGlobalConf(h);
  const find = () => gc.data.securityServers.find((s) => s.id === h.layout.sut.serverId);
  if (!find()) throw new GlobalConfEditError(`the global configuration does not list the SUT ${h.layout.sut.serverId}`);
  gc.update(() => {
    find()!.clients.push(client);
  });
  return () =>
    gc.update(() => {
      const s = find();
      if (s) s.clients = s.clients.filter((c) => c !== client);
    });
}

/** Makes the published configuration expired (MESS-020 / GCONF-008). */
export function expireGlobalConf(h: EnvironmentHandles): Undo {
  const gc = editableGlobalConf(h);
  const before = gc.data.expiresAt;
  gc.update((d) => {
    d.expiresAt = new Date(Date.now() - 60_000);
  });
  return () =>
    gc.update((d) => {
      if (before) d.expiresAt = before;
      else delete d.expiresAt;
    });
}
