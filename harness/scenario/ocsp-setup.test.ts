import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOcspRequest, parseOcspRequest } from '../../protocol/ocsp/index.js';
import { createTestPki, type TestPki } from '../../simulators/pki/index.js';
import { runOpenssl } from '../../simulators/ocsp-responder/test-client.js';
import { ocspRequestProblems, hitsFor, type ParsedOcspHit } from './ocsp-setup.js';

let pki: TestPki;
let dir: string;
const xroadHeaders = { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' };

function hit(body: Buffer, headers: Record<string, string> = xroadHeaders, method = 'POST'): ParsedOcspHit {
  return { rec: { at: new Date(), method, path: '/', headers, body }, request: parseOcspRequest(body) };
}

beforeAll(async () => {
  pki = await createTestPki();
  dir = mkdtempSync(join(tmpdir(), 'roadtest-ocsp-setup-'));
  writeFileSync(join(dir, 'ca.pem'), pki.issuingCa.certPem);
  writeFileSync(join(dir, 'cert.pem'), pki.securityServers.SS1!.auth.certPem);
});

describe('ocspRequestProblems', () => {
  it('passes the request X-Road sends and finds it by CertID', () => {
    const body = buildOcspRequest({ cert: pki.securityServers.SS1!.auth.cert, issuer: pki.issuingCa.cert });
    expect(ocspRequestProblems(hit(body))).toEqual([]);
    expect(hitsFor([hit(body)], pki.securityServers.SS1!.auth.cert, pki.issuingCa.cert)).toHaveLength(1);
    expect(hitsFor([hit(body)], pki.securityServers.SS2!.auth.cert, pki.issuingCa.cert)).toHaveLength(0);
  });

  it('names HTTP departures', () => {
    const body = buildOcspRequest({ cert: pki.securityServers.SS1!.auth.cert, issuer: pki.issuingCa.cert });
    expect(ocspRequestProblems(hit(body, { 'content-type': 'application/octet-stream' }, 'GET')).join('; ')).toMatch(/method GET.*Content-Type application\/octet-stream.*Accept/);
  });

  it("flags OpenSSL's default request (with a nonce) and a SHA-256 CertID, not its -no_nonce SHA-1 one", async () => {
    const make = async (name: string, extra: string[]) => {
      const out = join(dir, name);
      // OpenSSL wants the digest option before -cert.
      const r = await runOpenssl(['ocsp', '-issuer', join(dir, 'ca.pem'), ...extra, '-cert', join(dir, 'cert.pem'), '-reqout', out]);
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(out);
    };
    expect(ocspRequestProblems(hit(await make('plain.der', ['-no_nonce'])))).toEqual([]);
    expect(ocspRequestProblems(hit(await make('nonce.der', []))).join()).toMatch(/nonce/);
    expect(ocspRequestProblems(hit(await make('sha256.der', ['-no_nonce', '-sha256']))).join()).toMatch(/not SHA-1/);
  });
});
