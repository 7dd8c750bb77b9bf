// Each knob produces the artifact it names, judged by our verifier (X-Road's rules) and by
// `openssl ocsp` as an independent client; bad requests get 4xx and the server keeps serving.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectFault } from '../../protocol/test-support/fault-code.js';
import {
  buildOcspRequest,
  certIdFor,
  OcspResponseStatus,
  parseOcspResponse,
  verifyOcspResponse,
} from '../../protocol/ocsp/index.js';
import * as w from '../../protocol/asn1/der-writer.js';
import type { VerificationTrust } from '../../protocol/trust/index.js';
import { createTestPki, type IssuedCert, type TestPki } from '../pki/index.js';
import { OCSP_RESPONDER_KNOBS } from './knobs.js';
import { startOcspResponder, type OcspResponderHandle } from './ocsp-responder.js';
import { getOcsp, postOcsp, queryOcsp, runOpenssl } from './test-client.js';

let pki: TestPki;
let responder: OcspResponderHandle;
let cert: IssuedCert;
let other: IssuedCert;
let dir: string;

function trust(): VerificationTrust {
  return {
    instanceIdentifier: 'DEV',
    approvedCas: [
      {
        name: 'roadtest',
        authenticationOnly: false,
        topCa: pki.rootCa.cert,
        intermediateCas: [pki.intermediateCa!.cert],
        ocspResponders: [{ url: responder.url }],
        certificateProfileInfo: pki.certificateProfileInfo,
      },
    ],
    approvedTsas: [],
    ocspFreshnessSeconds: 3600,
    verifyNextUpdate: true,
  };
}

async function fetchAndVerify(target = cert) {
  const answer = await queryOcsp(responder.url, { cert: target.cert, issuer: pki.issuingCa.cert });
  expect(answer.status).toBe(200);
  expect(answer.contentType).toBe('application/ocsp-response');
  return { der: answer.body, verify: () => verifyOcspResponse(answer.body, { cert: target.cert, issuer: pki.issuingCa.cert, trust: trust(), atDate: new Date() }) };
}


function opensslQuery(extra: string[] = []) {
  return runOpenssl([
    'ocsp',
    '-issuer', join(dir, 'issuer.pem'),
    '-cert', join(dir, 'cert.pem'),
    '-url', responder.url,
    '-CAfile', join(dir, 'root.pem'),
    '-verify_other', join(dir, 'issuer.pem'),
    '-timeout', '5',
    '-status_age', '3600',
    ...extra,
  ]);
}

beforeAll(async () => {
  pki = await createTestPki({ withIntermediate: true });
  cert = pki.securityServers.SS1.sign['DEV/COM/1234'];
  other = pki.securityServers.SS2.sign['DEV/GOV/4321'];
  responder = await startOcspResponder({ pki, goodCertificates: [cert] });
  dir = mkdtempSync(join(tmpdir(), 'ocsp-sim-'));
  writeFileSync(join(dir, 'root.pem'), pki.rootCa.certPem);
  writeFileSync(join(dir, 'issuer.pem'), pki.issuingCa.certPem);
  writeFileSync(join(dir, 'cert.pem'), cert.certPem);
});

afterEach(async () => {
  await responder.knobs.resetFaults();
  await responder.knobs.clear();
  responder.certificates.good(cert);
});

afterAll(async () => {
  await responder?.stop();
});

