import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithVectors, vectorPath } from '../../../protocol/test-support/vectors.js';

function roadtest(...args: string[]) {
  return spawnSync(process.execPath, ['bin/roadtest.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });
}

const dir = mkdtempSync(join(tmpdir(), 'roadtest-verify-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWithVectors('roadtest verify archive', () => {
  const archive0 = () => vectorPath('asic/message-archive/message-archive-0.zip');

  it('exits 0 on message-archive-0.zip as first in chain and prints the last digest', () => {
    const r = roadtest('verify', 'archive', archive0(), '--first');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^VALID$/m);
    expect(r.stdout).toMatch(/^last digest: 9011ab55[0-9a-f]{116}8eaa$/m);
  });

  it('exits 1 and names the first broken link', () => {
    const r = roadtest('verify', 'archive', vectorPath('asic/legacy-logarchive/mlog-WITH_INVALID_LINKINGINFO.zip'), '--first');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('first broken link');
    expect(r.stdout).toContain('log_archive.digest_mismatch');
    const wrongPrev = roadtest('verify', 'archive', archive0(), '--prev', 'ab'.repeat(64), '--json');
    expect(wrongPrev.status).toBe(1);
    expect(JSON.parse(wrongPrev.stdout).firstBrokenLink.code).toBe('log_archive.prev_digest_mismatch');
  });

  it('exits 2 for a truncated copy, an empty file, a directory and a missing file', () => {
    const bytes = readFileSync(archive0());
    writeFileSync(join(dir, 'cut.zip'), bytes.subarray(0, bytes.length - 40));
    writeFileSync(join(dir, 'empty.zip'), '');
    mkdirSync(join(dir, 'folder.zip'), { recursive: true });
    for (const [file, words] of [['cut.zip', /corrupted or truncated/], ['empty.zip', /empty/], ['folder.zip', /directory/], ['missing.zip', /does not exist/]] as const) {
      const r = roadtest('verify', 'archive', join(dir, file));
      expect(r.status, file).toBe(2);
      expect(r.stderr).toMatch(words);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const j = roadtest('verify', 'archive', join(dir, 'cut.zip'), '--json');
    expect(j.status).toBe(2);
    expect(JSON.parse(j.stdout)).toMatchObject({ verdict: 'unusable', code: 'unusable_input.corrupted_zip' });
  });

  it('exits 2 on contradictory flags', () => {
    expect(roadtest('verify', 'archive', archive0(), '--first', '--prev', 'ab').status).toBe(2);
  });
});

describeWithVectors('--conf loading', () => {
  it('takes a configuration directory or a verificationconf.zip, and refuses an anchor with a reason', async () => {
    const { loadVerificationTrust } = await import('./verify.js');
    const { ZipStreamWriter } = await import('../../../protocol/message-archive/index.js');
    const fromDir = await loadVerificationTrust(vectorPath('globalconf/dirs/globalconf_good2_v3'));
    expect(fromDir.instanceIdentifier).toBe('DEV');
    expect(fromDir.approvedTsas.length).toBeGreaterThan(0);
    const zipPath = join(dir, 'verificationconf.zip');
    const w = await ZipStreamWriter.create(zipPath);
    await w.add('verificationconf/instance-identifier', readFileSync(vectorPath('globalconf/dirs/messagelog-CS/instance-identifier')));
    await w.add('verificationconf/CS/shared-params.xml', readFileSync(vectorPath('globalconf/dirs/messagelog-CS/CS/shared-params.xml')));
    await w.close();
    const fromZip = await loadVerificationTrust(zipPath);
    expect(fromZip.instanceIdentifier).toBe('CS');
    expect(fromZip.approvedCas.length).toBeGreaterThan(0);
    await expect(loadVerificationTrust(vectorPath('asic/verifier-cli/unused-anchor/configuration-anchor1.xml'))).rejects.toThrow(/anchor holds no CA/);
    await expect(loadVerificationTrust(join(dir, 'nothing-here'))).rejects.toThrow(/no such file/);
    await expect(loadVerificationTrust(vectorPath('globalconf/dirs/globalconf_missing_identifier'))).rejects.toThrow(/instance-identifier/);
  });
});
