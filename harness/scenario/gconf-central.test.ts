import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../simulators/pki/index.js';
import { startCentralServer, type CentralServerHandle } from '../../simulators/central-server/index.js';
import { startGlobalConfClient, type GlobalConfClient } from '../../simulators/security-server/globalconf-client.js';
import type { EnvironmentHandles } from '../environment/environment-handles.js';
import { directoryRequestsSince, knobValue, partRequestsSince, publishAsInstance, publishMaintenance, setKnob, type Central } from './gconf-central.js';
import { expireSutCopySoon, waitUntilSutCopyExpired } from './gconf-expiry.js';

let pki: TestPki;
let cs: CentralServerHandle;
let sut: GlobalConfClient;
let peer: GlobalConfClient;
let c: Central;

beforeAll(async () => {
  pki = await createTestPki({ instance: 'DEV' });
  cs = await startCentralServer({ pki, socketTimeoutMs: 2_000 });
  // Clients refresh only when told to, so the test decides every download.
  sut = await startGlobalConfClient({ anchorXml: cs.anchorXml(), refreshSeconds: 3600, timeoutMs: 2_000 });
  peer = await startGlobalConfClient({ anchorXml: cs.anchorXml(), refreshSeconds: 3600, timeoutMs: 2_000 });
  const h = { centralServer: cs, globalConf: sut, peerGlobalConf: peer } as unknown as EnvironmentHandles;
  c = {
    cs,
    h,
    async republish() {
      cs.publish();
      await Promise.all([sut.refresh(), peer.refresh()]);
    },
  };
}, 60_000);

afterAll(async () => {
  await Promise.all([sut?.stop(), peer?.stop()]);
  await cs?.stop();
});

const serverCode = () => cs.model.securityServers![0]!.serverCode;

describe('central-server edits', () => {
  it('publishes a maintenance mode the clients take, and its undo takes it back', async () => {
    const since = new Date();
    const undo = await publishMaintenance(c, serverCode(), 'window');
    expect(sut.securityServers().find((s) => s.id.endsWith(`/${serverCode()}`))?.inMaintenanceMode?.message).toBe('window');
    expect(partRequestsSince(c, since).some((e) => e.path.endsWith('/shared-params.xml'))).toBe(true);
    expect(directoryRequestsSince(c, since).some((d) => d.version === 6 && d.status === 200)).toBe(true);
    await undo();
    expect(sut.securityServers().find((s) => s.id.endsWith(`/${serverCode()}`))?.inMaintenanceMode).toBeUndefined();
  });

  it('a broken artifact keeps the clients on their copy until the knob is cleared', async () => {
    const undoKnob = await setKnob(c, 'badSignature', knobValue('true'));
    const undoMaintenance = await publishMaintenance(c, serverCode(), 'unseen');
    expect(sut.status().state).toBe('failing');
    expect(sut.securityServers().find((s) => s.id.endsWith(`/${serverCode()}`))?.inMaintenanceMode).toBeUndefined();
    await undoMaintenance();
    await undoKnob();
    expect(sut.status().state).toBe('ok');
  });

  it('renames the instance in every identifier, and back', async () => {
    const undo = await publishAsInstance(c, 'FOREIGN');
    expect(cs.model.instanceIdentifier).toBe('FOREIGN');
    expect(cs.model.securityServers!.flatMap((s) => s.clients ?? []).every((x) => x.xRoadInstance === 'FOREIGN')).toBe(true);
    expect(sut.status().lastErrors.length).toBeGreaterThan(0);
    await undo();
    expect(cs.model.instanceIdentifier).toBe('DEV');
    expect(sut.status().state).toBe('ok');
  });

  it('reverts an edit whose publication fails', async () => {
    const before = cs.model.instanceIdentifier;
    const members = cs.model.members!;
    const stash = members.splice(0, members.length);
    try {
      // Clients that name members the instance no longer has: the builder refuses to publish.
      await expect(publishMaintenance(c, serverCode(), 'never')).rejects.toThrow();
      expect(cs.model.securityServers!.find((s) => s.serverCode === serverCode())?.inMaintenanceMode).toBeUndefined();
    } finally {
      members.push(...stash);
      cs.publish();
    }
    expect(cs.model.instanceIdentifier).toBe(before);
  });
});

describe('expiry of one client copy', () => {
  it('gives the SUT alone a copy that expires in seconds, refuses further downloads, and undoes it', async () => {
    const undo = await expireSutCopySoon(c, 1);
    expect(peer.expireDate()!.getTime()).toBeGreaterThan(Date.now() + 60_000);
    expect(await waitUntilSutCopyExpired(c, 3_000)).toBe(true);
    await sut.refresh();
    expect(sut.status().state).toBe('expired');
    await undo();
    expect(sut.status().state).toBe('ok');
  }, 15_000);
});
