// Ports for loopback security servers: the server proxy at P and its OCSP download role at
// P + 1 (simulators/security-server/README.md, Addresses), both free when chosen.
import { createServer } from 'node:net';

function probe(port: number, host: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(undefined));
    s.listen(port, host, () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

export async function freePortPair(host = '127.0.0.1'): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = await probe(0, host);
    if (p && p < 65535 && (await probe(p + 1, host))) return p;
  }
  throw new Error('no free pair of adjacent ports on loopback');
}
