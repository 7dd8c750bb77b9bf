// Tamper evidence for a report directory: manifest.json lists every file with its SHA-256 and is
// signed by the run's harness key; the certificate travels with it. verifyReport names every file
// that was changed, added or removed, and checks the signature (optionally the cert's issuer).
import { createHash, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const CERT_FILE = 'harness-cert.pem';
const OWN_FILES = new Set([MANIFEST_FILE, SIGNATURE_FILE, CERT_FILE]);

export interface Manifest {
  runId: string;
  algorithm: 'SHA-256';
  files: Array<{ path: string; sha256: string; size: number }>;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.filter((f) => !OWN_FILES.has(f));
}

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function signatureAlgorithm(key: KeyObject | X509Certificate['publicKey']): string | null {
  // Ed25519/Ed448 take no digest; RSA and EC keys sign SHA-256.
  return key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448' ? null : 'sha256';
}

export function writeSignedManifest(dir: string, runId: string, key: KeyObject, certPem: string): Manifest {
  const manifest: Manifest = {
    runId,
    algorithm: 'SHA-256',
    files: listFiles(dir).map((path) => ({ path, sha256: sha256File(join(dir, path)), size: statSync(join(dir, path)).size })),
  };
  const bytes = Buffer.from(JSON.stringify(manifest, null, 1) + '\n');
  writeFileSync(join(dir, MANIFEST_FILE), bytes);
  writeFileSync(join(dir, SIGNATURE_FILE), sign(signatureAlgorithm(key), bytes, key).toString('base64') + '\n');
  writeFileSync(join(dir, CERT_FILE), certPem);
  return manifest;
}

export interface ReportVerification {
  ok: boolean;
  /** Unusable input: no manifest, unreadable signature or certificate. */
  unusable?: string;
  signatureValid: boolean;
  issuerTrusted?: boolean;
  changed: string[];
  added: string[];
  removed: string[];
}

export function verifyReport(dir: string, trustedCaPem?: string): ReportVerification {
  const empty = { ok: false, signatureValid: false, changed: [], added: [], removed: [] };
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return { ...empty, unusable: `${dir} is not a report directory` };
  for (const f of [MANIFEST_FILE, SIGNATURE_FILE, CERT_FILE]) {
    if (!existsSync(join(dir, f))) return { ...empty, unusable: `${f} is missing: the report was never signed or the file was removed`, removed: [f] };
  }
  const bytes = readFileSync(join(dir, MANIFEST_FILE));
  let manifest: Manifest;
  let cert: X509Certificate;
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as Manifest;
    if (!Array.isArray(manifest.files)) throw new Error('no file list');
  } catch (e) {
    return { ...empty, changed: [MANIFEST_FILE], unusable: `${MANIFEST_FILE} is not a manifest: ${(e as Error).message}` };
  }
  try {
    cert = new X509Certificate(readFileSync(join(dir, CERT_FILE)));
  } catch {
    return { ...empty, changed: [CERT_FILE], unusable: `${CERT_FILE} is not a certificate` };
  }
  let signatureValid = false;
  try {
    const sig = Buffer.from(readFileSync(join(dir, SIGNATURE_FILE), 'utf8').trim(), 'base64');
    signatureValid = verify(signatureAlgorithm(cert.publicKey), bytes, cert.publicKey, sig);
  } catch {
    signatureValid = false;
  }
  const listed = new Map(manifest.files.map((f) => [f.path, f.sha256]));
  const present = listFiles(dir);
  const changed = present.filter((p) => listed.has(p) && sha256File(join(dir, p)) !== listed.get(p));
  const added = present.filter((p) => !listed.has(p));
  const presentSet = new Set(present);
  const removed = [...listed.keys()].filter((p) => !presentSet.has(p));
  if (!signatureValid) changed.push(`${MANIFEST_FILE} or ${SIGNATURE_FILE} (signature does not verify)`);
  let issuerTrusted: boolean | undefined;
  if (trustedCaPem) {
    const ca = new X509Certificate(trustedCaPem);
    issuerTrusted = cert.checkIssued(ca) && cert.verify(ca.publicKey);
  }
  return {
    ok: signatureValid && changed.length === 0 && added.length === 0 && removed.length === 0 && issuerTrusted !== false,
    signatureValid,
    issuerTrusted,
    changed,
    added,
    removed,
  };
}
