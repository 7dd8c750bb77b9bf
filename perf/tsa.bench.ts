// TSA simulator throughput: `node bin/roadtest-tsx.mjs perf/tsa.bench.ts [seconds] [concurrency]`.
// The TSA runs in a child process (so the load generator does not share its event loop) on
// 127.0.0.1; an undici keep-alive pool sends X-Road style requests (SHA-512 imprint, no nonce,
// no certReq) with bounded concurrency, for a bounded time and count. Reported per signer key
// type (RSA 2048, EC P-256): tokens/s and latency percentiles, plus the in-process signing rate
// as the ceiling. A sample of tokens is verified with protocol/timestamp.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import {
  buildTimestampRequest,
  buildTimestampToken,
  parseTimestampResponse,
  validateTimestampResponse,
  verifyTimestampToken,
} from '../protocol/timestamp/index.js';
import { createTestPki, issuedCertFromPem, type KeyAlgorithm } from '../simulators/pki/index.js';
import { startTsa } from '../simulators/tsa/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const MAX_REQUESTS = 200_000;

interface SignerPems {
  certPem: string;
  keyPem: string;
}

async function serveChild(): Promise<void> {
  process.once('message', async (msg: SignerPems) => {
    const signer = issuedCertFromPem('tsa', msg.certPem, msg.keyPem);
    // The unknownSigner knob is not used here: reuse the signer rather than generate a key.
    const tsa = await startTsa({ signer, unknownSigner: signer, host: '127.0.0.1' });
    process.send!({ url: tsa.url });
    process.once('disconnect', () => {
      void tsa.stop().then(() => process.exit(0));
    });
  });
}

function startChild(pems: SignerPems): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(join(here, '..', 'bin', 'roadtest-tsx.mjs'), [fileURLToPath(import.meta.url), '--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('TSA child did not start within 30 s'));
    }, 30_000);
    child.once('message', (m: { url: string }) => {
      clearTimeout(timer);
      resolve({ child, url: m.url });
    });
    child.once('exit', (code) => reject(new Error(`TSA child exited (${code})`)));
    child.send(pems);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function signingRate(pems: SignerPems, ms: number): number {
  const signer = issuedCertFromPem('tsa', pems.certPem, pems.keyPem);
  const hashedMessage = randomBytes(64);
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    buildTimestampToken({ messageImprint: { hashAlgorithm: 'sha512', hashedMessage }, signer, policy: '1.2.3.4.1', serialNumber: BigInt(++n) });
  }
  return n / ((performance.now() - t0) / 1000);
}

async function benchKeyType(keyAlgorithm: KeyAlgorithm, seconds: number, concurrency: number): Promise<void> {
  const pki = await createTestPki({ keyAlgorithm, securityServers: [] });
  const pems = { certPem: pki.tsaSigner.certPem, keyPem: pki.tsaSigner.keyPem };
  const trust = { approvedTsas: [{ name: 'tsa', url: '', cert: pki.tsaSigner.cert }] };
  signingRate(pems, 300); // warm-up
  const ceiling = signingRate(pems, 2000);
  const { child, url } = await startChild(pems);
  const pool = new Pool(url, { connections: concurrency, pipelining: 1, keepAliveTimeout: 10_000, connectTimeout: 5_000 });
  const requests = Array.from({ length: 64 }, () => {
    const data = randomBytes(256);
    return { data, req: buildTimestampRequest({ data }) };
  });
  let sent = 0;
  let failures = 0;
  let verified = 0;
  const latencies: number[] = [];

  const run = async (deadline: number, record: boolean) => {
    const worker = async () => {
      while (performance.now() < deadline && sent < MAX_REQUESTS) {
        const i = sent++ % requests.length;
        const { data, req } = requests[i]!;
        const t0 = performance.now();
        try {
          const res = await pool.request({
            path: '/',
            method: 'POST',
            headers: { 'content-type': 'application/timestamp-query' },
            body: req.der,
            headersTimeout: 10_000,
            bodyTimeout: 10_000,
          });
          const body = Buffer.from(await res.body.arrayBuffer());
          if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
          if (record) latencies.push(performance.now() - t0);
          if (record && sent % 997 === 0) {
            const token = validateTimestampResponse(parseTimestampResponse(body), req);
            verifyTimestampToken(token, { stampedData: data, trust });
            verified++;
          }
        } catch {
          failures++;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };

  try {
    await run(performance.now() + 1000, false); // warm-up: connections, JIT
    sent = 0;
    failures = 0;
    const t0 = performance.now();
    await run(t0 + seconds * 1000, true);
    const elapsed = (performance.now() - t0) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    const label = keyAlgorithm === 'rsa' ? 'RSA 2048' : 'EC P-256';
    console.log(`TSA ${label} signer, concurrency ${concurrency}, keep-alive, ${elapsed.toFixed(1)} s`);
    console.log(`  tokens/s over HTTP      ${(latencies.length / elapsed).toFixed(0).padStart(7)}   (${latencies.length} tokens, ${failures} failures, ${verified} sampled tokens verified)`);
    console.log(`  latency ms p50/p90/p99  ${[50, 90, 99].map((p) => percentile(sorted, p).toFixed(2)).join(' / ')}`);
    console.log(`  in-process signing/s    ${ceiling.toFixed(0).padStart(7)}   (buildTimestampToken alone, one core)`);
  } finally {
    await pool.close();
    child.disconnect();
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, 5_000);
      child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}

if (process.argv.includes('--serve')) {
  await serveChild();
} else {
  const seconds = Math.min(60, Number(process.argv[2] ?? 5));
  const concurrency = Math.min(64, Number(process.argv[3] ?? 16));
  for (const k of ['rsa', 'ec'] as const) await benchKeyType(k, seconds, concurrency);
}
