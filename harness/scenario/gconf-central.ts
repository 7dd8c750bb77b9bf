// Changing what the harness's central server publishes while the SUT runs as its configuration
// client (GCONF-002..013): model edits (maintenance mode, members, auth-cert registrations, served
// versions), fault knobs, and bringing the SUT's copy to the edge of expiry. Every change returns
// its undo, which republishes, so the next scenario starts from the configuration it expects.
import type { CentralServerHandle, RequestLogEntry } from '../../simulators/central-server/index.js';
import type { KnobName, KnobSettings } from '../../simulators/central-server/knobs.js';
import type { ConfVersion } from '../../protocol/globalconf/index.js';
import type { Environment } from '../environment/environment.js';
import { handlesOf, type EnvironmentHandles } from '../environment/environment-handles.js';

export type Undo = () => Promise<void>;

export class CentralServerEditError extends Error {
  override readonly name = 'CentralServerEditError';
  readonly code = 'central_server_not_editable';
}

export interface Central {
  cs: CentralServerHandle;
  h: EnvironmentHandles;
  /** Publishes the model and waits until the servers have tried to load it. */
  republish(): Promise<void>;
}

/** The harness's central server; a target without one cannot run these scenarios. */
export function central(env: Environment): Central {
  const h = handlesOf(env);
  const cs = h.centralServer;
  if (!cs) throw new CentralServerEditError('this environment runs no harness central server to change the configuration with');
  const wait = env.profile.timing.globalConfRefreshSeconds * 1000 + 1000;
  const republish = h.republish ? () => h.republish!() : async () => void (cs.publish(), await new Promise((r) => setTimeout(r, wait)));
  return { cs, h, republish };
}

/**
 * Applies a model change and publishes it; the undo reverts and publishes again. A publication
 * that fails (an edit the builder refuses) is reverted at once, so no scenario leaves it behind.
 */
async function edit(c: Central, apply: () => void, revert: () => void): Promise<Undo> {
  apply();
  try {
    await c.republish();
  } catch (e) {
    revert();
    await c.republish().catch(() => undefined);
    throw e;
  }
  return async () => {
    revert();
    await c.republish();
  };
}

function serverOf(c: Central, serverCode: string) {
  const s = c.cs.model.securityServers?.find((x) => x.serverCode === serverCode);
  if (!s) throw new CentralServerEditError(`the published instance lists no security server ${serverCode}`);
  return s;
}

/** Publishes the server `serverCode` in maintenance mode with `message` (shared-params v5+). */
export async function publishMaintenance(c: Central, serverCode: string, message: string): Promise<Undo> {
  const s = serverOf(c, serverCode);
  const before = s.inMaintenanceMode;
  return edit(
    c,
    () => void (s.inMaintenanceMode = { message }),
    () => {
      if (before) s.inMaintenanceMode = before;
      else delete s.inMaintenanceMode;
    },
  );
}

/** Registers `certDer` instead of the server's own auth certificate (its authCertHash is then wrong). */
export async function registerOtherAuthCert(c: Central, serverCode: string, certDer: Buffer): Promise<Undo> {
  const s = serverOf(c, serverCode);
  const before = s.authCerts;
  return edit(c, () => void (s.authCerts = [certDer]), () => void (s.authCerts = before));
}

/** Adds `certDer` to the server's registered auth certificates. */
export async function registerExtraAuthCert(c: Central, serverCode: string, certDer: Buffer): Promise<Undo> {
  const s = serverOf(c, serverCode);
  const before = s.authCerts;
  return edit(c, () => void (s.authCerts = [...(before ?? []), certDer]), () => void (s.authCerts = before));
}

/** Takes `client` (id string) off the clients the server `serverCode` hosts. */
export async function unregisterClient(c: Central, serverCode: string, client: string): Promise<Undo> {
  const s = serverOf(c, serverCode);
  const before = s.clients;
  const [inst, cls, code, sub] = client.split('/');
  const kept = (before ?? []).filter((x) => !(x.xRoadInstance === inst && x.memberClass === cls && x.memberCode === code && x.subsystemCode === sub));
  return edit(c, () => void (s.clients = kept), () => void (s.clients = before));
}

