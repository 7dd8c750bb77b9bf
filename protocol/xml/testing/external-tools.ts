// Test-only wrappers around Debian's xmlsec1 and xmllint, the independent checkers of our XML
// canonicalisation and signatures (helper brief: spawn them with a timeout).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function toolAvailable(tool: 'xmlsec1' | 'xmllint'): boolean {
  const r = spawnSync(tool, ['--version'], { timeout: 10_000 });
  return r.status === 0;
}

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(tool: string, args: string[], cwd?: string): ToolResult {
  const r = spawnSync(tool, args, { timeout: 30_000, cwd, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout?.toString('utf8') ?? '', stderr: r.stderr?.toString('utf8') ?? '' };
}

/** A scratch directory with the given files, removed by `dispose()`. */
export function scratchDir(files: Record<string, Uint8Array | string>): { dir: string; path: (name: string) => string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'roadtest-xml-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  return { dir, path: (name) => join(dir, name), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `xmllint --c14n | --exc-c14n` of a whole document (both keep comments). */
export function xmllintC14n(xml: Uint8Array | string, exclusive: boolean): string {
  const s = scratchDir({ 'doc.xml': xml });
  try {
    const r = run('xmllint', [exclusive ? '--exc-c14n' : '--c14n', s.path('doc.xml')]);
    if (r.status !== 0) throw new Error(`xmllint failed: ${r.stderr}`);
    return r.stdout;
  } finally {
    s.dispose();
  }
}

export interface XmlsecVerifyOptions {
  signatureXml: Uint8Array | string;
  certPem: string;
  /** Detached parts the signature references by URI (e.g. '/message.xml'). */
  urlMap?: Record<string, Uint8Array | string>;
  /** `--id-attr:Id <ns>:<name>` entries, for same-document references like #signed-properties. */
  idAttrs?: string[];
}

export interface XmlsecVerifyResult {
  ok: boolean;
  output: string;
  /** Pre-digest buffers of the references, in order (xmlsec1's own canonical forms). */
  preDigest: string[];
  /** The canonical SignedInfo xmlsec1 verified the SignatureValue over. */
  preSigned: string[];
}

function buffers(output: string, label: string): string[] {
  const out: string[] = [];
  const start = `== ${label} data - start buffer:\n`;
  const end = `\n== ${label} data - end buffer`;
  let i = output.indexOf(start);
  while (i >= 0) {
    const j = output.indexOf(end, i + start.length);
    if (j < 0) break;
    out.push(output.slice(i + start.length, j));
    i = output.indexOf(start, j);
  }
  return out;
}

/** Verifies with `xmlsec1 --verify`, printing the canonical forms it digested and verified. */
export function xmlsecVerify(o: XmlsecVerifyOptions): XmlsecVerifyResult {
  const files: Record<string, Uint8Array | string> = { 'sig.xml': o.signatureXml, 'cert.pem': o.certPem };
  const mapArgs: string[] = [];
  Object.entries(o.urlMap ?? {}).forEach(([url, data], i) => {
    files[`part${i}`] = data;
    mapArgs.push(`--url-map:${url}`, `part${i}`);
  });
  const s = scratchDir(files);
  try {
    const idArgs = (o.idAttrs ?? []).flatMap((a) => ['--id-attr:Id', a]);
    const r = run('xmlsec1', ['--verify', '--insecure', '--store-references', '--store-signatures', '--print-debug',
      '--pubkey-cert-pem', 'cert.pem', ...idArgs, ...mapArgs, 'sig.xml'], s.dir);
    const output = r.stdout + r.stderr;
    return { ok: r.status === 0 && /^OK$/m.test(output), output, preDigest: buffers(output, 'PreDigest'), preSigned: buffers(output, 'PreSigned') };
  } finally {
    s.dispose();
  }
}
