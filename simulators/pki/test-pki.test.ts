import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestPki, issueCertificate, loadPki, savePki } from './index.js';

function openssl(args: string[]) {
  return spawnSync('openssl', args, { encoding: 'utf8', timeout: 20_000 });
}

describe('test PKI', () => {
  it('builds a chain that openssl verifies, with the profiles X-Road checks', async () => {
    const started = Date.now();
    const pki = await createTestPki({ withIntermediate: true });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(10_000);
    const dir = mkdtempSync(join(tmpdir(), 'pki-'));
    writeFileSync(join(dir, 'root.pem'), pki.rootCa.certPem);
    writeFileSync(join(dir, 'inter.pem'), pki.intermediateCa!.certPem);
    const sign = pki.securityServers.SS1.sign['DEV/COM/1234'];
    writeFileSync(join(dir, 'sign.pem'), sign.certPem);
    const ok = openssl(['verify', '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'inter.pem'), join(dir, 'sign.pem')]);
    expect(ok.stdout + ok.stderr).toContain('OK');
    // Without the intermediate the chain must not verify: the check can fail.
    const broken = openssl(['verify', '-CAfile', join(dir, 'root.pem'), join(dir, 'sign.pem')]);
    expect(broken.status).not.toBe(0);

    expect(sign.cert.subject).toContain('serialNumber=DEV/SS1/COM');
    expect(sign.cert.subject).toContain('CN=1234');
    expect(sign.cert.checkIssued(pki.intermediateCa!.cert)).toBe(true);
  });

  it('gives the TSA a critical timeStamping EKU and the sign cert nonRepudiation only', async () => {
    const pki = await createTestPki();
    const dir = mkdtempSync(join(tmpdir(), 'pki-'));
    writeFileSync(join(dir, 'tsa.pem'), pki.tsaSigner.certPem);
    writeFileSync(join(dir, 'sign.pem'), pki.securityServers.SS2.sign['DEV/GOV/4321'].certPem);
    const tsa = openssl(['x509', '-in', join(dir, 'tsa.pem'), '-noout', '-text']).stdout;
    expect(tsa).toMatch(/Extended Key Usage: critical\s+Time Stamping/);
    expect(tsa).not.toContain('Key Encipherment');
    const sign = openssl(['x509', '-in', join(dir, 'sign.pem'), '-noout', '-text']).stdout;
    expect(sign).toMatch(/Key Usage: critical\s+Non Repudiation/);
  });

  it('issues EC P-256 certificates on request', async () => {
    const ca = await issueCertificate('self', { subject: [['CN', 'ec ca']], profile: 'ca', keyAlgorithm: 'ec' });
    const leaf = await issueCertificate(ca, { subject: [['CN', 'leaf']], profile: 'sign', keyAlgorithm: 'ec' });
    expect(leaf.privateKey.asymmetricKeyType).toBe('ec');
    expect(leaf.cert.verify(ca.cert.publicKey)).toBe(true);
    expect(leaf.cert.verify(leaf.cert.publicKey)).toBe(false);
  });

  it('saves keys with mode 0600 and loads the same PKI back', async () => {
    const pki = await createTestPki();
    const dir = mkdtempSync(join(tmpdir(), 'pki-'));
    savePki(pki, dir);
    expect(statSync(join(dir, 'root-ca.key.pem')).mode & 0o777).toBe(0o600);
    const loaded = loadPki(dir);
    expect(loaded.rootCa.cert.fingerprint256).toBe(pki.rootCa.cert.fingerprint256);
    expect(loaded.securityServers.SS1.sign['DEV/COM/1234'].cert.serialNumber).toBe(pki.securityServers.SS1.sign['DEV/COM/1234'].cert.serialNumber);
    expect(() => loadPki(join(dir, 'nope'))).toThrow(/pki.json missing/);
  });
});