/** Adds a member with one subsystem to the instance (it then exists for listClients). */
export async function addMember(c: Central, memberClass: string, memberCode: string, name: string, subsystemCode: string): Promise<Undo> {
  const members = c.cs.model.members!;
  const added = { memberClass: { code: memberClass, description: memberClass }, memberCode, name, subsystems: [{ subsystemCode, subsystemName: `${name} ${subsystemCode}` }] };
  return edit(
    c,
    () => void members.push(added),
    () => {
      const i = members.indexOf(added);
      if (i >= 0) members.splice(i, 1);
    },
  );
}

/** Serves only these configuration versions (404 for the others). */
export async function serveOnlyVersions(c: Central, versions: ConfVersion[]): Promise<Undo> {
  const before = c.cs.settings.versions;
  return edit(c, () => void (c.cs.settings.versions = versions), () => void (c.cs.settings.versions = before));
}

/** Publishes the MONITORING optional part naming `client` as the central monitoring client. */
export async function publishMonitoringClient(c: Central, client: string): Promise<Undo> {
  const [inst, cls, code, sub] = client.split('/');
  const parts = c.cs.model.optionalParts;
  const before = parts.monitoring;
  const id = { objectType: sub === undefined ? ('MEMBER' as const) : ('SUBSYSTEM' as const), xRoadInstance: inst!, memberClass: cls!, memberCode: code!, ...(sub !== undefined ? { subsystemCode: sub } : {}) };
  return edit(
    c,
    () => void (parts.monitoring = { monitoringClientId: id }),
    () => {
      if (before) parts.monitoring = before;
      else delete parts.monitoring;
    },
  );
}

/** Sets the private-params time-stamping interval. */
export async function publishTimestampingInterval(c: Central, seconds: number): Promise<Undo> {
  const before = c.cs.model.timeStampingIntervalSeconds;
  return edit(c, () => void (c.cs.model.timeStampingIntervalSeconds = seconds), () => void (c.cs.model.timeStampingIntervalSeconds = before));
}

/** Every `xRoadInstance` / `instanceIdentifier` value `from` in the model becomes `to` (certificates untouched). */
function renameInstance(node: unknown, from: string, to: string): void {
  if (Array.isArray(node)) {
    for (const x of node) renameInstance(x, from, to);
    return;
  }
  if (node === null || typeof node !== 'object' || Buffer.isBuffer(node) || node instanceof Uint8Array) return;
  const o = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if ((k === 'xRoadInstance' || k === 'instanceIdentifier') && v === from) o[k] = to;
    else renameInstance(v, from, to);
  }
}

/** Publishes the whole instance under another identifier (a configuration for a foreign instance). */
export async function publishAsInstance(c: Central, instance: string): Promise<Undo> {
  const own = c.cs.model.instanceIdentifier;
  return edit(c, () => renameInstance(c.cs.model, own, instance), () => renameInstance(c.cs.model, instance, own));
}

/** Switches a fault knob on (no publish: the next download gets the broken artifact). */
export async function setKnob<K extends KnobName>(c: Central, name: K, value: KnobSettings[K]): Promise<Undo> {
  await c.cs.knobs.set(name, value);
  return async () => {
    await c.cs.knobs.clear(name);
    await c.republish();
  };
}

/** Knob values as a scenario table writes them: `true` or a JSON object. */
export function knobValue(text: string): never {
  return JSON.parse(text) as never;
}

/**
 * Requests the central server received from `since` on. Marked by time, not by index: the log
 * keeps a bounded number of entries and drops the oldest.
 */
export function requestsSince(c: Central, since: Date): RequestLogEntry[] {
  return c.cs.requests.filter((e) => e.at.getTime() >= since.getTime());
}

/** Directory requests (/internalconf, /externalconf) from `since` on: version asked and answer status. */
export function directoryRequestsSince(c: Central, since: Date): Array<{ version?: number; status: number }> {
  return requestsSince(c, since)
    .filter((e) => e.kind !== undefined)
    .map((e) => ({ ...(e.version !== undefined ? { version: e.version } : {}), status: e.status }));
}

/** Part files (anything but the directories) fetched from `since` on. */
export function partRequestsSince(c: Central, since: Date): RequestLogEntry[] {
  return requestsSince(c, since).filter((e) => e.kind === undefined);
}
