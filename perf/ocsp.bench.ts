// OCSP responder throughput: `node bin/roadtest-tsx.mjs perf/ocsp.bench.ts [seconds] [concurrency]`.
// The responder runs in a child process (this file with --responder) so the load generator does
// not share its event loop; the client is an undici Pool on loopback with keep-alive, `concurrency`
// requests in flight, for a bounded time and count per signer key type (RSA 2048, EC P-256).
// Every response is checked for HTTP 200 and size; the first and last are fully verified with the
// X-Road rules, so the figure counts real, signed, acceptable OCSP responses.
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import * as hdr from 'hdr-histogram-js';
import { Pool } from 'undici';
import { buildOcspRequest, verifyOcspResponse } from '../protocol/ocsp/index.js';
import type { VerificationTrust } from '../protocol/trust/index.js';
import { startOcspResponder } from '../simulators/ocsp-responder/index.js';
import { createTestPki } from '../simulators/pki/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const MAX_REQUESTS = 500_000;

interface ResponderInfo {
  url: string;
  rootPem: string;
  issuerPem: string;
  certPem: string;
}

async function responderMain(keyAlgorithm: 'rsa' | 'ec'): Promise<void> {
  const pki = await createTestPki({ keyAlgorithm });
  const cert = pki.securityServers.SS1.sign['DEV/COM/1234'];
  const responder = await startOcspResponder({ pki, goodCertificates: [cert] });
  const info: ResponderInfo = { url: responder.url, rootPem: pki.rootCa.certPem, issuerPem: pki.issuingCa.certPem, certPem: cert.certPem };
  process.stdout.write(JSON.stringify(info) + '\n');
  // Stop when the parent closes our stdin (or dies).
  process.stdin.resume();
  process.stdin.on('end', () => void responder.stop().then(() => process.exit(0)));
}

function startResponderProcess(keyAlgorithm: 'rsa' | 'ec'): Promise<{ info: ResponderInfo; stop: () => void }> {
  const child = spawn(process.execPath, [join(here, '..', 'bin', 'roadtest-tsx.mjs'), join(here, 'ocsp.bench.ts'), '--responder', keyAlgorithm], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 120_000 + 60_000);
  const stop = () => {
    clearTimeout(killTimer);
    child.stdin.end();
    setTimeout(() => child.kill('SIGKILL'), 2_000).unref();
  };
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timeout = setTimeout(() => reject(new Error('responder did not start within 30 s')), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timeout);
      resolve({ info: JSON.parse(line) as ResponderInfo, stop });
    });
    child.once('exit', (code) => reject(new Error(`responder exited early (${code})`)));
  });
}

function trustFor(info: ResponderInfo): VerificationTrust {
  return {
    instanceIdentifier: 'DEV',
    approvedCas: [
      { name: 'bench', authenticationOnly: false, topCa: new X509Certificate(info.rootPem), intermediateCas: [], ocspResponders: [{ url: info.url }], certificateProfileInfo: '' },
    ],
    approvedTsas: [],
    ocspFreshnessSeconds: 3600,
    verifyNextUpdate: true,
  };
}

interface Result {
  keyAlgorithm: string;
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(keyAlgorithm: 'rsa' | 'ec', seconds: number, concurrency: number): Promise<Result> {
  const { info, stop } = await startResponderProcess(keyAlgorithm);
  const origin = new URL(info.url).origin;
  const pool = new Pool(origin, { connections: concurrency, pipelining: 1, keepAliveTimeout: 10_000, headersTimeout: 10_000, bodyTimeout: 10_000 });
  const cert = new X509Certificate(info.certPem);
  const issuer = new X509Certificate(info.issuerPem);
  const body = buildOcspRequest({ cert, issuer });
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  let first: Buffer | undefined;
  let last: Buffer | undefined;
  let done = 0;
  let errors = 0;

  const once = async (): Promise<void> => {
    const t0 = process.hrtime.bigint();
    const res = await pool.request({ path: '/', method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body });
    const bytes = Buffer.from(await res.body.arrayBuffer());
    histogram.recordValue(Number(process.hrtime.bigint() - t0) / 1000);
    if (res.statusCode !== 200 || bytes.length < 100) errors++;
    first ??= bytes;
    last = bytes;
  };

  // Warm-up: connections, JIT.
  await Promise.all(Array.from({ length: concurrency }, once));
  histogram.reset();
  first = undefined;
  const started = Date.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline && done < MAX_REQUESTS) {
        done++;
        try {
          await once();
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  await pool.close();
  stop();

  const trust = trustFor(info);
  for (const der of [first, last]) verifyOcspResponse(der!, { cert, issuer, trust, atDate: new Date() });
  return {
    keyAlgorithm,
    requests: done,
    seconds: elapsed,
    perSecond: done / elapsed,
    p50: histogram.getValueAtPercentile(50) / 1000,
    p99: histogram.getValueAtPercentile(99) / 1000,
    errors,
  };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--responder') return responderMain(process.argv[3] === 'ec' ? 'ec' : 'rsa');
  const seconds = Number(process.argv[2] ?? 5);
  const concurrency = Number(process.argv[3] ?? 16);
  console.log(`OCSP responder throughput: loopback, keep-alive, concurrency ${concurrency}, ${seconds} s per key type, responder in its own process`);
  for (const alg of ['rsa', 'ec'] as const) {
    const r = await load(alg, seconds, concurrency);
    const label = alg === 'rsa' ? 'RSA 2048 / sha256WithRSA' : 'EC P-256 / ecdsa-with-SHA256';
    console.log(
      `${label.padEnd(30)} ${r.perSecond.toFixed(0).padStart(7)} responses/s  (${r.requests} in ${r.seconds.toFixed(1)} s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, errors ${r.errors})`,
    );
    if (r.errors > 0) process.exitCode = 1;
  }
}

await main();
