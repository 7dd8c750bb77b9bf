// Test and bench support: a minimal OCSP HTTP client (fetch with a timeout) and an async openssl
// runner. spawnSync would block the event loop that serves the responder in the same process.
import { execFile } from 'node:child_process';
import { buildOcspRequest, ocspGetUrl, type CertAndIssuer } from '../../protocol/ocsp/index.js';

export interface HttpAnswer {
  status: number;
  contentType: string | null;
  body: Buffer;
}

export async function postOcsp(url: string, body: Uint8Array, contentType = 'application/ocsp-request', timeoutMs = 5_000): Promise<HttpAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, accept: 'application/ocsp-response' },
    body: new Uint8Array(body) as unknown as BodyInit,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, contentType: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

export async function getOcsp(url: string, requestDer: Uint8Array, timeoutMs = 5_000): Promise<HttpAnswer> {
  const res = await fetch(ocspGetUrl(url, requestDer), { signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, contentType: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

/** Asks `url` about one certificate the way X-Road's OcspClient does. */
export function queryOcsp(url: string, target: CertAndIssuer, timeoutMs?: number): Promise<HttpAnswer> {
  return postOcsp(url, buildOcspRequest(target), 'application/ocsp-request', timeoutMs);
}

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runOpenssl(args: string[], timeoutMs = 20_000): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile('openssl', args, { encoding: 'utf8', timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
