// Bringing the SUT's global configuration copy to expiry in seconds, not minutes (GCONF-008):
// the SUT downloads one directory with a short Expire-date, then every further download is
// refused (bad signature), so its copy runs out while the peer keeps a normal ten-minute copy and
// can still send to the SUT. The peer downloads from the same central server, so a refresh of
// the peer's that lands inside the short window is caught by checking both copies, and retried.
import type { GlobalConfClient } from '../../simulators/security-server/globalconf-client.js';
import type { Central, Undo } from './gconf-central.js';

export class ExpirySetupError extends Error {
  override readonly name = 'ExpirySetupError';
  readonly code = 'expiry_setup_failed';
}

function client(v: unknown, what: string): GlobalConfClient {
  const c = v as Partial<GlobalConfClient> | undefined;
  if (!c || typeof c.refresh !== 'function' || typeof c.expireDate !== 'function') throw new ExpirySetupError(`${what} is not a configuration client the harness can drive`);
  return c as GlobalConfClient;
}

/** The SUT's configuration client (embedded target only). */
export function sutConfClient(c: Central): GlobalConfClient {
  return client(c.h.globalConf, "the SUT's configuration view");
}

export async function expireSutCopySoon(c: Central, seconds: number): Promise<Undo> {
  const sut = sutConfClient(c);
  const peer = client(c.h.peerGlobalConf, "the peer's configuration view");
  const normal = c.cs.settings.confExpireIntervalSeconds;
  const undo: Undo = async () => {
    c.cs.settings.confExpireIntervalSeconds = normal;
    await c.cs.knobs.clear('badSignature');
    await c.republish();
  };
  for (let attempt = 0; attempt < 4; attempt++) {
    c.cs.settings.confExpireIntervalSeconds = normal;
    await c.cs.knobs.clear('badSignature');
    c.cs.publish();
    await peer.refresh();
    c.cs.settings.confExpireIntervalSeconds = seconds;
    await sut.refresh();
    await c.cs.knobs.set('badSignature', true);
    c.cs.settings.confExpireIntervalSeconds = normal;
    const now = Date.now();
    const sutExpiry = sut.expireDate()?.getTime() ?? 0;
    const peerExpiry = peer.expireDate()?.getTime() ?? 0;
    if (sutExpiry <= now + seconds * 1000 + 500 && sutExpiry > now && peerExpiry > now + 60_000) return undo;
  }
  await undo();
  throw new ExpirySetupError(`could not give the SUT alone a copy expiring in ${seconds} s (the peer kept refreshing inside the window)`);
}

/** Waits (bounded) until the SUT's copy is past its Expire-date. */
export async function waitUntilSutCopyExpired(c: Central, maxMs: number): Promise<boolean> {
  const sut = sutConfClient(c);
  const until = Date.now() + maxMs;
  while (Date.now() < until) {
    if (sut.status().state === 'expired') return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return sut.status().state === 'expired';
}
