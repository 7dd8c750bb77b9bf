import { runCli } from '../test-support/run-cli.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const roadtest = (...args: string[]) => runCli(...args);
const openssl = (...args: string[]) => spawnSync('openssl', args, { encoding: 'utf8', timeout: 20_000 });

describe('roadtest pki', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rt-pki-'));

  it('generates the PKI and signs a CSR made by openssl, as a real SS would send it', async () => {
    const gen = await roadtest('pki', '--dir', dir);
    expect(gen.status, gen.stderr).toBe(0);
    expect(existsSync(join(dir, 'pki.json'))).toBe(true);

    const key = join(dir, 'ss.key');
    const csr = join(dir, 'ss.csr');
    const mk = openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', '/C=FI/O=Acme/CN=5678/serialNumber=DEV\\/SS9\\/COM');
    expect(mk.status, mk.stderr).toBe(0);
    const out = join(dir, 'ss.crt');
    const signed = await roadtest('pki', 'sign-csr', csr, '--profile', 'sign', '--pki', dir, '--out', out);
    expect(signed.status, signed.stderr).toBe(0);
    const verify = openssl('verify', '-CAfile', join(dir, 'root-ca.cert.pem'), out);
    expect(verify.stdout).toContain('OK');
    const text = openssl('x509', '-in', out, '-noout', '-text').stdout;
    expect(text).toMatch(/Non Repudiation/);
    expect(text).toContain('CN = 5678');
  });

  it('refuses a tampered CSR and a bad profile with exit 2', async () => {
    const csr = join(dir, 'ss.csr');
    const pem = readFileSync(csr, 'utf8');
    const lines = pem.split('\n');
    // Flip a character inside the base64 body: either not parseable or the self-signature fails.
    lines[5] = lines[5].slice(0, 10) + (lines[5][10] === 'A' ? 'B' : 'A') + lines[5].slice(11);
    const bad = join(dir, 'bad.csr');
    writeFileSync(bad, lines.join('\n'));
    const r = await roadtest('pki', 'sign-csr', bad, '--profile', 'auth', '--pki', dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bad.csr');
    const p = await roadtest('pki', 'sign-csr', csr, '--profile', 'bogus', '--pki', dir);
    expect(p.status).toBe(2);
    expect(p.stderr.trim().split('\n')).toHaveLength(1);
  });
});
