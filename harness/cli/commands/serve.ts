// `roadtest serve`: the simulated trust services (and the provider IS) as long-running loopback
// servers, e.g. for a real security server under test. Stops cleanly on Ctrl-C / SIGTERM.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { createTestPki, loadPki, savePki, type TestPki } from '../../../simulators/pki/index.js';
import { startOcspResponder } from '../../../simulators/ocsp-responder/index.js';
import { startTsa } from '../../../simulators/tsa/index.js';
import { startCentralServer } from '../../../simulators/central-server/index.js';
import { startProviderIs } from '../../../simulators/member-systems/index.js';
import { DEFAULT_PKI_DIR } from './pki.js';
import { UsageError } from '../usage-error.js';

const WHAT = ['ocsp', 'tsa', 'central-server', 'provider-is', 'security-server', 'all'] as const;
type What = (typeof WHAT)[number];

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number 0..65535');
  return n;
}

async function pkiFrom(dir: string): Promise<TestPki> {
  if (existsSync(`${dir}/pki.json`)) return loadPki(dir);
  const pki = await createTestPki();
  savePki(pki, dir);
  process.stderr.write(`no test PKI in ${dir}: generated one there\n`);
  return pki;
}

export interface ServeOptions {
  pki: string;
  defect?: string[];
  target?: string;
  host: string;
  ocspPort: number;
  tsaPort: number;
  csPort: number;
  isPort: number;
}

export interface Served {
  urls: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts the chosen services; the central server publishes the OCSP and TSA URLs it was given. */
export async function serve(what: What, opts: ServeOptions): Promise<Served> {
  if (what === 'security-server') return serveSecurityServer(opts);
  const pki = await pkiFrom(opts.pki);
  const stops: Array<() => Promise<void>> = [];
  const urls: Record<string, string> = {};
  try {
    const all = what === 'all';
    let ocspUrl: string | undefined;
    let tsaUrl: string | undefined;
    if (all || what === 'ocsp') {
      const ocsp = await startOcspResponder({ pki, host: opts.host, port: opts.ocspPort, defaultStatus: 'good' });
      stops.push(() => ocsp.stop());
      urls['OCSP responder'] = ocspUrl = ocsp.url;
    }
    if (all || what === 'tsa') {
      const tsa = await startTsa({ pki, host: opts.host, port: opts.tsaPort });
      stops.push(() => tsa.stop());
      urls['timestamping authority'] = tsaUrl = tsa.url;
    }
    if (all || what === 'central-server') {
      const cs = await startCentralServer({ pki, host: opts.host, port: opts.csPort, modelOptions: { ocspUrl, tsaUrl } });
      stops.push(() => cs.stop());
      urls['central server (internalconf)'] = cs.internalConfUrl;
      urls['central server (externalconf)'] = cs.externalConfUrl;
    }
    if (all || what === 'provider-is') {
      const is = await startProviderIs({ host: opts.host, port: opts.isPort });
      stops.push(() => is.stop());
      urls['provider information system'] = is.url;
    }
  } catch (e) {
    await Promise.allSettled(stops.map((s) => s()));
    throw e;
  }
  return { urls, stop: async () => void (await Promise.allSettled(stops.reverse().map((s) => s()))) };
}

/** The embedded reference SS as a SUT (with its peer and trust services), optionally with seeded defects. */
async function serveSecurityServer(opts: ServeOptions): Promise<Served> {
  const { SEEDED_DEFECTS } = await import('../../../simulators/security-server/defects.js');
  const known = SEEDED_DEFECTS.map((d) => d.name as string);
  for (const d of opts.defect ?? []) {
    if (!known.includes(d)) throw new UsageError(`unknown defect '${d}': expected one of ${known.join(', ')}`);
  }
  const { profileOrUsageError } = await import('./run.js');
  const { startEmbeddedEnvironment } = await import('../../environment/embedded.js');
  const profile = profileOrUsageError(opts.target ?? 'targets/embedded.yaml');
  const env = await startEmbeddedEnvironment(profile, { reportDir: '.tmp/serve', defects: opts.defect ?? [] });
  const urls: Record<string, string> = { 'security server': env.sut.id };
  if (env.sut.clientProxyUrl) urls['client proxy (HTTP)'] = env.sut.clientProxyUrl;
  if (env.sut.clientProxyHttpsUrl) urls['client proxy (HTTPS)'] = env.sut.clientProxyHttpsUrl;
  if (env.sut.serverProxyUrl) urls['server proxy (mTLS)'] = env.sut.serverProxyUrl;
  if (opts.defect?.length) urls['seeded defects'] = opts.defect.join(', ');
  return { urls, stop: () => env.stop() };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start simulators on loopback until Ctrl-C: ocsp | tsa | central-server | provider-is | security-server | all')
    .argument('<what>', `which simulator to start (${WHAT.join(', ')})`)
    .option('--pki <dir>', 'test PKI directory (generated there when absent)', DEFAULT_PKI_DIR)
    .option('--host <addr>', 'listen address (loopback by default)', '127.0.0.1')
    .option('--ocsp-port <n>', 'OCSP responder port (0 = any free port)', port, 0)
    .option('--tsa-port <n>', 'TSA port', port, 0)
    .option('--cs-port <n>', 'central server port', port, 0)
    .option('--is-port <n>', 'provider IS port', port, 0)
    .option('--defect <name...>', 'security-server only: switch on seeded defects (never on by default)')
    .option('--target <profile>', 'security-server only: the embedded profile to take identities from', 'targets/embedded.yaml')
    .action(async (what: string, opts: ServeOptions) => {
      if (!(WHAT as readonly string[]).includes(what)) throw new UsageError(`unknown simulator '${what}': expected one of ${WHAT.join(', ')}`);
      const served = await serve(what as What, opts);
      const w = Math.max(...Object.keys(served.urls).map((k) => k.length));
      for (const [k, v] of Object.entries(served.urls)) process.stdout.write(`${k.padEnd(w)}  ${v}\n`);
      process.stdout.write('ready; Ctrl-C stops\n');
      await new Promise<void>((resolve) => {
        const done = () => resolve();
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      await served.stop();
      process.stdout.write('stopped\n');
    });
}
