// Child process: the calibration server: bare node:http answering every request with 1 kB,
// nothing else, so autocannon against it gives this machine's loopback HTTP ceiling.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exitWithParent } from '../../environment/child-server.js';

const BODY = Buffer.alloc(Number(process.argv[2] ?? 1024), 'x');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': BODY.length });
    res.end(BODY);
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${port}`, pid: process.pid }) + '\n');
});
exitWithParent(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);
