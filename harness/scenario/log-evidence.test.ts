import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import yazl from 'yazl';
import { expect, it } from 'vitest';
import type { Yazl3ZipFile } from '../../protocol/asic/index.js';
import { describeWithVectors, readVector, vectorPath } from '../../protocol/test-support/vectors.js';
import { loadVerificationConfZip, tamperedContainer, verifyContainer } from './log-evidence.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

/** A configuration directory packed as a security server's verificationconf.zip (under verificationconf/). */
function verificationConfZip(dir: string, leave: (path: string) => boolean = () => false): Promise<Buffer> {
  const z = new yazl.ZipFile() as unknown as Yazl3ZipFile;
  for (const f of files(dir)) {
    const rel = relative(dir, f);
    if (!leave(rel)) z.addBuffer(readFileSync(f), `verificationconf/${rel}`, { compress: true });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    z.end();
  });
}

describeWithVectors('message-log evidence against X-Road vectors', () => {
  const conf = () => vectorPath('globalconf', 'dirs', 'globalconf_good2_v3');

  it('loads a verificationconf.zip and verifies a real container with its trust; a tampered copy fails', async () => {
    const loaded = await loadVerificationConfZip(await verificationConfZip(conf()));
    expect(loaded.instanceIdentifier).toBe('DEV');
    const container = readVector('asic', 'verifier-cli', 'valid-signed-message.asice');
    expect((await verifyContainer(container, loaded.trust)).valid).toBe(true);
    const tampered = await verifyContainer(await tamperedContainer(container, 'message.xml'), loaded.trust);
    expect(tampered.valid).toBe(false);
  });

  it('refuses a zip without instance-identifier', async () => {
    await expect(loadVerificationConfZip(await verificationConfZip(conf(), (p) => p === 'instance-identifier'))).rejects.toThrow(/instance-identifier/);
  });

  it('reports unusable bytes as an invalid verdict, not a crash', async () => {
    const v = await verifyContainer(Buffer.from('not a zip'), (await loadVerificationConfZip(await verificationConfZip(conf()))).trust);
    expect(v.valid).toBe(false);
  });

  it('cannot tamper with an entry that is not there', async () => {
    await expect(tamperedContainer(readVector('asic', 'verifier-cli', 'valid-signed-message.asice'), 'attachment9')).rejects.toThrow(/no non-empty entry/);
  });
});
