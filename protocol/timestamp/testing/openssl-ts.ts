// Test-only: OpenSSL's `ts -verify` as an independent checker of tokens and responses we build.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslTsVerifyInput {
  /** The stamped data (`-data`). */
  data: Uint8Array;
  /** A TimeStampResp (default) or, with `tokenIn`, a bare token. */
  input: Uint8Array;
  tokenIn?: boolean;
  caPem: string;
  untrustedPem?: string;
  timeoutMs?: number;
}

export interface OpensslResult {
  ok: boolean;
  output: string;
}

export function opensslTsVerify(o: OpensslTsVerifyInput): Promise<OpensslResult> {
  const dir = mkdtempSync(join(tmpdir(), 'roadtest-ts-'));
  const f = (name: string, content: Uint8Array | string) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const args = ['ts', '-verify', '-data', f('data.bin', o.data), '-in', f('in.der', o.input), '-CAfile', f('ca.pem', o.caPem)];
  if (o.tokenIn) args.push('-token_in');
  if (o.untrustedPem) args.push('-untrusted', f('untrusted.pem', o.untrustedPem));
  return new Promise((resolve) => {
    execFile('openssl', args, { timeout: o.timeoutMs ?? 15_000 }, (err, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      const output = `${stdout}${stderr}`;
      resolve({ ok: !err && /Verification: OK/.test(output), output });
    });
  });
}
