import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('detects an edited manifest, a forged signature, a foreign CA and a missing signature', () => {
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
    expect(verifyReport(dir3, harness.certPem).issuerTrusted).toBe(false);
    rmSync(join(dir3, 'manifest.sig'));
    expect(verifyReport(dir3).unusable).toMatch(/manifest.sig is missing/);
  });
});
