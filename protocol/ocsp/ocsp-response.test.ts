// Reader/builder round trip, and openssl's reading of what we build.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../simulators/pki/index.js';
import { certIdFor } from './cert-id.js';
import { buildOcspResponse } from './ocsp-response-builder.js';
import { parseOcspResponse } from './ocsp-response.js';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki();
});

describe('OCSP response reader and builder', () => {
  it('round-trips status, times, responder, nonce and certs; keeps the CertID bytes', () => {
    const cert = pki.securityServers.SS1.auth.cert;
    const certIdDer = certIdFor(cert, pki.issuingCa.cert).der;
    const t = new Date('2025-03-04T05:06:07Z');
    const der = buildOcspResponse({
      responses: [
        { certIdDer, status: { kind: 'revoked', revocationTime: new Date('2025-01-01T00:00:00Z'), reason: 4 }, thisUpdate: t, nextUpdate: new Date('2025-03-05T05:06:07Z') },
        { certIdDer, status: { kind: 'unknown' }, thisUpdate: t },
      ],
      producedAt: t,
      responderCert: pki.ocspSigner.cert,
      responderIdKind: 'byKey',
      signerKey: pki.ocspSigner.privateKey,
      certs: [pki.ocspSigner.cert],
      nonce: Buffer.from('0102', 'hex'),
    });
    const r = parseOcspResponse(der);
    const b = r.basic!;
    expect(r.responseStatus).toBe(0);
    expect(b.responderId.kind).toBe('byKey');
    expect(b.producedAt).toEqual(t);
    expect(b.nonce?.toString('hex')).toBe('0102');
    expect(b.responses[0].certId.der.equals(certIdDer)).toBe(true);
    expect(b.responses[0].status).toEqual({ kind: 'revoked', revocationTime: new Date('2025-01-01T00:00:00Z'), reason: 4 });
    expect(b.responses[0].nextUpdate).toEqual(new Date('2025-03-05T05:06:07Z'));
    expect(b.responses[1].status.kind).toBe('unknown');
    expect(b.responses[1].nextUpdate).toBeUndefined();
    expect(b.certs[0].equals(pki.ocspSigner.certDer)).toBe(true);
    expect(b.signatureAlgorithm.oid).toBe('1.2.840.113549.1.1.11');

    const dir = mkdtempSync(join(tmpdir(), 'ocsp-resp-'));
    writeFileSync(join(dir, 'r.der'), der);
    const text = spawnSync('openssl', ['ocsp', '-respin', join(dir, 'r.der'), '-resp_text', '-noverify'], { encoding: 'utf8', timeout: 20_000 });
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('Cert Status: revoked');
    expect(text.stdout).toContain('Revocation Reason: superseded (0x4)');
    expect(text.stdout).toContain('Cert Status: unknown');
  });
});
