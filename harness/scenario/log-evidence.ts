// Checking message-log evidence with roadtest's own verifier, independently of the SUT
// (LOG-004/005): containers are verified as X-Road's AsicContainerVerifier would, against the
// instance's trust — the harness's central server's, or the one the SUT hands out at
// /verificationconf, unzipped and loaded like a configuration directory. A tampered copy of a
// container is built here too, so a scenario can show the check is able to fail.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { verifyAsicContainer, type AsicVerdict } from '../../protocol/asic/index.js';
import { readZipBuffer } from '../../protocol/asic/zip-buffer-reader.js';
import yazl from 'yazl';
import type { Yazl3ZipFile } from '../../protocol/asic/index.js';
import { INSTANCE_IDENTIFIER_FILE, loadConfigurationDirectory, type LoadedConfiguration } from '../../protocol/globalconf/index.js';
import type { VerificationTrust } from '../../protocol/trust/index.js';
import type { EnvironmentHandles } from '../environment/environment-handles.js';

/** The instance's trust as the harness publishes it (central server), else the SUT-side view. */
export function instanceTrust(h: EnvironmentHandles): VerificationTrust {
  return h.centralServer ? h.centralServer.trust() : h.globalConf.trust();
}

export async function verifyContainer(bytes: Buffer, trust: VerificationTrust): Promise<AsicVerdict> {
  try {
    return await verifyAsicContainer(bytes, { trust });
  } catch (e) {
    // Unusable input (not a zip, truncated) is a verdict for the scenario, not a crash.
    return { valid: false, code: (e as { code?: string }).code ?? 'unusable_input', message: (e as Error).message, warnings: [], details: {} };
  }
}

/** The container with one byte of `entry` changed (the middle one), everything else as it was. */
export async function tamperedContainer(bytes: Buffer, entry: string): Promise<Buffer> {
  const zip = await readZipBuffer(bytes, () => 'keep', { label: 'ASiC container' });
  const target = zip.kept.find((e) => e.name === entry);
  if (!target || target.data.length === 0) throw new Error(`the container has no non-empty entry ${entry}`);
  const changed = Buffer.from(target.data);
  const i = Math.floor(changed.length / 2);
  changed[i] = changed[i] === 0x41 ? 0x42 : 0x41;
  const out = new yazl.ZipFile() as unknown as Yazl3ZipFile;
  for (const e of zip.kept) out.addBuffer(e.name === entry ? changed : e.data, e.name, { compress: e.name !== 'mimetype' });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    out.outputStream.on('data', (c: Buffer) => chunks.push(c));
    out.outputStream.on('error', reject);
    out.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    out.end();
  });
}

/**
 * Unzips a verificationconf.zip into a temporary folder and loads the configuration directory it
 * holds (the folder with `instance-identifier`), then removes the folder.
 */
export async function loadVerificationConfZip(zipBytes: Buffer): Promise<LoadedConfiguration> {
  const zip = await readZipBuffer(zipBytes, () => 'keep', { label: 'verificationconf.zip' });
  const tmp = mkdtempSync(join(tmpdir(), 'roadtest-verificationconf-'));
  try {
    let root: string | undefined;
    for (const e of zip.kept) {
      const rel = normalize(e.name);
      if (rel.startsWith('..') || rel.startsWith('/')) throw new Error(`verificationconf.zip entry '${e.name}' leaves the folder`);
      const out = join(tmp, rel);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, e.data);
      if (rel === INSTANCE_IDENTIFIER_FILE || rel.endsWith(`/${INSTANCE_IDENTIFIER_FILE}`)) root = dirname(out);
    }
    if (!root) throw new Error(`verificationconf.zip holds no ${INSTANCE_IDENTIFIER_FILE} (entries: ${zip.names.join(', ')})`);
    return loadConfigurationDirectory(root);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
