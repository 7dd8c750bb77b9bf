// Full SS1 -> SS2 exchanges through two reference security servers:
//   node bin/roadtest-tsx.mjs perf/ss-exchange.bench.ts [--seconds 10] [--concurrency 16] [--mode one|split] [--bytes 1024] [--warmup 2] [--profile DIR] [--instances N]
// client (this process) --HTTP keep-alive--> SS1 --mTLS--> SS2 --HTTP--> provider IS, 1 kB SOAP,
// RSA 2048 keys, durable message logs and operational monitoring on both servers, as the embedded
// environment wires them. --mode one: the whole instance in one child process; split: SS1 in one
// child, SS2 with the trust services and the provider IS in another. The load generator runs
// here, closed-loop with `concurrency` requests in flight; every answer is checked (HTTP 200, no
// fault, the echo). Prints exchanges/s, p50/p99 and the latency added over calling the provider IS
// directly (same load, same client), at the given concurrency and at concurrency 1.
// Also prints the CPU time per exchange spent by the server processes (independent of other load on
// the machine). --profile DIR writes a V8 CPU profile of each server process for the measured
// window (open in Chrome DevTools); children take other node flags from ROADTEST_CHILD_NODE_OPTIONS.
// --without-message-log (split mode) takes the durable message logs out of the path, to see their share.
// Both servers report their own time and their wait on the other party (the timing hook), so the
// output says where an exchange's time goes, at c=1 and under load.
// --instances N runs N independent copies side by side (each at `concurrency`), to see what the
// machine gives at this CPU cost per exchange; the CPU ceiling line says the same by arithmetic.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Session } from 'node:inspector';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as hdr from 'hdr-histogram-js';
import { Pool } from 'undici';
import { buildSoapRequest } from '../simulators/member-systems/index.js';
import type { ExchangeTiming, TimingHooks } from '../simulators/security-server/exchange-timing.js';
import { savePki, loadPki } from '../simulators/pki/index.js';
import { freePortPair } from '../simulators/http/free-port.js';
import {
  CLIENT,
  PROVIDER,
  ss1Config,
  ss2Config,
  startTestInstance,
  startTestNetwork,
  startTestServer,
  testPki,
} from '../simulators/security-server/test-network.js';

const here = dirname(fileURLToPath(import.meta.url));

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

interface Endpoints {
  clientProxyUrl: string;
  providerUrl: string;
}