describe('OCSP responder: good answers (OCSP-001/002)', () => {
  it('declares its knobs: name, description, scope', () => {
    const names = responder.knobs.list().map((k) => k.name);
    expect(names).toEqual(OCSP_RESPONDER_KNOBS.map((k) => k.name));
    for (const k of responder.knobs.list()) expect(k.description.length).toBeGreaterThan(10);
    expect(names).toEqual(expect.arrayContaining(['good', 'revoked', 'unknown', 'staleThisUpdate', 'futureThisUpdate', 'nextUpdateInPast', 'unauthorisedSigner', 'malformed', 'httpError', 'slow', 'down']));
  });

  it('good: delegated signer, ResponderID byName, cert in certs, CertID echoed; X-Road rules and openssl accept', async () => {
    const { der, verify } = await fetchAndVerify();
    const basic = parseOcspResponse(der).basic!;
    expect(basic.responderId.kind).toBe('byName');
    expect(basic.certs[0].equals(pki.ocspSigner.certDer)).toBe(true);
    expect(basic.responses[0].certId.der.equals(certIdFor(cert.cert, pki.issuingCa.cert).der)).toBe(true);
    expect(basic.nonce).toBeUndefined();
    expect(verify().singleResponse.status.kind).toBe('good');
    const o = await opensslQuery();
    expect(o.stderr).toContain('Response verify OK');
    expect(o.stdout).toMatch(/cert\.pem: good/);
    expect(o.stdout).not.toMatch(/WARNING/);
  });

  it('echoes a CertID byte for byte even when it is not the form X-Road builds', async () => {
    const id = certIdFor(cert.cert, pki.issuingCa.cert);
    const odd = w.sequence(w.algorithmIdentifier('1.3.14.3.2.26'), w.octetString(id.issuerNameHash), w.octetString(id.issuerKeyHash), w.integerFromContent(id.serialContent));
    const res = await postOcsp(responder.url, w.sequence(w.sequence(w.sequence(w.sequence(odd)))));
    const single = parseOcspResponse(res.body).basic!.responses[0];
    expect(single.certId.der.equals(odd)).toBe(true);
    expect(single.status.kind).toBe('good');
  });

  it('answers GET (base64 in the path) like POST', async () => {
    const res = await getOcsp(responder.url, buildOcspRequest({ cert: cert.cert, issuer: pki.issuingCa.cert }));
    expect(res.status).toBe(200);
    expect(verifyOcspResponse(res.body, { cert: cert.cert, issuer: pki.issuingCa.cert, trust: trust(), atDate: new Date() }).singleResponse.status.kind).toBe('good');
  });

  it("signWith 'ca', byKey and nextUpdate options; openssl accepts with -VAfile", async () => {
    const ca = await startOcspResponder({ pki, signWith: 'ca', responderIdKind: 'byKey', nextUpdateSeconds: 600, goodCertificates: [cert] });
    try {
      const res = await queryOcsp(ca.url, { cert: cert.cert, issuer: pki.issuingCa.cert });
      const basic = parseOcspResponse(res.body).basic!;
      expect(basic.responderId.kind).toBe('byKey');
      expect(basic.certs).toHaveLength(0);
      const single = basic.responses[0];
      expect(single.nextUpdate!.getTime() - single.thisUpdate.getTime()).toBe(600_000);
      const v = verifyOcspResponse(res.body, { cert: cert.cert, issuer: pki.issuingCa.cert, trust: trust(), atDate: new Date() });
      expect(v.responderCert.raw.equals(pki.issuingCa.certDer)).toBe(true);
      const o = await runOpenssl(['ocsp', '-issuer', join(dir, 'issuer.pem'), '-cert', join(dir, 'cert.pem'), '-url', ca.url, '-VAfile', join(dir, 'issuer.pem'), '-timeout', '5']);
      expect(o.stderr).toContain('Response verify OK');
      expect(o.stdout).toMatch(/cert\.pem: good/);
    } finally {
      await ca.stop();
    }
  });
});

describe('OCSP responder: each knob produces its artifact', () => {
  it('revoked (reason, time): cert_validation for X-Road, revoked for openssl', async () => {
    responder.certificates.revoked(cert, { reason: 1, time: new Date('2025-01-01T00:00:00Z') });
    const { der, verify } = await fetchAndVerify();
    expect(parseOcspResponse(der).basic!.responses[0].status).toEqual({ kind: 'revoked', revocationTime: new Date('2025-01-01T00:00:00Z'), reason: 1 });
    expectFault(verify, 'cert_validation', /REVOKED \(date: 2025-01-01 00:00:00\)/);
    const o = await opensslQuery();
    expect(o.stderr).toContain('Response verify OK');
    expect(o.stdout).toMatch(/cert\.pem: revoked/);
    expect(o.stdout).toContain('Reason: keyCompromise');
  });

  it('unknown (set, and for serials nobody registered)', async () => {
    responder.certificates.unknown(cert);
    expectFault((await fetchAndVerify()).verify, 'cert_validation', /status is UNKNOWN/);
    expect((await opensslQuery()).stdout).toMatch(/cert\.pem: unknown/);
    expectFault((await fetchAndVerify(other)).verify, 'cert_validation', /UNKNOWN/);
  });

  it('global status knob applies to everyone; a per-certificate status wins over it', async () => {
    await responder.knobs.set('revoked', { reason: 0 });
    expectFault((await fetchAndVerify(other)).verify, 'cert_validation', /REVOKED/);
    expect((await fetchAndVerify()).verify().singleResponse.status.kind).toBe('good');
  });

  it('staleThisUpdate: too old for X-Road (incorrect_validation_info) and for openssl -status_age', async () => {
    await responder.knobs.set('staleThisUpdate', { seconds: 7200 });
    const { der, verify } = await fetchAndVerify();
    const single = parseOcspResponse(der).basic!.responses[0];
    expect(Date.now() - single.thisUpdate.getTime()).toBeGreaterThan(7_100_000);
    expectFault(verify, 'incorrect_validation_info', /too old/);
    expect((await opensslQuery()).stdout).toContain('status too old');
  });

  it('futureThisUpdate: X-Road accepts it, openssl calls it not yet valid', async () => {
    await responder.knobs.set('futureThisUpdate', { seconds: 3600 }, cert);
    const { der, verify } = await fetchAndVerify();
    expect(parseOcspResponse(der).basic!.responses[0].thisUpdate.getTime() - Date.now()).toBeGreaterThan(3_500_000);
    expect(() => verify()).not.toThrow();
    expect((await opensslQuery()).stdout).toContain('status not yet valid');
  });

  it('nextUpdateInPast: rejected by X-Road rules and reported expired by openssl', async () => {
    // Beyond openssl's default 300 s leeway, so it reports the expiry too.
    await responder.knobs.set('nextUpdateInPast', { seconds: 600 });
    const { der, verify } = await fetchAndVerify();
    expect(parseOcspResponse(der).basic!.responses[0].nextUpdate!.getTime()).toBeLessThan(Date.now());
    expectFault(verify, 'incorrect_validation_info', /nextUpdate is too old/);
    expect((await opensslQuery()).stdout).toContain('status expired');
  });

  it('unauthorisedSigner: not authorised for X-Road, verify failure for openssl', async () => {
    await responder.knobs.set('unauthorisedSigner', true);
    const { der, verify } = await fetchAndVerify();
    expect(parseOcspResponse(der).basic!.certs[0].equals(responder.rogueSigner.certDer)).toBe(true);
    expectFault(verify, 'incorrect_validation_info', /not authorized for given CA/);
    const o = await opensslQuery();
    expect(o.code).not.toBe(0);
    expect(o.stderr).toContain('Response Verify Failure');
  });

  it('malformed: unparsable bytes with HTTP 200', async () => {
    await responder.knobs.set('malformed', true, cert);
    const { der, verify } = await fetchAndVerify();
    expect(() => parseOcspResponse(der)).toThrow(/Malformed/);
    expectFault(verify, 'incorrect_validation_info', /Malformed/);
    expect((await opensslQuery()).code).not.toBe(0);
  });

  it('httpError 500', async () => {
    await responder.knobs.set('httpError', { status: 500 });
    const res = await queryOcsp(responder.url, { cert: cert.cert, issuer: pki.issuingCa.cert });
    expect(res.status).toBe(500);
    const o = await opensslQuery();
    expect(o.code).not.toBe(0);
    expect(o.stderr).toContain('code=500');
  });

  it('slow: the answer comes after the delay', async () => {
    await responder.knobs.set('slow', { delayMs: 400 });
    const started = Date.now();
    const res = await queryOcsp(responder.url, { cert: cert.cert, issuer: pki.issuingCa.cert });
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(res.status).toBe(200);
  });

  it('down: connection refused; cleared, it serves again on the same port', async () => {
    await responder.knobs.set('down', true);
    const refused = await new Promise<string>((resolve) => {
      const s = connect(responder.port, '127.0.0.1', () => {
        s.destroy();
        resolve('connected');
      });
      s.on('error', (e: NodeJS.ErrnoException) => resolve(String(e.code)));
    });
    expect(refused).toBe('ECONNREFUSED');
    await expect(queryOcsp(responder.url, { cert: cert.cert, issuer: pki.issuingCa.cert })).rejects.toThrow();
    await responder.knobs.clear('down');
    expect((await fetchAndVerify()).verify().singleResponse.status.kind).toBe('good');
    expect(new URL(responder.url).port).toBe(String(responder.port));
  });
});

