import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeClientIsConnections, sendSoap, buildSoapRequest } from '../../simulators/member-systems/index.js';
import { loadProfile } from '../profile/index.js';
import { bringUpEnvironment } from './bring-up.js';
import type { Environment } from './environment.js';
import { handlesOf } from './environment-handles.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('embedded SUT in its own process (perf runs)', () => {
  let env: Environment;
  beforeAll(async () => {
    env = await bringUpEnvironment(loadProfile('targets/embedded.yaml'), { reportDir: 'reports/test-sut-process', defects: [], sutInOwnProcess: true });
  }, 120_000);
  afterAll(async () => {
    await closeClientIsConnections();
    await env?.stop();
  });

  it('exchanges a SOAP message through the SUT process and the peer, and the SUT is another pid', async () => {
    const pid = env.sut.pid!;
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    expect(alive(pid)).toBe(true);
    const h = handlesOf(env);
    expect(h.sutServer).toBeUndefined();
    const before = h.providerIs.received.length;
    const soap = buildSoapRequest({ client: h.layout.sut.client, service: `${h.layout.peer.provider}/getRandom` });
    const ev = await sendSoap(env.sut.clientProxyUrl!, soap);
    expect(ev.status).toBe(200);
    expect(ev.text).not.toContain('Fault');
    expect(ev.text).toContain('getRandomResponse');
    // The peer answered through the provider IS run here: the exchange crossed both processes.
    expect(h.providerIs.received.length).toBe(before + 1);
    expect(h.peerLog).toBeDefined();
  });

  it('stops the SUT process with the environment', async () => {
    const pid = env.sut.pid!;
    await env.stop();
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
  });
});