/** Child roles print one JSON line and run until stdin closes. */
async function child(role: string): Promise<void> {
  const stops: Array<() => Promise<unknown>> = [];
  const servers: Array<{ name: string; timing: TimingHooks }> = [];
  const report = (o: unknown) => process.stdout.write(JSON.stringify(o) + '\n');
  const withoutMessageLog = process.argv.includes('--without-message-log');
  if (role === 'one') {
    const net = await startTestNetwork(withoutMessageLog ? { ss1: {}, ss2: {} } : {});
    net.provider.behaviours.set('/soap', { kind: 'soap-echo' });
    stops.push(() => net.stop());
    servers.push({ name: 'SS1', timing: net.ss1.timing }, { name: 'SS2', timing: net.ss2.timing });
    report({ clientProxyUrl: net.ss1.clientProxyUrl, providerUrl: net.provider.url } satisfies Endpoints);
  } else if (role === 'ss2') {
    // SS2 + trust services + provider IS; SS1 will listen on the port given, in another process.
    const ss1Port = Number(arg('ss1-port', '0'));
    const pki = await testPki();
    const pkiDir = mkdtempSync(join(tmpdir(), 'roadtest-bench-pki-'));
    savePki(pki, pkiDir);
    const inst = await startTestInstance(pki, stops, (m) => {
      m.securityServers!.find((s) => s.serverCode === 'SS1')!.address = `127.0.0.1:${ss1Port}`;
    });
    inst.provider.behaviours.set('/soap', { kind: 'soap-echo' });
    const two = await startTestServer({ pki, anchorXml: inst.cs.anchorXml(), workDir: inst.workDir }, 'SS2', ss2Config(pki, inst.provider.url), stops, { withoutMessageLog, untapped: true });
    servers.push({ name: 'SS2', timing: two.server.timing });
    inst.cs.model.securityServers!.find((s) => s.serverCode === 'SS2')!.address = two.server.serverProxyAddress;
    inst.cs.publish();
    await two.globalConf.refresh();
    const anchorFile = join(pkiDir, 'anchor.xml');
    writeFileSync(anchorFile, inst.cs.anchorXml());
    report({ pkiDir, anchorFile, providerUrl: inst.provider.url, workDir: inst.workDir });
  } else if (role === 'ss1') {
    const pki = loadPki(arg('pki', ''));
    const port = Number(arg('port', '0'));
    const one = await startTestServer(
      { pki, anchorXml: readFileSync(arg('anchor', ''), 'utf8'), workDir: mkdtempSync(join(tmpdir(), 'roadtest-bench-ss1-')) },
      'SS1',
      { ...ss1Config(pki), listen: { host: '127.0.0.1', clientHttpPort: 0, clientHttpsPort: null, serverProxyPort: port } },
      stops,
      { withoutMessageLog, untapped: true },
    );
    servers.push({ name: 'SS1', timing: one.server.timing });
    report({ clientProxyUrl: one.server.clientProxyUrl });
  } else {
    throw new Error(`unknown role ${role}`);
  }
  // "cpu" on stdin: report the CPU time used so far (the parent takes differences);
  // "profile-start" / "profile-stop FILE": a V8 CPU profile of the measured window only.
  let session: Session | undefined;
  let timings: Array<{ server: string; t: ExchangeTiming }> = [];
  let unsubscribe: Array<() => void> = [];
  createInterface({ input: process.stdin }).on('line', (line) => {
    const [cmd, file] = line.trim().split(' ');
    if (cmd === 'timing-start') {
      timings = [];
      unsubscribe = servers.map(({ name, timing }) => timing.subscribe({ exchange: (t) => timings.push({ server: name, t }) }));
      report({ timing: true });
    } else if (cmd === 'timing-stop') {
      for (const u of unsubscribe.splice(0)) u();
      report({ timings: summariseTimings(timings) });
    } else if (cmd === 'cpu') {
      const u = process.cpuUsage();
      report({ cpuUs: u.user + u.system });
    } else if (cmd === 'profile-start') {
      session = new Session();
      session.connect();
      session.post('Profiler.enable', () => session!.post('Profiler.start', () => report({ profiling: true })));
    } else if (cmd === 'profile-stop' && session) {
      session.post('Profiler.stop', (err, result) => {
        if (!err) writeFileSync(file!, JSON.stringify(result.profile));
        session!.disconnect();
        report({ profiled: file });
      });
    }
  });
  process.stdin.on('end', () => {
    void (async () => {
      for (const s of stops.reverse()) await Promise.allSettled([s()]);
      process.exit(0);
    })();
  });
}

/** Per server and proxy side: how many exchanges, and own / wait / total time (p50 and mean, ms). */
type TimingSummary = Record<string, { n: number; own: [number, number]; wait: [number, number]; total: [number, number] }>;

function summariseTimings(all: Array<{ server: string; t: ExchangeTiming }>): TimingSummary {
  const out: TimingSummary = {};
  const stat = (xs: number[]): [number, number] => {
    const s = [...xs].sort((a, b) => a - b);
    return [s[s.length >> 1] ?? 0, s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)];
  };
  for (const key of new Set(all.map(({ server, t }) => `${server} ${t.side}`))) {
    const ts = all.filter(({ server, t }) => `${server} ${t.side}` === key && t.outcome === 'ok').map(({ t }) => t);
    out[key] = { n: ts.length, own: stat(ts.map((t) => t.ownMs)), wait: stat(ts.map((t) => t.waitMs)), total: stat(ts.map((t) => t.totalMs)) };
  }
  return out;
}

/**
 * Where an exchange's time goes, from both servers' own timing hooks: the client proxy's wait on
 * SS2 minus SS2's total is the SS-to-SS transport (TLS, HTTP, both ways); the generator's time
 * minus SS1's total is the client IS hop.
 */
