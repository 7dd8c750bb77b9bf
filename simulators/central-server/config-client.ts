// A minimal configuration client over HTTP, for tests and scenario checks: what a security
// server's configuration client does with one location (GCONF-002..007) — probe versions from
// the highest down (never 2, corrections GCONF-002), verify the directory, download each listed
// file, check its hash and read it. Every request has a timeout.
import {
  readDirectoryContent,
  resolvePartUrl,
  verifySignedDirectory,
  type ConfCert,
  type DirectoryContent,
  type SignedDirectory,
} from '../../protocol/globalconf/index.js';
import type { X509Certificate } from 'node:crypto';

export interface DownloadOptions {
  verificationCerts: Array<ConfCert | X509Certificate | Buffer | string>;
  /** Fixed version, or probe 6..3 and take the first non-404 answer. */
  version?: number;
  now?: Date | (() => Date);
  timeoutMs?: number;
}

export interface DownloadedConfiguration {
  version: number;
  directory: SignedDirectory;
  content: DirectoryContent;
  /** Raw directory body as received. */
  body: Buffer;
}

async function get(url: string, timeoutMs: number): Promise<{ status: number; body: Buffer }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}

/** Resolves the version the way X-Road's LocationVersionResolver does: any non-404 answer counts. */
export async function resolveVersion(url: string, timeoutMs = 5_000, from = 6, to = 3): Promise<number> {
  for (let v = from; v >= to; v--) {
    const u = new URL(url);
    u.searchParams.set('version', String(v));
    const r = await get(u.toString(), timeoutMs);
    if (r.status !== 404) return v;
  }
  throw new Error(`no configuration version between ${to} and ${from} at ${url}`);
}

export async function downloadConfiguration(url: string, opts: DownloadOptions): Promise<DownloadedConfiguration> {
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const version = opts.version ?? (await resolveVersion(url, timeoutMs));
  const u = new URL(url);
  u.searchParams.set('version', String(version));
  const dir = await get(u.toString(), timeoutMs);
  if (dir.status !== 200) throw new Error(`GET ${u} answered ${dir.status}`);
  const directory = verifySignedDirectory(dir.body, { verificationCerts: opts.verificationCerts, now: opts.now });
  const files = new Map<string, Buffer | Error>();
  for (const p of directory.parts) {
    const r = await get(resolvePartUrl(u.toString(), p), timeoutMs);
    files.set(p.contentLocation, r.status === 200 ? r.body : new Error(`HTTP ${r.status} for ${p.contentLocation}`));
  }
  const content = readDirectoryContent(directory, (p) => {
    const f = files.get(p.contentLocation);
    if (f instanceof Error || f === undefined) throw f ?? new Error('not downloaded');
    return f;
  });
  return { version, directory, content, body: dir.body };
}
