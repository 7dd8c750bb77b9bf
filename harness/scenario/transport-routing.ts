// Instance shapes for the consumer's target selection (TRANSP-013/014): the provider hosted on a
// second server entry (same auth certificate) at a given address, servers in maintenance mode, a
// provider without any address, and a listener that accepts TCP but never completes TLS.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { EnvironmentHandles } from '../environment/environment-handles.js';
import { changeInstance, clientEntry, listedServer, type AsyncUndo } from './transport-instance-edits.js';

export const SECOND_PEER_SERVER_CODE = 'PEER2';

/** Lists a second server hosting the peer's provider with the peer's auth certificate, at `address`. */
export function addPeerAlias(h: EnvironmentHandles, address: string): Promise<AsyncUndo> {
  return changeInstance(h, (m) => {
    const peer = listedServer(m, h.layout.peer.serverCode);
    m.securityServers!.push({
      owner: { ...peer.owner },
      serverCode: SECOND_PEER_SERVER_CODE,
      address,
      authCerts: [...(peer.authCerts ?? [])],
      clients: [clientEntry(h.layout.peer.provider)],
    });
  });
}

export function peerAddress(h: EnvironmentHandles): string {
  const a = h.centralServer ? listedServer(h.centralServer.model, h.layout.peer.serverCode).address : undefined;
  if (!a) throw new Error('the instance lists no address for the peer security server');
  return a;
}

/** Puts the peer's server (and any alias) in maintenance mode with `message`. */
export function maintenance(h: EnvironmentHandles, serverCodes: string[], message: string): Promise<AsyncUndo> {
  return changeInstance(h, (m) => {
    for (const code of serverCodes) listedServer(m, code).inMaintenanceMode = { message };
  });
}

export function setAddress(h: EnvironmentHandles, serverCode: string, address: string | undefined): Promise<AsyncUndo> {
  return changeInstance(h, (m) => {
    const s = listedServer(m, serverCode);
    if (address === undefined) delete s.address;
    else s.address = address;
  });
}

/** A loopback port that accepts connections and never answers: the TLS handshake hangs. */
export async function startBlackHole(): Promise<{ address: string; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback address where nothing listens (connection refused). */
export async function deadAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `127.0.0.1:${port}`;
}