function whereTheTimeGoes(label: string, s: TimingSummary, clientP50: number): string[] {
  const cp = s['SS1 client-proxy'];
  const sp = s['SS2 server-proxy'];
  if (!cp || !sp) return [`${label}: no timings (${Object.keys(s).join(', ') || 'none'})`];
  const f = (x: [number, number]) => `${x[0].toFixed(2)} / ${x[1].toFixed(2)}`;
  return [
    `${label} (p50 / mean ms, ${cp.n} exchanges):`,
    `  SS1 client proxy own ${f(cp.own)}; SS2 server proxy own ${f(sp.own)}; provider IS (SS2's wait) ${f(sp.wait)}`,
    `  SS-to-SS transport (SS1's wait - SS2's total, means) ${(cp.wait[1] - sp.total[1]).toFixed(2)}; client IS <-> SS1 hop (p50s) ${(clientP50 - cp.total[0]).toFixed(2)}`,
  ];
}

interface Child {
  info: Record<string, string>;
  proc: ChildProcess;
  /** CPU µs the child has used so far. */
  cpu(): Promise<number>;
  /** Sends a command and waits for the child's next report. */
  command(line: string): Promise<unknown>;
}

function startChild(args: string[]): Promise<Child> {
  const nodeOptions = (process.env.ROADTEST_CHILD_NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
  const proc = spawn(process.execPath, [...nodeOptions, join(here, '..', 'bin', 'roadtest-tsx.mjs'), join(here, 'ss-exchange.bench.ts'), '--child', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child ${args.join(' ')} did not start in 120 s`)), 120_000);
    const lines = createInterface({ input: proc.stdout! });
    const waiting: Array<(n: number) => void> = [];
    const replies: Array<(v: unknown) => void> = [];
    let started = false;
    lines.on('line', (line) => {
      if (!started) {
        started = true;
        clearTimeout(timer);
        resolve({
          info: JSON.parse(line) as Record<string, string>,
          proc,
          cpu: () =>
            new Promise<number>((r) => {
              waiting.push(r);
              proc.stdin!.write('cpu\n');
            }),
          command: (cmd) =>
            new Promise<unknown>((r) => {
              replies.push(r);
              proc.stdin!.write(`${cmd}\n`);
            }),
        });
        return;
      }
      const m = JSON.parse(line) as { cpuUs?: number };
      if (m.cpuUs !== undefined) waiting.shift()?.(m.cpuUs);
      else replies.shift()?.(m);
    });
    proc.once('exit', (code) => reject(new Error(`child ${args.join(' ')} exited with ${code}`)));
  });
}


interface LoadResult {
  exchanges: number;
  errors: number;
  seconds: number;
  histogram: hdr.Histogram;
  firstError?: string;
}

/** Closed loop: `concurrency` workers, each sending the next request when its answer is in. */
async function load(url: string, path: string, body: Buffer, concurrency: number, seconds: number, check: (status: number, text: string) => boolean): Promise<LoadResult> {
  const pool = new Pool(url, { connections: concurrency, pipelining: 1 });
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  let exchanges = 0;
  let errors = 0;
  let firstError: string | undefined;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const res = await pool.request({ method: 'POST', path, body, headers: { 'content-type': 'text/xml; charset=UTF-8', soapaction: '""' } });
        const text = await res.body.text();
        if (!check(res.statusCode, text)) {
          errors++;
          firstError ??= `HTTP ${res.statusCode}: ${text.slice(0, 300)}`;
          continue;
        }
      } catch (e) {
        errors++;
        firstError ??= (e as Error).message;
        continue;
      }
      histogram.recordValue(Math.round((performance.now() - t0) * 1000));
      exchanges++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  await pool.close();
  return { exchanges, errors, seconds: elapsed, histogram, ...(firstError ? { firstError } : {}) };
}

/** Side-by-side loads as one: exchanges and errors add up, latencies pool. */
function combined(results: LoadResult[]): LoadResult {
  const [first, ...rest] = results;
  for (const r of rest) {
    first!.histogram.add(r.histogram);
    first!.exchanges += r.exchanges;
    first!.errors += r.errors;
    first!.seconds = Math.max(first!.seconds, r.seconds);
    first!.firstError ??= r.firstError;
  }
  return first!;
}

const ms = (h: hdr.Histogram, p: number) => h.getValueAtPercentile(p) / 1000;

function soapOfSize(bytes: number): Buffer {
  const base = buildSoapRequest({ client: CLIENT, service: `${PROVIDER}/echo`, id: 'bench', bodyContent: '<prov:data>X</prov:data>' });
  const pad = Math.max(1, bytes - Buffer.byteLength(base) + 1);
  return Buffer.from(base.replace('<prov:data>X</prov:data>', `<prov:data>${'x'.repeat(pad)}</prov:data>`), 'utf8');
}

async function main(): Promise<void> {
  const seconds = Number(arg('seconds', '10'));
  const concurrency = Number(arg('concurrency', '16'));
  const mode = arg('mode', 'one');
  const warmup = Number(arg('warmup', '2'));
  const body = soapOfSize(Number(arg('bytes', '1024')));
  const children: Child[] = [];
  try {
    // --instances N: N independent copies side by side, each loaded with `concurrency` in the
    // measured phase. Their sum shows what the machine gives at this CPU cost per exchange, apart
    // from how one pair of servers hands work back and forth.
    const instances: Endpoints[] = [];
    for (let i = 0; i < Math.max(1, Number(arg('instances', '1'))); i++) {
      if (mode === 'split') {
        const port = await freePortPair();
        const extra = process.argv.includes('--without-message-log') ? ['--without-message-log'] : [];
        const two = await startChild(['ss2', '--ss1-port', String(port), ...extra]);
        children.push(two);
        const one = await startChild(['ss1', '--pki', two.info.pkiDir!, '--anchor', two.info.anchorFile!, '--port', String(port), ...extra]);
        children.push(one);
        instances.push({ clientProxyUrl: one.info.clientProxyUrl!, providerUrl: two.info.providerUrl! });
      } else {
        const one = await startChild(['one']);
        children.push(one);
        instances.push(one.info as unknown as Endpoints);
      }
    }
    const endpoints = instances[0]!;
    const cpuOfChildren = async () => (await Promise.all(children.map((c) => c.cpu()))).reduce((a, b) => a + b, 0);
    const exchangeOk = (status: number, text: string) => status === 200 && text.includes('echoResponse') && !text.includes('Fault>');
    const echoOk = (status: number, text: string) => status === 200 && text.includes('echoResponse');

    await Promise.all(instances.map((e) => load(e.clientProxyUrl, '/', body, concurrency, warmup, exchangeOk)));
    const direct1 = await load(endpoints.providerUrl, '/soap/echo', body, 1, Math.max(2, seconds / 4), echoOk);
    const timed = async <T>(run: () => Promise<T>): Promise<[T, TimingSummary]> => {
      const owners = children.slice(0, mode === 'split' ? 2 : 1);
      await Promise.all(owners.map((c) => c.command('timing-start')));
      const r = await run();
      const parts = (await Promise.all(owners.map((c) => c.command('timing-stop')))) as Array<{ timings: TimingSummary }>;
      return [r, Object.assign({}, ...parts.map((p) => p.timings)) as TimingSummary];
    };
    const [ss1, timing1] = await timed(() => load(endpoints.clientProxyUrl, '/', body, 1, Math.max(2, seconds / 4), exchangeOk));
    const direct = await load(endpoints.providerUrl, '/soap/echo', body, concurrency, Math.max(2, seconds / 4), echoOk);
    const profileDir = arg('profile', '');
    if (profileDir) await Promise.all(children.map((c) => c.command('profile-start')));
    const cpu0 = await cpuOfChildren();
    const own0 = process.cpuUsage();
    const [ss, timingN] = await timed(async () => combined(await Promise.all(instances.map((e) => load(e.clientProxyUrl, '/', body, concurrency, seconds, exchangeOk)))));
    const serverCpuMs = ((await cpuOfChildren()) - cpu0) / 1000;
    if (profileDir) {
      mkdirSync(profileDir, { recursive: true });
      const files = await Promise.all(children.map((c, i) => c.command(`profile-stop ${join(profileDir, `ss-exchange-${mode}-${i}.cpuprofile`)}`)));
      console.log(`CPU profiles of the measured window: ${files.map((f) => (f as { profiled: string }).profiled).join(', ')}`);
    }
    const ownCpu = process.cpuUsage(own0);
    const loadCpuMs = (ownCpu.user + ownCpu.system) / 1000;

    const line = (name: string, r: LoadResult) =>
      `${name.padEnd(26)} ${(r.exchanges / r.seconds).toFixed(0).padStart(7)}/s  p50 ${ms(r.histogram, 50).toFixed(2).padStart(7)} ms  p99 ${ms(r.histogram, 99).toFixed(2).padStart(7)} ms  errors ${r.errors}${r.firstError ? ` (${r.firstError.slice(0, 120)})` : ''}`;
    console.log(`mode ${mode}, ${body.length} B SOAP, ${seconds} s at concurrency ${concurrency}${instances.length > 1 ? ` on each of ${instances.length} instances side by side` : ''}`);
    console.log(line('direct IS, c=1', direct1));
    console.log(line('SS1->SS2 exchange, c=1', ss1));
    console.log(line(`direct IS, c=${concurrency}`, direct));
    console.log(line(`SS1->SS2 exchange, c=${concurrency}${instances.length > 1 ? ` x${instances.length}` : ''}`, ss));
    console.log(
      `CPU per exchange: ${(serverCpuMs / ss.exchanges).toFixed(2)} ms in the servers' processes (SSs, provider IS, trust services), ${(loadCpuMs / ss.exchanges).toFixed(2)} ms in the load generator; ${(serverCpuMs / 1000 / ss.seconds).toFixed(2)} cores busy`,
    );
    // All the CPU an exchange costs, generator included, against every core this machine has: the
    // rate no arrangement of these processes could pass without making an exchange cheaper.
    const cpuMsPerExchange = (serverCpuMs + loadCpuMs) / ss.exchanges;
    const ceiling = (availableParallelism() * 1000) / cpuMsPerExchange;
    console.log(`CPU ceiling on ${availableParallelism()} cores at ${cpuMsPerExchange.toFixed(2)} ms per exchange: ${ceiling.toFixed(0)} exchanges/s; reached ${((100 * ss.exchanges) / ss.seconds / ceiling).toFixed(0)} % of it`);
    for (const l of whereTheTimeGoes('where the time goes at c=1', timing1, ms(ss1.histogram, 50))) console.log(l);
    for (const l of whereTheTimeGoes(`where the time goes at c=${concurrency}${instances.length > 1 ? ' (first instance)' : ''}`, timingN, ms(ss.histogram, 50))) console.log(l);
    console.log(`added p50: ${(ms(ss1.histogram, 50) - ms(direct1.histogram, 50)).toFixed(2)} ms at c=1, ${(ms(ss.histogram, 50) - ms(direct.histogram, 50)).toFixed(2)} ms at c=${concurrency}`);
    console.log(JSON.stringify({ mode, concurrency, exchangesPerSecond: Math.round(ss.exchanges / ss.seconds), serverCpuMsPerExchange: serverCpuMs / ss.exchanges, p50Ms: ms(ss.histogram, 50), p99Ms: ms(ss.histogram, 99), addedP50C1Ms: ms(ss1.histogram, 50) - ms(direct1.histogram, 50), errors: ss.errors }));
  } finally {
    for (const c of children) {
      c.proc.stdin?.end();
      setTimeout(() => c.proc.kill('SIGKILL'), 5_000).unref();
    }
    await Promise.all(children.map((c) => new Promise((r) => (c.proc.exitCode !== null ? r(undefined) : c.proc.once('exit', r)))));
  }
}

if (process.argv.includes('--child')) await child(process.argv[process.argv.indexOf('--child') + 1]!);
else await main();
