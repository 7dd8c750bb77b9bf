import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrivateParameters } from '../../protocol/globalconf/index.js';
import { createTestPki, type TestPki } from '../pki/index.js';
import { startCentralServer, type CentralServerHandle } from './central-server.js';

let pki: TestPki;
let cs: CentralServerHandle;

beforeAll(async () => {
  pki = await createTestPki();
  cs = await startCentralServer({ pki, authCertRegService: true, socketTimeoutMs: 2_000 });
}, 60_000);
afterAll(() => cs.stop());

function post(body: Buffer | undefined, method = 'POST', contentType = 'text/xml'): Promise<{ status: number; text: string }> {
  const s = cs.authCertReg!;
  return new Promise((resolve, reject) => {
    const req = request(s.url, { method, ca: s.tls.certPem, checkServerIdentity: () => undefined, agent: false, headers: { 'content-type': contentType }, timeout: 5_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('central server authCertReg endpoint (MSERV-004)', () => {
  it('publishes its HTTPS URL and TLS certificate in the private parameters', () => {
    const s = cs.authCertReg!;
    expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/managementservice\/$/);
    const xml = cs.publication.versions.get(2)!.internal.find((f) => f.contentIdentifier === 'PRIVATE-PARAMETERS')!.content;
    const params = parsePrivateParameters(Buffer.from(xml), 2);
    expect(params.managementService.authCertRegServiceAddress).toBe(s.url);
    expect(params.managementService.authCertRegServiceCert?.der.equals(s.certDer)).toBe(true);
    expect(s.impostorTls.certDer.equals(s.certDer)).toBe(false);
  });

  it('is not started unless asked (no key generation for every central server)', async () => {
    const plain = await startCentralServer({ pki });
    try {
      expect(plain.authCertReg).toBeUndefined();
    } finally {
      await plain.stop();
    }
  });

  it('garbage and wrong methods get an answer (SOAP fault / 405) and are recorded, the server keeps serving', async () => {
    const s = cs.authCertReg!;
    s.inbox.clear();
    const bad = await post(Buffer.from('<a/>'));
    expect(bad.status).toBe(500);
    expect(bad.text).toContain('faultcode');
    expect(s.inbox.last()?.error).toBeDefined();
    const json = await post(Buffer.from('{}'), 'POST', 'application/json');
    expect(json.text).toContain('invalid_content_type');
    expect((await post(undefined, 'GET')).status).toBe(405);
    expect(s.inbox.received).toHaveLength(2);
  });
});