describe('OCSP responder: hits and bad requests', () => {
  it('counts hits per certificate (OCSP-006 cadence checks)', async () => {
    responder.resetHits();
    for (let i = 0; i < 3; i++) await fetchAndVerify();
    await fetchAndVerify(other);
    expect(responder.hits.answered).toBe(4);
    expect(responder.hitsFor(cert)).toBe(3);
    expect(responder.hitsFor(other.cert)).toBe(1);
    expect(responder.hits.total).toBe(4);
  });

  it('garbage, wrong content type, oversized bodies, bad methods and non-HTTP bytes get 4xx; the server keeps serving', async () => {
    responder.resetHits();
    const garbage = await postOcsp(responder.url, Buffer.from('this is not DER'));
    expect(garbage.status).toBe(400);
    expect(parseOcspResponse(garbage.body).responseStatus).toBe(OcspResponseStatus.malformedRequest);
    expect((await postOcsp(responder.url, buildOcspRequest({ cert: cert.cert, issuer: pki.issuingCa.cert }), 'text/plain')).status).toBe(415);
    expect((await postOcsp(responder.url, Buffer.alloc(65 * 1024, 0x30))).status).toBe(413);
    expect((await fetch(responder.url, { method: 'PUT', body: 'x', signal: AbortSignal.timeout(5000) })).status).toBe(405);
    expect((await fetch(responder.url + '%%%not-base64', { signal: AbortSignal.timeout(5000) })).status).toBe(400);
    expect((await fetch(responder.url, { signal: AbortSignal.timeout(5000) })).status).toBe(400);
    const raw = await new Promise<string>((resolve) => {
      const s = connect(responder.port, '127.0.0.1', () => s.write('\x16\x03\x01 not http at all\r\n\r\n'));
      let data = '';
      s.on('data', (d) => (data += d.toString()));
      s.on('close', () => resolve(data));
      s.setTimeout(5000, () => s.destroy());
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(responder.hits.rejected).toBe(7);
    expect((await fetchAndVerify()).verify().singleResponse.status.kind).toBe('good');
  });

  it('closes idle sockets after the socket timeout', async () => {
    const quick = await startOcspResponder({ pki, socketTimeoutMs: 300 });
    try {
      const started = Date.now();
      await new Promise<void>((resolve) => {
        const s = connect(quick.port, '127.0.0.1');
        s.on('close', () => resolve());
        s.setTimeout(5000, () => s.destroy());
      });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await quick.stop();
    }
  });
});
