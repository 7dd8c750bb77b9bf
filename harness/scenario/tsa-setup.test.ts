import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTimestampRequest } from '../../protocol/timestamp/index.js';
import { runOpenssl } from '../../simulators/ocsp-responder/test-client.js';
import { tsaRequestProblems } from './tsa-setup.js';

const headers = { 'content-type': 'application/timestamp-query' };
const rec = (body: Buffer, h: Record<string, string> = headers, method = 'POST') => ({ at: new Date(), method, path: '/', headers: h, body });

describe('tsaRequestProblems', () => {
  it("passes X-Road's request: SHA-512 imprint, no nonce, no certReq", () => {
    expect(tsaRequestProblems(rec(buildTimestampRequest({ data: Buffer.from('x') }).der))).toEqual([]);
  });
  it('names each departure', () => {
    expect(tsaRequestProblems(rec(buildTimestampRequest({ data: Buffer.from('x'), nonce: true }).der)).join()).toMatch(/nonce/);
    expect(tsaRequestProblems(rec(buildTimestampRequest({ data: Buffer.from('x'), certReq: true }).der)).join()).toMatch(/certReq/);
    expect(tsaRequestProblems(rec(buildTimestampRequest({ data: Buffer.from('x'), hashAlgorithm: 'sha256' }).der)).join()).toMatch(/not SHA-512/);
    expect(tsaRequestProblems(rec(Buffer.from('junk'))).join()).toMatch(/not a TimeStampReq/);
    expect(tsaRequestProblems(rec(buildTimestampRequest({ data: Buffer.from('x') }).der, { 'content-type': 'text/plain' }, 'PUT')).join()).toMatch(/method PUT.*Content-Type text\/plain/);
  });
  it('agrees with OpenSSL: its -no_nonce SHA-512 query passes, its default query (nonce) does not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roadtest-tsa-setup-'));
    writeFileSync(join(dir, 'data'), 'roadtest');
    const make = async (name: string, extra: string[]) => {
      const r = await runOpenssl(['ts', '-query', '-data', join(dir, 'data'), '-sha512', '-out', join(dir, name), ...extra]);
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(join(dir, name));
    };
    expect(tsaRequestProblems(rec(await make('plain.tsq', ['-no_nonce'])))).toEqual([]);
    expect(tsaRequestProblems(rec(await make('nonce.tsq', []))).join()).toMatch(/nonce/);
    expect(tsaRequestProblems(rec(await make('cert.tsq', ['-no_nonce', '-cert']))).join()).toMatch(/certReq/);
  });
});
