import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subsystemId } from '../../../protocol/identifiers/index.js';
import { readManagementRequest, verifyManagementRequest } from '../../../protocol/mserv/index.js';
import { signingFixture, type SigningFixture } from '../../../protocol/signature/testing/signing-fixture.js';
import { managementServiceProvider, sendManagementRequest, type ManagementSenderDeps } from './management-sender.js';
import { managementSenderDeps } from './sender-test-deps.js';
import type { GlobalConfView } from '../components.js';

let fx: SigningFixture;
let server: http.Server;
let url: string;
let captured: { contentType?: string; body: Buffer }[] = [];

beforeAll(async () => {
  fx = await signingFixture();
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      captured.push({ contentType: req.headers['content-type'], body: Buffer.concat(chunks) });
      res.writeHead(500, { 'Content-Type': 'text/xml' }).end('<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>Server.x</faultcode><faultstring>no</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const provider = () => ({ objectType: 'SUBSYSTEM', xRoadInstance: fx.pki.instance, memberClass: 'GOV', memberCode: '4321', subsystemCode: 'MANAGEMENT' });

function deps(defects: string[] = [], withKey = true): ManagementSenderDeps {
  return managementSenderDeps(fx, { managementService: { managementRequestServiceProviderId: provider() }, defects, withSignKey: withKey, clientProxyUrl: url });
}

describe('sendManagementRequest', () => {
  it('reads managementRequestServiceProviderId from the private parameters; none is an internal_error', () => {
    expect(managementServiceProvider(deps().globalConf)).toEqual(subsystemId(fx.pki.instance, 'GOV', '4321', 'MANAGEMENT'));
    expect(() => managementServiceProvider({} as GlobalConfView)).toThrow(/managementRequestServiceProviderId/);
  });

  it('posts a request that verifies to the client proxy and reports the fault that came back', async () => {
    captured = [];
    const x = await sendManagementRequest(deps(), 'clientReg', { client: subsystemId(fx.pki.instance, 'COM', '1234', 'CLIENT') });
    expect(x.error?.code).toBe('Server.x');
    const req = readManagementRequest(captured[0]!.contentType, captured[0]!.body);
    expect(verifyManagementRequest(req, { trust: fx.trust, atDate: new Date() }).signer).toBeDefined();
  });

  it('seeded defects: mserv-sign-other-bytes fails verification, mserv-omit-ocsp-part has no OCSP part', async () => {
    captured = [];
    const client = subsystemId(fx.pki.instance, 'COM', '1234', 'CLIENT');
    await sendManagementRequest(deps(['mserv-sign-other-bytes']), 'clientReg', { client });
    await sendManagementRequest(deps(['mserv-omit-ocsp-part']), 'clientReg', { client });
    const verify = (i: number) => () => verifyManagementRequest(readManagementRequest(captured[i]!.contentType, captured[i]!.body), { trust: fx.trust, atDate: new Date() });
    expect(verify(0)).toThrow('Client signature verification failed');
    expect(verify(1)).toThrow('Client certificate OCSP is missing');
  });

  it('no signing key for the member: cannot_create_signature, nothing sent', async () => {
    captured = [];
    const x = await sendManagementRequest(deps([], false), 'addressChange', { address: 'a.example' });
    expect(x.error?.code).toBe('cannot_create_signature');
    expect(captured).toHaveLength(0);
  });
});
