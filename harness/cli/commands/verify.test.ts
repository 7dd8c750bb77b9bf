import { runCli } from '../test-support/run-cli.js';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithVectors, vectorPath } from '../../../protocol/test-support/vectors.js';

const roadtest = (...args: string[]) => runCli(...args);

const dir = mkdtempSync(join(tmpdir(), 'roadtest-verify-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWithVectors('roadtest verify archive', () => {
  const archive0 = () => vectorPath('asic/message-archive/message-archive-0.zip');

  it('exits 0 on message-archive-0.zip as first in chain and prints the last digest', async () => {
    const r = await roadtest('verify', 'archive', archive0(), '--first');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^VALID$/m);
    expect(r.stdout).toMatch(/^last digest: 9011ab55[0-9a-f]{116}8eaa$/m);
  });

  it('exits 1 and names the first broken link', async () => {
    const r = await roadtest('verify', 'archive', vectorPath('asic/legacy-logarchive/mlog-WITH_INVALID_LINKINGINFO.zip'), '--first');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('first broken link');
    expect(r.stdout).toContain('log_archive.digest_mismatch');
    const wrongPrev = await roadtest('verify', 'archive', archive0(), '--prev', 'ab'.repeat(64), '--json');
    expect(wrongPrev.status).toBe(1);
    expect(JSON.parse(wrongPrev.stdout).firstBrokenLink.code).toBe('log_archive.prev_digest_mismatch');
  });

  it('exits 2 for a truncated copy, an empty file, a directory and a missing file', async () => {
    const bytes = readFileSync(archive0());
    writeFileSync(join(dir, 'cut.zip'), bytes.subarray(0, bytes.length - 40));
    writeFileSync(join(dir, 'empty.zip'), '');
    mkdirSync(join(dir, 'folder.zip'), { recursive: true });
    for (const [file, words] of [['cut.zip', /corrupted or truncated/], ['empty.zip', /empty/], ['folder.zip', /directory/], ['missing.zip', /does not exist/]] as const) {
      const r = await roadtest('verify', 'archive', join(dir, file));
      expect(r.status, file).toBe(2);
      expect(r.stderr).toMatch(words);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const j = await roadtest('verify', 'archive', join(dir, 'cut.zip'), '--json');
    expect(j.status).toBe(2);
    expect(JSON.parse(j.stdout)).toMatchObject({ verdict: 'unusable', code: 'unusable_input.corrupted_zip' });
  });

  it('exits 2 on contradictory flags', async () => {
    expect((await roadtest('verify', 'archive', archive0(), '--first', '--prev', 'ab')).status).toBe(2);
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

describeWithVectors('roadtest verify asic', () => {
  const good2 = () => vectorPath('globalconf/dirs/globalconf_good2_v3');
  const cli = (file: string) => vectorPath('asic/verifier-cli', file);

  it('exits 0 on a valid container and prints who signed and when', async () => {
    const r = await roadtest('verify', 'asic', cli('valid-non-batch-rest.asice'), '--conf', good2());
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(': VALID');
    expect(r.stdout).toContain('signer: DEV/COM/1234/TestService');
    expect(r.stdout).toContain('time-stamp: 2024-07-11T12:51:12.000Z by Test TSA (batch');
  });

  it('exits 1 with X-Road\'s code for invalid containers, in text and JSON', async () => {
    const r = await roadtest('verify', 'asic', cli('wrong-message.asice'), '--conf', good2());
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('INVALID invalid_signature_value');
    const j = await roadtest('verify', 'asic', cli('invalid-hashchain-modified-message.asice'), '--conf', good2(), '--json');
    expect(j.status).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ verdict: 'invalid', code: 'malformed_signature.hashchain_unused_inputs' });
    const notAsic = await roadtest('verify', 'asic', vectorPath('asic/container-structure/not-asic.asice'), '--conf', good2(), '--json');
    expect(notAsic.status).toBe(1);
    expect(JSON.parse(notAsic.stdout).code).toBe('asic_mime_type_not_found');
    const signer = await roadtest('verify', 'asic', cli('valid-signed-message.asice'), '--conf', good2(), '--signer', 'DEV/COM/1234', '--json');
    expect(signer.status).toBe(1);
    expect(JSON.parse(signer.stdout).code).toBe('incorrect_certificate');
  });

  it('exits 2 for unusable input: truncated, empty, directory, missing --conf, anchor as --conf, bad --signer', async () => {
    const bytes = readFileSync(cli('valid-signed-message.asice'));
    writeFileSync(join(dir, 'cut.asice'), bytes.subarray(0, bytes.length - 200));
    writeFileSync(join(dir, 'empty.asice'), '');
    mkdirSync(join(dir, 'folder.asice'), { recursive: true });
    const cases: [string[], RegExp][] = [
      [[join(dir, 'cut.asice'), '--conf', good2()], /corrupted or truncated/],
      [[join(dir, 'empty.asice'), '--conf', good2()], /empty/],
      [[join(dir, 'folder.asice'), '--conf', good2()], /directory/],
      [[cli('valid-signed-message.asice')], /--conf is required/],
      [[cli('valid-signed-message.asice'), '--conf', vectorPath('asic/verifier-cli/unused-anchor/configuration-anchor1.xml')], /anchor holds no CA/],
      [[cli('valid-signed-message.asice'), '--conf', good2(), '--signer', 'DEV'], /--signer DEV/],
    ];
    for (const [args, message] of cases) {
      const r = await roadtest('verify', 'asic', ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});

describeWithVectors('roadtest verify signature', () => {
  const common = (f: string) => vectorPath('signatures/common-test', f);
  const base = ['--conf', '', '--at', '2014-10-30T00:00:00Z'];
  const args = (...extra: string[]) => {
    base[1] = vectorPath('globalconf/dirs/globalconf_good_v4');
    return ['verify', 'signature', common('sign-0.xml'), '--message', common('message-0.xml'), ...base, ...extra];
  };

  it('exits 0 for sign-0.xml by EE/BUSINESS/consumer at 2014-10-30, 1 for another signer or message', async () => {
    expect((await roadtest(...args('--signer', 'EE/BUSINESS/consumer'))).status).toBe(0);
    const other = await roadtest(...args('--signer', 'EE/BUSINESS/FOORBAR', '--json'));
    expect(other.status).toBe(1);
    expect(JSON.parse(other.stdout).code).toBe('incorrect_certificate');
    writeFileSync(join(dir, 'foo.xml'), 'foo');
    const r = await roadtest('verify', 'signature', common('sign-0.xml'), '--message', join(dir, 'foo.xml'), ...base, '--signer', 'EE/BUSINESS/consumer', '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).code).toBe('invalid_signature_value');
  });

  it('verifies a batch signature with its hash chain and attachment', async () => {
    const impl = (f: string) => vectorPath('signatures/globalconf-impl', f);
    writeFileSync(join(dir, 'attachment1'), 'blaah');
    const run = () => roadtest('verify', 'signature', impl('batch-sig.xml'), '--message', impl('message-1.xml'), '--attachment', join(dir, 'attachment1'),
      '--hash-chain-result', impl('hash-chain-result.xml'), '--hash-chain', impl('hash-chain-1.xml'), ...base, '--signer', 'EE/BUSINESS/consumer');
    expect((await run()).status).toBe(0);
    writeFileSync(join(dir, 'attachment1'), 'blaah!');
    expect((await run()).status).toBe(1);
  });

  it('exits 2 for a missing message file, a bad --at and a half-given hash chain', async () => {
    expect((await roadtest('verify', 'signature', common('sign-0.xml'), '--message', join(dir, 'none.xml'), ...base, '--signer', 'EE/BUSINESS/consumer')).status).toBe(2);
    expect((await roadtest(...args('--signer', 'EE/BUSINESS/consumer', '--at', 'yesterday'))).status).toBe(2);
    expect((await roadtest(...args('--signer', 'EE/BUSINESS/consumer', '--hash-chain', common('sign-0.xml')))).status).toBe(2);
  });
});

describeWithVectors('roadtest verify archive --conf', () => {
  it('verifies every container: exit 0 under messagelog-CS, 1 under a configuration without its TSA', async () => {
    const archive = vectorPath('asic/message-archive/message-archive-0.zip');
    const ok = await roadtest('verify', 'archive', archive, '--first', '--conf', vectorPath('globalconf/dirs/messagelog-CS'));
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('verified 1, invalid 0');
    const bad = await roadtest('verify', 'archive', archive, '--first', '--conf', vectorPath('globalconf/dirs/globalconf_good2_v3'));
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('archive chain: INTACT');
    expect(bad.stdout).toContain('INVALID mlog.tsp_certificate_not_found');
  });
});
