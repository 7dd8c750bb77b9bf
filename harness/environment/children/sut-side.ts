// Child process: the embedded SUT on its own (sut-process.ts starts it). argv: <spec JSON file>,
// naming the saved test PKI, the central server's anchor and the side's layout. Announces
// {url, pid, ...SutProcessInfo} or {error} on stdout; stops when stdin closes.
import { readFileSync } from 'node:fs';
import { loadPki } from '../../../simulators/pki/index.js';
import { exitWithParent } from '../child-server.js';
import { startEmbeddedSide } from '../embedded-side.js';
import type { SutProcessInfo, SutProcessSpec } from '../sut-process.js';

try {
  const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as SutProcessSpec;
  const side = await startEmbeddedSide({
    name: 'sut',
    me: spec.me,
    other: spec.other,
    pki: loadPki(spec.pkiDir),
    anchorXml: readFileSync(spec.anchorFile, 'utf8'),
    providerIsUrl: spec.providerIsUrl,
    workDir: spec.workDir,
    defects: spec.defects,
    globalConfRefreshSeconds: spec.globalConfRefreshSeconds,
    serverProxyPort: spec.serverProxyPort,
  });
  exitWithParent(() => side.stop());
  const s = side.server;
  const info: SutProcessInfo = {
    clientProxyUrl: s.clientProxyUrl,
    ...(s.clientProxyHttpsUrl ? { clientProxyHttpsUrl: s.clientProxyHttpsUrl } : {}),
    serverProxyUrl: s.serverProxyUrl,
    serverProxyAddress: s.serverProxyAddress,
    ...(s.ocspDownloadUrl ? { ocspDownloadUrl: s.ocspDownloadUrl } : {}),
    proxyVersion: s.config.proxyVersion,
  };
  process.stdout.write(JSON.stringify({ url: s.clientProxyUrl, pid: process.pid, ...info }) + '\n');
} catch (e) {
  process.stdout.write(JSON.stringify({ error: (e as Error).message ?? String(e) }) + '\n');
  process.exit(3);
}
