// Changes to what the harness's central server publishes, for scenarios that need the instance to
// look different for a moment (EXT-002: a second server id at the SUT's address; TRANSP-011: a
// subsystem globalconf places on the SUT that the SUT does not host; MESS-020: the SUT's copy
// expires). Each edit publishes, waits until the servers have loaded it, and returns its undo,
// which the scenario registers in its cleanups.
import type { CentralServerHandle } from '../../simulators/central-server/index.js';
import type { EnvironmentHandles } from '../environment/environment-handles.js';

export class GlobalConfEditError extends Error {
  override readonly name = 'GlobalConfEditError';
  readonly code = 'globalconf_not_editable';
}

export type Undo = () => Promise<void>;

interface Editable {
  cs: CentralServerHandle;
  republish: () => Promise<void>;
}

/** The harness's central server, or an error saying why the scenario cannot edit the instance. */
function editable(h: EnvironmentHandles): Editable {
  if (!h.centralServer || !h.republish) throw new GlobalConfEditError('this environment has no central server the harness publishes from');
  return { cs: h.centralServer, republish: h.republish };
}

type ModelServer = NonNullable<CentralServerHandle['model']['securityServers']>[number];

function sutServerEntry(cs: CentralServerHandle, h: EnvironmentHandles): ModelServer {
  const s = cs.model.securityServers?.find((x) => x.serverCode === h.layout.sut.serverCode && x.owner.memberCode === h.layout.sut.memberCode);
  if (!s) throw new GlobalConfEditError(`the central server does not list the SUT ${h.layout.sut.serverId}`);
  return s;
}

/** Lists one more server (code `serverCode`, the SUT's owner, address and auth certificate) hosting the SUT's provider. */
export async function addServerAtSutAddress(h: EnvironmentHandles, serverCode: string): Promise<Undo> {
  const { cs, republish } = editable(h);
  const sut = sutServerEntry(cs, h);
  const provider = sut.clients?.find((c) => c.subsystemCode === h.layout.sut.provider.split('/')[3]);
  cs.model.securityServers!.push({ ...sut, serverCode, clients: provider ? [provider] : [] });
  await republish();
  return async () => {
    cs.model.securityServers = cs.model.securityServers!.filter((s) => s !== undefined && s.serverCode !== serverCode);
    await republish();
  };
}

/** Registers subsystem `code` of the SUT's owner member and places it on the SUT. */
export async function addSubsystemOnSut(h: EnvironmentHandles, code: string): Promise<Undo> {
  const { cs, republish } = editable(h);
  const sut = sutServerEntry(cs, h);
  const { memberClass, memberCode } = h.layout.sut;
  const member = cs.model.members?.find((m) => m.memberClass.code === memberClass && m.memberCode === memberCode);
  if (!member) throw new GlobalConfEditError(`the central server has no member ${h.layout.sut.member}`);
  member.subsystems = [...(member.subsystems ?? []), { subsystemCode: code, subsystemName: `${memberCode} ${code.toLowerCase()}` }];
  sut.clients = [...(sut.clients ?? []), { objectType: 'SUBSYSTEM', xRoadInstance: cs.model.instanceIdentifier, memberClass, memberCode, subsystemCode: code }];
  await republish();
  return async () => {
    member.subsystems = (member.subsystems ?? []).filter((s) => s.subsystemCode !== code);
    sut.clients = (sut.clients ?? []).filter((c) => c.subsystemCode !== code);
    await republish();
  };
}

/**
 * Lets the SUT's copy of the configuration expire (MESS-020): the SUT downloads a directory that
 * expires in `seconds`, after which the central server only serves expired ones; then waits until
 * the SUT's copy is past its Expire-date.
 */
export async function expireSutGlobalConf(h: EnvironmentHandles, seconds = 2): Promise<Undo> {
  const { cs, republish } = editable(h);
  const gc = h.globalConf as { refresh?: () => Promise<{ ok: boolean }>; assertValid(now?: Date): void };
  if (typeof gc.refresh !== 'function') throw new GlobalConfEditError("the SUT's configuration client cannot be refreshed from the harness");
  const before = cs.settings.confExpireIntervalSeconds;
  const undo: Undo = async () => {
    await cs.knobs.clear('expired');
    cs.settings.confExpireIntervalSeconds = before;
    await republish();
  };
  cs.settings.confExpireIntervalSeconds = seconds;
  await gc.refresh();
  await cs.knobs.set('expired', { secondsAgo: 60 });
  const deadline = Date.now() + (seconds + 3) * 1000;
  for (;;) {
    try {
      gc.assertValid();
    } catch {
      return undo;
    }
    if (Date.now() > deadline) {
      await undo();
      throw new GlobalConfEditError(`the SUT's configuration copy did not expire within ${seconds + 3} s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
