import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate, type IssuedCert } from '../../simulators/pki/index.js';
import { verifyReport, writeSignedManifest } from './manifest.js';

let ca: IssuedCert;
let harness: IssuedCert;

beforeAll(async () => {
  ca = await issueCertificate('self', { subject: [['CN', 'ca']], profile: 'ca' });
  harness = await issueCertificate(ca, { subject: [['CN', 'roadtest harness']], profile: 'harness' });
});

function freshReport(): string {
  const dir = mkdtempSync(join(tmpdir(), 'report-'));
  writeFileSync(join(dir, 'index.html'), '<html>ok</html>');
  writeFileSync(join(dir, 'results.json'), '{"a":1}');
  mkdirSync(join(dir, 'evidence', 's1'), { recursive: true });
  writeFileSync(join(dir, 'evidence', 's1', '001-request.bin'), Buffer.from([0, 1, 2, 3]));
  writeSignedManifest(dir, 'run-1', harness.privateKey, harness.certPem);
  return dir;
}

describe('signed report manifest', () => {
  it('verifies a fresh report, also against the issuing CA', () => {
    const dir = freshReport();
    const v = verifyReport(dir, ca.certPem);
    expect(v).toMatchObject({ ok: true, signatureValid: true, issuerTrusted: true, changed: [], added: [], removed: [] });
  });

  it('names a file in which any one byte changed', () => {
    for (const file of ['index.html', 'results.json', 'evidence/s1/001-request.bin']) {
      const dir = freshReport();
      const p = join(dir, file);
      const b = readFileSync(p);
      b[b.length - 1] ^= 0x01;
      writeFileSync(p, b);
      const v = verifyReport(dir);
      expect(v.ok).toBe(false);
      expect(v.changed).toEqual([file]);
    }
  });

  it('names removed and added files', () => {
    const dir = freshReport();
    rmSync(join(dir, 'results.json'));
    writeFileSync(join(dir, 'evidence', 'extra.txt'), 'x');
    const v = verifyReport(dir);
    expect(v.ok).toBe(false);
    expect(v.removed).toEqual(['results.json']);
    expect(v.added).toEqual(['evidence/extra.txt']);
  });

  it('detects an edited manifest, a forged signature, a foreign CA and a missing signature', async () => {
    const dir = freshReport();
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    m.files[0].sha256 = '0'.repeat(64);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m, null, 1) + '\n');
    expect(verifyReport(dir).signatureValid).toBe(false);

    const dir2 = freshReport();
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeSignedManifest(dir2, 'run-1', other.privateKey, harness.certPem);
    expect(verifyReport(dir2).signatureValid).toBe(false);

    const dir3 = freshReport();
    // A harness certificate is no CA: it vouches for nothing but itself, pinned byte for byte.
    const other2 = await issueCertificate(ca, { subject: [['CN', 'another harness']], profile: 'harness' });
    expect(verifyReport(dir3, other2.certPem).issuerTrusted).toBe(false);
    expect(verifyReport(dir3, harness.certPem).issuerTrusted).toBe(true);
    rmSync(join(dir3, 'manifest.sig'));
    expect(verifyReport(dir3).unusable).toMatch(/manifest.sig is missing/);
  });
});

describe('manifest edge cases', () => {
  it('lists the harness certificate, so a byte changed in its own signature is named', () => {
    const dir = freshReport();
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: Array<{ path: string }> };
    expect(m.files.map((f) => f.path)).toContain('harness-cert.pem');
    const pem = readFileSync(join(dir, 'harness-cert.pem'), 'utf8');
    // The last base64 line before the footer is the CA's signature over the certificate: the
    // public key (what the manifest signature checks) is untouched by this change.
    const lines = pem.trimEnd().split('\n');
    const i = lines.length - 2;
    lines[i] = lines[i].slice(0, 4) + (lines[i][4] === 'A' ? 'B' : 'A') + lines[i].slice(5);
    writeFileSync(join(dir, 'harness-cert.pem'), lines.join('\n') + '\n');
    const v = verifyReport(dir);
    expect(v.ok).toBe(false);
    expect(v.changed).toContain('harness-cert.pem');
  });

  it('accepts only one canonical base64 line as the signature', () => {
    const variants: Array<(s: string) => string> = [
      (s) => s.slice(0, -1) + '\v', // trailing newline -> vertical tab (trim() would forgive it)
      (s) => s.slice(0, -1), // no newline
      (s) => ' ' + s,
      (s) => s.replace(/=+\n$/, '\n'), // padding dropped (Buffer.from would forgive it)
    ];
    for (const change of variants) {
      const dir = freshReport();
      const sig = readFileSync(join(dir, 'manifest.sig'), 'utf8');
      const changed = change(sig);
      if (changed === sig) continue;
      writeFileSync(join(dir, 'manifest.sig'), changed);
      const v = verifyReport(dir);
      expect(v.ok, JSON.stringify(changed)).toBe(false);
      expect(v.changed.join(' ')).toContain('manifest.sig');
    }
    // Flipping the unused low bits of the last base64 digit leaves the decoded bytes alone.
    // ECDSA signatures vary in length: sign until one needs base64 padding.
    let dir = '';
    let m: RegExpMatchArray | null = null;
    for (let i = 0; i < 30 && !m; i++) {
      dir = freshReport();
      m = readFileSync(join(dir, 'manifest.sig'), 'utf8').match(/([A-Za-z0-9+/])(=+)\n$/);
    }
    expect(m, 'no padded signature in 30 tries').not.toBeNull();
    const sig = readFileSync(join(dir, 'manifest.sig'), 'utf8');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const twin = alphabet[alphabet.indexOf(m![1]) ^ 1];
    const forged = sig.slice(0, sig.length - m![0].length) + twin + m![2] + '\n';
    expect(Buffer.from(forged.trim(), 'base64')).toEqual(Buffer.from(sig.trim(), 'base64'));
    writeFileSync(join(dir, 'manifest.sig'), forged);
    expect(verifyReport(dir).ok).toBe(false);
  });

  it('counts a symbolic link or a FIFO as an added file without following or reading it', () => {
    const dir = freshReport();
    symlinkSync('/etc', join(dir, 'evidence', 'link'));
    const fifo = spawnSync('mkfifo', [join(dir, 'evidence', 'pipe')], { timeout: 5000 });
    const v = verifyReport(dir);
    expect(v.ok).toBe(false);
    expect(v.added).toEqual(fifo.status === 0 ? ['evidence/link', 'evidence/pipe'] : ['evidence/link']);
  });

  it('rejects a manifest whose entries have no hash', () => {
    const dir = freshReport();
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ runId: 'x', algorithm: 'SHA-256', files: [{ path: 'index.html' }] }));
    const v = verifyReport(dir);
    expect(v.unusable).toMatch(/has no path or SHA-256/);
    expect(v.changed).toEqual(['manifest.json']);
  });
});
