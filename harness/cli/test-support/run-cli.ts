// Runs the roadtest CLI in this process and captures what it prints. Spawning `node bin/roadtest.mjs`
// costs a second or more per call (tsx start-up); CLI tests call this instead. One call at a time.
import { main } from '../main.js';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

let busy = false;

export async function runCli(...args: string[]): Promise<CliResult> {
  if (busy) throw new Error('runCli calls must not overlap (they capture process output)');
  busy = true;
  const out: string[] = [];
  const err: string[] = [];
  const origOut = process.stdout.write.bind(process.stdout);
  const origErr = process.stderr.write.bind(process.stderr);
  const savedExitCode = process.exitCode;
  process.exitCode = undefined;
  process.stdout.write = ((chunk: string | Uint8Array) => (out.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (err.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')), true)) as typeof process.stderr.write;
  try {
    const status = await main(['node', 'roadtest', ...args]);
    return { status, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = origOut;
    process.stderr.write = origErr;
    process.exitCode = savedExitCode;
    busy = false;
  }
}
