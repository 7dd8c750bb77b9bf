// Each knob must produce the artifact it names, judged by our X-Road-rule verifier and by OpenSSL.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildTimestampRequest,
  digest,
  Oids,
  parseTimestampResponse,
  validateTimestampResponse,
  verifyTimestampToken,
  type BuildTimestampRequestOptions,
  type TimestampResponse,
} from '../../protocol/timestamp/index.js';
import { opensslTsVerify } from '../../protocol/timestamp/testing/openssl-ts.js';
import { createTestPki, type TestPki } from '../pki/index.js';
import { TSA_KNOBS, type TsaKnobName } from './knobs.js';
import { DEFAULT_TSA_POLICY, MAX_TIMESTAMP_QUERY_BYTES, startTsa, type TsaHandle } from './tsa-server.js';
import { codeOf } from '../../protocol/test-support/fault-code.js';


async function post(url: string, body: Uint8Array, contentType = 'application/timestamp-query', timeoutMs = 10_000) {
  const res = await fetch(url, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': contentType }, signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

const covered = new Set<TsaKnobName>();
const data = Buffer.from('<ts-hashchainresult xmlns="http://x-road.eu/xsd/xroad.xsd">roadtest</ts-hashchainresult>');

describe('TSA simulator (RFC 3161 over HTTP, TSA-001/002/005)', () => {
  let pki: TestPki;
  let tsa: TsaHandle;
  const trust = () => ({ approvedTsas: [tsa.approvedTsa] });

  const stamp = async (opts: Partial<BuildTimestampRequestOptions> = {}) => {
    const request = buildTimestampRequest({ data, ...opts });
    const res = await post(tsa.url, request.der);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/timestamp-reply');
    return { request, raw: res.body, response: parseTimestampResponse(res.body) };
  };
  const openssl = (raw: Buffer, stamped = data) =>
    opensslTsVerify({ data: stamped, input: raw, caPem: pki.rootCa.certPem, untrustedPem: pki.tsaSigner.certPem });

  beforeAll(async () => {
    pki = await createTestPki();
    tsa = await startTsa({ pki });
  });
  afterAll(async () => {
    await tsa?.stop();
  });
  beforeEach(async () => {
    await tsa.knobs.clear();
  });

  for (const hashAlgorithm of ['sha256', 'sha384', 'sha512'] as const) {
    it(`granted: a ${hashAlgorithm} request gets a token our verifier and openssl accept`, async () => {
      covered.add('granted');
      await tsa.knobs.set('granted', true);
      const before = Date.now();
      const { request, raw, response } = await stamp({ hashAlgorithm, nonce: true, certReq: true });
      expect(response.status).toBe('granted');
      const token = validateTimestampResponse(response, request);
      expect(token.tstInfo.nonce).toBe(request.nonce);
      expect(token.tstInfo.policy).toBe(DEFAULT_TSA_POLICY);
      expect(token.tstInfo.messageImprint.hashedMessage.equals(digest(hashAlgorithm, data))).toBe(true);
      expect(Math.abs(token.tstInfo.genTime.getTime() - before)).toBeLessThan(5_000);
      expect(token.certificates.map((c) => c.toString('hex'))).toEqual([pki.tsaSigner.certDer.toString('hex')]);
      const attrs = token.signerInfo.signedAttributes.map((a) => a.oid);
      expect(attrs).toEqual(expect.arrayContaining([Oids.contentType, Oids.messageDigest, Oids.signingCertificateV2, Oids.signingTime]));
      const verified = verifyTimestampToken(token, { stampedData: data, trust: trust() });
      expect(verified.genTime.getTime()).toBe(token.tstInfo.genTime.getTime());
      expect((await openssl(raw)).output).toContain('Verification: OK');
    });
  }

  it('answers an X-Road style request (SHA-512, no nonce, no certReq) without embedding the cert; serials increase', async () => {
    const a = await stamp();
    const b = await stamp();
    const ta = validateTimestampResponse(a.response, a.request);
    const tb = validateTimestampResponse(b.response, b.request);
    expect(ta.tstInfo.nonce).toBeUndefined();
    expect(ta.certificates).toHaveLength(0);
    expect(tb.tstInfo.serialNumber).toBe(ta.tstInfo.serialNumber + 1n);
    expect(ta.tstInfo.messageImprint.hashAlgorithm).toBe('sha512');
    verifyTimestampToken(tb, { stampedData: data, trust: trust() });
    // The TSA cert's critical timeStamping EKU lets openssl accept it as a TSA signer.
    expect((await openssl(b.raw)).output).toContain('Verification: OK');
  });

  it('grantedWithMods: status 1 with a valid token', async () => {
    covered.add('grantedWithMods');
    await tsa.knobs.set('grantedWithMods', true);
    const { request, response } = await stamp();
    expect(response.status).toBe('grantedWithMods');
    verifyTimestampToken(validateTimestampResponse(response, request), { stampedData: data, trust: trust() });
  });

  it('rejection: PKIStatus 2 with the failInfo asked for and no token', async () => {
    covered.add('rejection');
    await tsa.knobs.set('rejection', { failInfo: 'timeNotAvailable', statusString: 'clock lost' });
    const { request, response } = await stamp();
    expect(response.status).toBe('rejection');
    expect(response.failInfo).toEqual(['timeNotAvailable']);
    expect(response.statusStrings).toEqual(['clock lost']);
    expect(response.token).toBeUndefined();
    expect(codeOf(() => validateTimestampResponse(response, request))).toBe('mlog.timestamp_non_granted_response');
    await tsa.knobs.set('rejection', {});
    expect((await stamp()).response.failInfo).toEqual(['systemFailure']);
    // Setting granted replaces the rejection.
    await tsa.knobs.set('granted', true);
    expect((await stamp()).response.status).toBe('granted');
  });

  it('wrongImprint: a validly signed token for other data; refused by both checkers', async () => {
    covered.add('wrongImprint');
    await tsa.knobs.set('wrongImprint', true);
    const { request, raw, response } = await stamp();
    expect(codeOf(() => validateTimestampResponse(response, request))).toBe('mlog.timestamp_response_validation_failed');
    expect(codeOf(() => verifyTimestampToken(response.token!, { stampedData: data, trust: trust() }))).toBe('malformed_signature');
    // The signature itself is fine: only the imprint is wrong.
    const info = response.tstInfo!;
    expect(verifyTimestampToken(response.token!, { imprint: { digest: info.messageImprint.hashedMessage }, trust: trust() }).tsa.name).toBe(tsa.approvedTsa.name);
    const ossl = await openssl(raw);
    expect(ossl.ok).toBe(false);
    expect(ossl.output).toMatch(/imprint mismatch/i);
  });

  it('badSignature: one signature bit flipped; refused by both checkers', async () => {
    covered.add('badSignature');
    await tsa.knobs.set('badSignature', true);
    const { request, raw, response } = await stamp();
    validateTimestampResponse(response, request); // request/response fields still match
    expect(codeOf(() => verifyTimestampToken(response.token!, { stampedData: data, trust: trust() }))).toBe('mlog.timestamp_signer_verification_failed');
    const ossl = await openssl(raw);
    expect(ossl.ok).toBe(false);
    expect(ossl.output).toMatch(/signature failure|verify error/i);
  });

  it('unknownSigner: signed by a TSA cert that is not approved: mlog.tsp_certificate_not_found', async () => {
    covered.add('unknownSigner');
    await tsa.knobs.set('unknownSigner', true);
    const { raw, response } = await stamp();
    expect(codeOf(() => verifyTimestampToken(response.token!, { stampedData: data, trust: trust() }))).toBe('mlog.tsp_certificate_not_found');
    // It is a real TSA signature, just by the wrong signer.
    const other = { approvedTsas: [{ name: 'x', url: '', cert: tsa.unknownSigner.cert }] };
    expect(verifyTimestampToken(response.token!, { stampedData: data, trust: other }).signerCert.raw.equals(tsa.unknownSigner.certDer)).toBe(true);
    // OpenSSL, given only the approved TSA cert, cannot find the signer either.
    expect((await openssl(raw)).ok).toBe(false);
    const withCert = await stamp({ certReq: true });
    expect(withCert.response.timestampToken!.certificates[0]!.equals(tsa.unknownSigner.certDer)).toBe(true);
  });

  it('httpError: the given HTTP status and no TimeStampResp', async () => {
    covered.add('httpError');
    await tsa.knobs.set('httpError', { status: 503 });
    const res = await post(tsa.url, buildTimestampRequest({ data }).der);
    expect(res.status).toBe(503);
    expect(res.type).toMatch(/^text\/plain/);
  });

  it('slow: answers after the delay (a client with a shorter timeout gives up)', async () => {
    covered.add('slow');
    await tsa.knobs.set('slow', { delayMs: 400 });
    const t0 = Date.now();
    const { response } = await stamp();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
    expect(response.status).toBe('granted');
    await expect(post(tsa.url, buildTimestampRequest({ data }).der, undefined, 100)).rejects.toThrow();
  });

  it('down: connection refused; clearing it serves again on the same port', async () => {
    covered.add('down');
    await tsa.knobs.set('down', true);
    const refused = await new Promise<string | undefined>((resolve) => {
      const s = connect(tsa.port, '127.0.0.1', () => {
        s.destroy();
        resolve(undefined);
      });
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code));
    });
    expect(refused).toBe('ECONNREFUSED');
    await expect(post(tsa.url, buildTimestampRequest({ data }).der)).rejects.toThrow();
    await tsa.knobs.clear('down');
    expect((await stamp()).response.status).toBe('granted');
  });

  it('counts hits: tokens, refusals, bad requests', async () => {
    tsa.resetHits();
    await stamp();
    await tsa.knobs.set('rejection', {});
    await stamp();
    await tsa.knobs.clear();
    await post(tsa.url, Buffer.from('x'), 'text/plain');
    expect(tsa.hits).toEqual({ total: 3, tokensIssued: 1, refusals: 1, badRequests: 1 });
  });

  it('refuses bad requests with 4xx and keeps serving', async () => {
    expect((await fetch(tsa.url, { signal: AbortSignal.timeout(5000) })).status).toBe(405);
    expect((await post(tsa.url, buildTimestampRequest({ data }).der, 'application/octet-stream')).status).toBe(415);
    expect((await post(tsa.url, randomBytes(200))).status).toBe(400);
    expect((await post(tsa.url, Buffer.alloc(0))).status).toBe(400);
    expect((await post(tsa.url, Buffer.alloc(MAX_TIMESTAMP_QUERY_BYTES + 1))).status).toBe(413);
    // A well-formed request for an algorithm we do not serve gets the RFC 3161 answer.
    const sha3 = Buffer.from(buildTimestampRequest({ data }).der);
    sha3[sha3.indexOf(Buffer.from('608648016503040203', 'hex')) + 8] = 0x0a;
    const alg = await post(tsa.url, sha3);
    expect(alg.status).toBe(200);
    const parsed: TimestampResponse = parseTimestampResponse(alg.body);
    expect([parsed.status, parsed.failInfo]).toEqual(['rejection', ['badAlg']]);
    expect((await stamp()).response.status).toBe('granted');
  });

  it('every declared knob has a name, a description and a test above', () => {
    for (const k of TSA_KNOBS) {
      expect(k.description.length).toBeGreaterThan(10);
      expect(k.requirements.length).toBeGreaterThan(0);
    }
    expect([...covered].sort()).toEqual(TSA_KNOBS.map((k) => k.name).sort());
    expect(tsa.knobs.list()).toBe(TSA_KNOBS);
  });
});

describe('TSA simulator sockets', () => {
  it('closes a connection that stalls mid-request after the socket timeout', async () => {
    const pki = await createTestPki({ securityServers: [] });
    const tsa = await startTsa({ pki, socketTimeoutMs: 300 });
    try {
      const closedAfter = await new Promise<number>((resolve, reject) => {
        const t0 = Date.now();
        const s = connect(tsa.port, '127.0.0.1', () => s.write('POST / HTTP/1.1\r\nHost: x\r\n'));
        s.on('close', () => resolve(Date.now() - t0));
        s.on('error', () => undefined);
        setTimeout(() => reject(new Error('socket not closed')), 5_000).unref();
      });
      expect(closedAfter).toBeLessThan(3_000);
      expect(tsa.hits.tokensIssued).toBe(0);
    } finally {
      await tsa.stop();
    }
  });
});
