// Run-time changes to the instance the simulated central server publishes (security server
// addresses, auth certificates, maintenance mode, approved CAs' OCSP URLs and TSAs,
// ocspFreshnessSeconds, optional parts), for the transport, OCSP and time-stamping scenarios. Each
// change snapshots the model first and returns an undo that restores the snapshot and publishes
// again, so a scenario registers it in its cleanups and leaves the instance as it found it.
import type { InstanceModel } from '../../simulators/central-server/index.js';
import type { EnvironmentHandles } from '../environment/environment-handles.js';

export class InstanceEditError extends Error {
  override readonly name = 'InstanceEditError';
  readonly code = 'instance_not_editable';
}

export type AsyncUndo = () => Promise<void>;

/** Deep copy that keeps Buffers as Buffers (certificates) and Dates as Dates. */
function clone<T>(v: T): T {
  if (Buffer.isBuffer(v)) return Buffer.from(v) as T;
  if (v instanceof Uint8Array) return new Uint8Array(v) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (Array.isArray(v)) return v.map(clone) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)])) as T;
  return v;
}

function modelOf(h: EnvironmentHandles): InstanceModel {
  if (!h.centralServer || !h.republish) {
    throw new InstanceEditError('this scenario changes the published global configuration, which needs the simulated central server (embedded target)');
  }
  return h.centralServer.model;
}

/**
 * Publishes and makes sure both servers hold the new publication. republish() refreshes once, but
 * a refresh the configuration client's own timer started just before publish() is joined and
 * brings the previous directory; a second refresh necessarily starts after the publication.
 */
export async function publishAndLoad(h: EnvironmentHandles): Promise<void> {
  await h.republish!();
  const clients = [h.globalConf, h.peerGlobalConf].filter((c): c is NonNullable<typeof c> & { refresh(): Promise<unknown> } => !!c && typeof (c as { refresh?: unknown }).refresh === 'function');
  await Promise.all(clients.map((c) => c.refresh()));
}

/** Applies `edit` to the instance model, publishes, and returns the undo. */
export async function changeInstance(h: EnvironmentHandles, edit: (m: InstanceModel) => void): Promise<AsyncUndo> {
  const model = modelOf(h);
  const before = clone(model);
  edit(model);
  await publishAndLoad(h);
  return async () => {
    for (const k of Object.keys(model) as Array<keyof InstanceModel>) delete model[k];
    Object.assign(model, before);
    await publishAndLoad(h);
  };
}

export type ListedServer = NonNullable<InstanceModel['securityServers']>[number];

export function listedServer(m: InstanceModel, serverCode: string): ListedServer {
  const s = m.securityServers?.find((x) => x.serverCode === serverCode);
  if (!s) throw new InstanceEditError(`the instance lists no security server with code ${serverCode}`);
  return s;
}

/** A subsystem or member id `INSTANCE/CLASS/CODE[/SUB]` as shared-params lists clients. */
export function clientEntry(id: string): NonNullable<ListedServer['clients']>[number] {
  const [xRoadInstance, memberClass, memberCode, subsystemCode] = id.split('/');
  return subsystemCode === undefined
    ? { objectType: 'MEMBER', xRoadInstance: xRoadInstance!, memberClass: memberClass!, memberCode: memberCode! }
    : { objectType: 'SUBSYSTEM', xRoadInstance: xRoadInstance!, memberClass: memberClass!, memberCode: memberCode!, subsystemCode };
}
