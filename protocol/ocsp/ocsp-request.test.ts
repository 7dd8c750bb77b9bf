// The request X-Road sends (OCSP-001), checked by our reader and by openssl; and our reader on
// requests openssl builds (with its default nonce).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../simulators/pki/index.js';
import { certIdFor, certIdSerial } from './cert-id.js';
import { buildOcspRequest, ocspGetUrl } from './ocsp-request-builder.js';
import { parseOcspRequest } from './ocsp-request.js';

let pki: TestPki;
let dir: string;
const openssl = (args: string[]) => spawnSync('openssl', args, { encoding: 'utf8', timeout: 20_000 });

beforeAll(async () => {
  pki = await createTestPki();
  dir = mkdtempSync(join(tmpdir(), 'ocsp-req-'));
  writeFileSync(join(dir, 'ca.pem'), pki.issuingCa.certPem);
  writeFileSync(join(dir, 'cert.pem'), pki.securityServers.SS1.auth.certPem);
});

describe('OCSP request', () => {
  it('is unsigned, without nonce, with a SHA-1 CertID carrying explicit NULL parameters', () => {
    const cert = pki.securityServers.SS1.auth.cert;
    const der = buildOcspRequest({ cert, issuer: pki.issuingCa.cert });
    const req = parseOcspRequest(der);
    expect(req.signed).toBe(false);
    expect(req.nonce).toBeUndefined();
    expect(req.extensionOids).toEqual([]);
    expect(req.certIds).toHaveLength(1);
    expect(req.certIds[0].der.equals(certIdFor(cert, pki.issuingCa.cert).der)).toBe(true);
    // AlgorithmIdentifier { sha1, NULL }
    expect(req.certIds[0].hashAlgorithm.der.toString('hex')).toBe('300906052b0e03021a0500');
    expect(certIdSerial(req.certIds[0])).toBe(BigInt('0x' + cert.serialNumber));

    writeFileSync(join(dir, 'req.der'), der);
    const text = openssl(['ocsp', '-reqin', join(dir, 'req.der'), '-req_text']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Hash Algorithm: sha1');
    expect(text.stdout).toContain(`Serial Number: ${cert.serialNumber.toUpperCase()}`);
    expect(text.stdout).not.toContain('Nonce');
  });

  it('reads openssl requests, including its nonce, with the same CertID we compute', () => {
    const out = join(dir, 'openssl-req.der');
    const made = openssl(['ocsp', '-issuer', join(dir, 'ca.pem'), '-cert', join(dir, 'cert.pem'), '-reqout', out]);
    expect(made.status, made.stderr).toBe(0);
    const req = parseOcspRequest(readFileSync(out));
    expect(req.nonce).toBeDefined();
    expect(req.certIds[0].der.equals(certIdFor(pki.securityServers.SS1.auth.cert, pki.issuingCa.cert).der)).toBe(true);
  });

  it('rejects garbage and empty request lists with incorrect_validation_info', () => {
    for (const junk of [Buffer.from('GET / HTTP/1.1'), Buffer.from('300430023000', 'hex'), Buffer.alloc(0)]) {
      expect(() => parseOcspRequest(junk)).toThrowError(/Malformed/);
    }
  });

  it('GET URL is base64 of the DER, URL-encoded (RFC 6960 A.1)', () => {
    const der = buildOcspRequest({ cert: pki.securityServers.SS1.auth.cert, issuer: pki.issuingCa.cert });
    const url = ocspGetUrl('http://127.0.0.1:8888', der);
    const tail = decodeURIComponent(url.slice('http://127.0.0.1:8888/'.length));
    expect(Buffer.from(tail, 'base64').equals(der)).toBe(true);
  });
});
