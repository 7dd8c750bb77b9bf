// Tamper evidence for a report directory: manifest.json lists every file with its SHA-256 and is
// signed by the run's harness key; the certificate travels with it. verifyReport names every file
// that was changed, added or removed, and checks the signature (optionally the cert's issuer).
// The certificate is itself listed in the manifest: the signature only proves the key, so without
// its hash a byte changed in the certificate's own signature or extensions would go unnoticed.
import { createHash, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const CERT_FILE = 'harness-cert.pem';
// Not listed in the manifest: the manifest itself and its detached signature.
const UNLISTED = new Set([MANIFEST_FILE, SIGNATURE_FILE]);

export interface Manifest {
  runId: string;
  algorithm: 'SHA-256';
  files: Array<{ path: string; sha256: string; size: number }>;
}

// Symbolic links are entries, not followed (a link to a directory could loop or leave the
// report); a link, FIFO or device where a file should be counts as a change, never as read.
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (lstatSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.filter((f) => !UNLISTED.has(f));
}

function sha256File(path: string): string {
  if (!lstatSync(path).isFile()) return 'not a regular file';
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The signature file holds exactly one canonical base64 line, so no byte of it is slack. */
function readSignature(path: string): Buffer | undefined {
  const text = readFileSync(path, 'latin1');
  if (!/^[A-Za-z0-9+/]+={0,2}\n$/.test(text)) return undefined;
  const sig = Buffer.from(text.slice(0, -1), 'base64');
  return sig.toString('base64') === text.slice(0, -1) ? sig : undefined;
}

function signatureAlgorithm(key: KeyObject | X509Certificate['publicKey']): string | null {
  // Ed25519/Ed448 take no digest; RSA and EC keys sign SHA-256.
  return key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448' ? null : 'sha256';
}

export function writeSignedManifest(dir: string, runId: string, key: KeyObject, certPem: string): Manifest {
  writeFileSync(join(dir, CERT_FILE), certPem);
  const manifest: Manifest = {
    runId,
    algorithm: 'SHA-256',
    files: listFiles(dir).map((path) => ({ path, sha256: sha256File(join(dir, path)), size: statSync(join(dir, path)).size })),
  };
  const bytes = Buffer.from(JSON.stringify(manifest, null, 1) + '\n');
  writeFileSync(join(dir, MANIFEST_FILE), bytes);
  writeFileSync(join(dir, SIGNATURE_FILE), sign(signatureAlgorithm(key), bytes, key).toString('base64') + '\n');
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
  /** Subject of the harness certificate that signed the manifest. */
  signer?: string;
  /** How many files the manifest lists. */
  files?: number;
}

function manifestProblem(m: unknown): string | undefined {
  if (typeof m !== 'object' || m === null || !Array.isArray((m as Manifest).files)) return 'no file list';
  const bad = (m as Manifest).files.find((f) => typeof f?.path !== 'string' || typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256));
  return bad ? `file entry ${JSON.stringify(bad)} has no path or SHA-256` : undefined;
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
    const problem = manifestProblem(manifest);
    if (problem) throw new Error(problem);
  } catch (e) {
    return { ...empty, changed: [MANIFEST_FILE], unusable: `${MANIFEST_FILE} is not a manifest: ${(e as Error).message}` };
  }
  try {
    cert = new X509Certificate(readFileSync(join(dir, CERT_FILE)));
  } catch {
    return { ...empty, changed: [CERT_FILE], unusable: `${CERT_FILE} is not a certificate` };
  }
  const changed: string[] = [];
  let signatureValid = false;
  const sig = readSignature(join(dir, SIGNATURE_FILE));
  if (!sig) changed.push(`${SIGNATURE_FILE} (not one canonical base64 signature line)`);
  else {
    try {
      signatureValid = verify(signatureAlgorithm(cert.publicKey), bytes, cert.publicKey, sig);
    } catch {
      signatureValid = false;
    }
    if (!signatureValid) changed.push(`${MANIFEST_FILE} or ${SIGNATURE_FILE} (signature does not verify)`);
  }
  const listed = new Map(manifest.files.map((f) => [f.path, f.sha256]));
  const present = listFiles(dir);
  changed.push(...present.filter((p) => listed.has(p) && sha256File(join(dir, p)) !== listed.get(p)));
  const added = present.filter((p) => !listed.has(p));
  const presentSet = new Set(present);
  const removed = [...listed.keys()].filter((p) => !presentSet.has(p));
  let issuerTrusted: boolean | undefined;
  if (trustedCaPem) {
    // Either the CA that issued the harness certificate, or (self-signed harness key) the
    // harness certificate itself, pinned byte for byte.
    const ca = new X509Certificate(trustedCaPem);
    issuerTrusted = cert.raw.equals(ca.raw) || (cert.checkIssued(ca) && cert.verify(ca.publicKey));
  }
  return {
    ok: signatureValid && changed.length === 0 && added.length === 0 && removed.length === 0 && issuerTrusted !== false,
    signatureValid,
    issuerTrusted,
    changed,
    added,
    removed,
    signer: cert.subject.replace(/\n/g, ', '),
    files: manifest.files.length,
  };
}
