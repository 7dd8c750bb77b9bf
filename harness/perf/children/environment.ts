// Child process: the run's environment (for the embedded target: SUT, peer SS, provider IS, OCSP
// responder, TSA) in a process of its own, so the load generator never shares their event loop
// and the SUT's CPU and memory can be read from /proc. The embedded SUT runs in a process of its
// own below this one (sut-process.ts), so that it and its peer get a core each and its figures are
// its own. argv: <profile file> <report dir>. Announces {url, pid, sutPid?, endpoints} or {error}.
import { bringUpEnvironment } from '../../environment/bring-up.js';
import { handlesOf } from '../../environment/environment-handles.js';
import { loadProfile } from '../../profile/index.js';
import { exitWithParent } from '../../environment/child-server.js';
import { endpointsFromEnvironment } from '../perf-endpoints.js';
import { startPeerTimingServer } from '../peer-timing-probe.js';

const [profileFile, reportDir] = process.argv.slice(2);
try {
  const profile = loadProfile(profileFile!);
  const env = await bringUpEnvironment(profile, { reportDir: reportDir ?? 'reports', defects: [], sutInOwnProcess: profile.kind === 'embedded' });
  // The provider IS keeps every request for the conformance checks; a perf run would pile up
  // gigabytes and put them on the SUT's memory figure.
  const provider = handlesOf(env).providerIs;
  setInterval(() => (provider.received.length = 0), 100).unref();
  // The perf run reads the peer SS's per-exchange timing through this loopback endpoint.
  const peerTiming = await startPeerTimingServer(handlesOf(env).peer.timing);
  exitWithParent(async () => {
    await peerTiming.stop();
    await env.stop();
  });
  const endpoints = endpointsFromEnvironment(env);
  process.stdout.write(
    JSON.stringify({ url: endpoints.sut?.clientProxyUrl ?? endpoints.providerIsUrl, pid: process.pid, ...(env.sut.pid ? { sutPid: env.sut.pid } : {}), endpoints, peerTimingUrl: peerTiming.url }) + '\n',
  );
} catch (e) {
  process.stdout.write(JSON.stringify({ error: (e as Error).message ?? String(e) }) + '\n');
  process.exit(3);
}
