// Servers that run in their own process: for perf runs the provider IS (floor and baseline), the
// bare node:http server (calibration), the environment, and the embedded SUT apart from its peer —
// one core each on a 2-core machine, so the load generator never shares an event loop with what it
// loads, and a process's CPU figure is that server's alone. The child prints one JSON line
// {url, pid} when listening and exits when its stdin closes (or this process dies).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const TSX = join(here, '..', '..', 'bin', 'roadtest-tsx.mjs');
const PERF_CHILDREN = join(here, '..', 'perf', 'children');

export interface ChildServer {
  url: string;
  pid: number;
  /** Extra fields the child announced. */
  info: Record<string, unknown>;
  stop(): Promise<void>;
}

export class ChildServerError extends Error {
  override readonly name = 'ChildServerError';
  readonly code = 'perf.child_failed';
}

/** Starts harness/perf/children/<name>.ts and waits (up to `startTimeoutMs`) for its announcement. */
export function startChildServer(name: 'provider-is' | 'bare-server' | 'environment', args: string[] = [], startTimeoutMs = 30_000): Promise<ChildServer> {
  return startChildScript(join(PERF_CHILDREN, `${name}.ts`), name, args, startTimeoutMs);
}

/** Starts a TypeScript child script (by path) and waits for its {url, pid, ...} announcement; `name` labels errors. */
export function startChildScript(script: string, name: string, args: string[] = [], startTimeoutMs = 30_000): Promise<ChildServer> {
  const child = spawn(process.execPath, [TSX, script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => (exited = true));
  const stop = async (): Promise<void> => {
    if (exited) return;
    child.stdin?.end();
    const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exitedPromise;
    clearTimeout(killer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new ChildServerError(`${name} did not start within ${startTimeoutMs} ms`));
    }, startTimeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        const info = JSON.parse(line) as { url: string; pid: number; error?: string };
        if (info.error !== undefined) {
          reject(new ChildServerError(`${name}: ${info.error}`));
          return;
        }
        resolve({ url: info.url, pid: info.pid, info, stop });
      } catch {
        child.kill('SIGKILL');
        reject(new ChildServerError(`${name} announced "${line.slice(0, 200)}" instead of {url, pid}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      // After an {error} announcement the promise is already settled; this is a no-op then.
      setImmediate(() => reject(new ChildServerError(`${name} exited (${code}) before it was listening`)));
    });
  });
}

/** Stop when the parent closes our stdin or goes away. */
export function exitWithParent(stop: () => Promise<void>): void {
  process.stdin.resume();
  const bye = () => void stop().finally(() => process.exit(0));
  process.stdin.on('end', bye);
  process.stdin.on('close', bye);
  process.on('SIGTERM', bye);
}
