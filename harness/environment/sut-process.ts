// The embedded SUT in a process of its own, for perf runs: on a 2-core machine the SUT and its
// peer then each get a core instead of sharing one event loop, and the SUT's CPU and memory can be
// read from its own pid rather than from a process that also runs the peer and the simulators.
// Scenario runs keep it in-process: their steps reach into the SUT's objects (message log, OCSP
// cache, defect switches), which a child process cannot hand over.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { savePki, type TestPki } from '../../simulators/pki/index.js';
import { startChildScript, type ChildServer } from './child-server.js';
import type { SideLayout } from './instance-layout.js';

const here = dirname(fileURLToPath(import.meta.url));

export interface SutProcessSpec {
  me: SideLayout;
  other: SideLayout;
  pkiDir: string;
  anchorFile: string;
  providerIsUrl: string;
  workDir: string;
  defects: string[];
  globalConfRefreshSeconds: number;
  serverProxyPort: number;
}

export interface SutProcessInfo {
  clientProxyUrl: string;
  clientProxyHttpsUrl?: string;
  serverProxyUrl: string;
  serverProxyAddress: string;
  ocspDownloadUrl?: string;
  proxyVersion: string;
}

export interface SutProcess {
  pid: number;
  info: SutProcessInfo;
  stop(): Promise<void>;
}

export async function startSutProcess(opts: Omit<SutProcessSpec, 'pkiDir' | 'anchorFile'> & { pki: TestPki; anchorXml: string }): Promise<SutProcess> {
  const { pki, anchorXml, ...rest } = opts;
  const pkiDir = join(opts.workDir, 'sut-pki');
  savePki(pki, pkiDir);
  const anchorFile = join(opts.workDir, 'sut-anchor.xml');
  writeFileSync(anchorFile, anchorXml);
  const specFile = join(opts.workDir, 'sut-process.json');
  writeFileSync(specFile, JSON.stringify({ ...rest, pkiDir, anchorFile } satisfies SutProcessSpec));
  const child: ChildServer = await startChildScript(join(here, 'children', 'sut-side.ts'), 'embedded SUT process', [specFile], 60_000);
  return { pid: child.pid, info: child.info as unknown as SutProcessInfo, stop: () => child.stop() };
}
