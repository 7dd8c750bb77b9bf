// The client proxy's own checks, before anything is signed or sent: the SOAP fault codes of the
// proxy test suite (proxy-testcases.json) for bad requests, REST errors per REST-011/012, the
// connection policy of MESS-009, and that garbage never stops the listener.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultCodesEqual } from '../../../protocol/faults/index.js';
import { describeWithVectors, readVector, vectorPath } from '../../../protocol/test-support/vectors.js';
import { parseSoapEnvelope } from '../../../protocol/soap/index.js';
import { buildSoapRequest, closeClientIsConnections, sendRaw, sendRest, sendSoap, type Evidence } from '../../member-systems/index.js';
import { CLIENT, PROVIDER, startTestNetwork, type TestNetwork } from '../test-network.js';

let net: TestNetwork;

beforeAll(async () => {
  net = await startTestNetwork();
});
afterAll(async () => {
  await net?.stop();
  await closeClientIsConnections();
});

function faultOf(text: string): { code: string; string: string } {
  const env = parseSoapEnvelope(text);
  expect(env.isFault).toBe(true);
  return { code: env.fault!.faultCode ?? '', string: env.fault!.faultString ?? '' };
}

const request = (over: Partial<Parameters<typeof buildSoapRequest>[0]> = {}) => buildSoapRequest({ client: CLIENT, service: `${PROVIDER}/echo`, ...over });

describe('client proxy: bad SOAP requests are refused with client.* faults, HTTP 200 (MESS-018)', () => {
  const cases: Array<[string, () => Promise<Evidence>, string]> = [
    ['GET instead of POST (MESS-001)', () => sendSoap(net.ss1.clientProxyUrl, request(), { method: 'GET' }), 'client.invalid_http_method'],
    ['application/json body (MESS-002)', () => sendSoap(net.ss1.clientProxyUrl, request(), { contentType: 'application/json' }), 'client.invalid_content_type'],
    ['not XML', () => sendSoap(net.ss1.clientProxyUrl, 'garbage <<<'), 'client.invalid_soap'],
    ['empty body', () => sendSoap(net.ss1.clientProxyUrl, ''), 'client.invalid_soap'],
    ['missing header (MESS-003)', () => sendSoap(net.ss1.clientProxyUrl, request().replace(/<SOAP-ENV:Header>[\s\S]*<\/SOAP-ENV:Header>/, '')), 'client.missing_header'],
    ['missing client (MESS-004)', () => sendSoap(net.ss1.clientProxyUrl, request().replace(/<xrd:client[\s\S]*?<\/xrd:client>/, '')), 'client.missing_header_field'],
    ['duplicate id (MESS-005)', () => sendSoap(net.ss1.clientProxyUrl, request({ id: 'a' }).replace('<xrd:id>a</xrd:id>', '<xrd:id>a</xrd:id><xrd:id>b</xrd:id>')), 'client.duplicate_header_field'],
    ['protocolVersion 3.1 (MESS-006)', () => sendSoap(net.ss1.clientProxyUrl, request({ protocolVersion: '3.1' })), 'client.invalid_protocol_version'],
    ['wrapper not matching service code (MESS-007)', () => sendSoap(net.ss1.clientProxyUrl, request().replace(/prov:echo>/g, 'prov:other>')), 'client.inconsistent_headers'],
    ['SOAPAction without quotes (MESS-010)', () => sendSoap(net.ss1.clientProxyUrl, request(), { soapAction: 'foo' }), 'client.invalid_soap_action'],
    ['missing objectType (ID-001)', () => sendSoap(net.ss1.clientProxyUrl, request().replace('id:objectType="SUBSYSTEM"', '')), 'client.invalid_xml'],
  ];
  for (const [name, send, code] of cases) {
    it(name, async () => {
      const ev = await send();
      expect(ev.status).toBe(200);
      expect(ev.headers['content-type']).toMatch(/^text\/xml/);
      expect(faultOf(ev.text).code).toBe(code);
    });
  }

  it('unknown client -> server.clientproxy.unknown_member (MESS-008), provider never called', async () => {
    const before = net.provider.received.length;
    const ev = await sendSoap(net.ss1.clientProxyUrl, request({ client: 'DEV/COM/1234/NOBODY' }));
    const f = faultOf(ev.text);
    expect(f.code).toBe('server.clientproxy.unknown_member');
    expect(f.string).toContain("Client 'DEV/COM/1234/NOBODY' not found");
    expect(net.provider.received.length).toBe(before);
  });

  it('provider without any listed server -> unknown_member; targeted unknown server -> invalid_security_server (EXT-001)', async () => {
    const none = faultOf((await sendSoap(net.ss1.clientProxyUrl, request({ service: 'DEV/GOV/5555/X/echo' }))).text);
    expect(none.code).toBe('server.clientproxy.unknown_member');
    const wrong = faultOf((await sendSoap(net.ss1.clientProxyUrl, request({ securityServer: 'DEV/COM/1234/SS1' }))).text);
    expect(wrong.code).toBe('server.clientproxy.invalid_security_server');
    const unknown = faultOf((await sendSoap(net.ss1.clientProxyUrl, request({ securityServer: 'DEV/GOV/4321/NOPE' }))).text);
    expect(unknown.code).toBe('server.clientproxy.invalid_security_server');
    expect(unknown.string).toContain('Could not find security server');
  });

  it('all provider servers in maintenance -> maintenance_mode with the message (TRANSP-013)', async () => {
    await net.editGlobalConf((m) => {
      m.securityServers![1]!.inMaintenanceMode = { message: 'back at noon' };
    });
    try {
      const f = faultOf((await sendSoap(net.ss1.clientProxyUrl, request())).text);
      expect(faultCodesEqual(f.code, 'Server.ClientProxy.MaintenanceMode')).toBe(true);
      expect(f.string).toContain('back at noon');
    } finally {
      await net.editGlobalConf((m) => {
        delete m.securityServers![1]!.inMaintenanceMode;
      });
    }
  });

  it('expired global configuration -> global_conf_outdated (MESS-020)', async () => {
    const undo = net.expireGlobalConf();
    try {
      const f = faultOf((await sendSoap(net.ss1.clientProxyUrl, request())).text);
      expect(faultCodesEqual(f.code, 'Server.ClientProxy.OutdatedGlobalConf')).toBe(true);
      expect(f.string).toBe('Global configuration is expired');
    } finally {
      undo();
    }
  });
});

interface ProxyTestCase {
  case: string;
  requestFile: string | null;
  requestContentType: string | null;
  expectedFaultCode: string[] | null;
}

describeWithVectors('client proxy: the multipart cases of the X-Road proxy test suite that end in client.* faults', () => {
  // proxy-testcases.json: multipart/related requests the client proxy itself must refuse.
  const cases = (): ProxyTestCase[] =>
    (JSON.parse(readFileSync(vectorPath('messages', 'soap-queries', 'proxy-testcases.json'), 'utf8')) as ProxyTestCase[]).filter(
      (t) => t.requestFile && /^multipart\/related/i.test(t.requestContentType ?? '') && t.expectedFaultCode?.[0]?.startsWith('client.'),
    );
  it('covers AttachmentFaulty, AttachmentFaultySoap, AttachmentNoSoap and EmptyMultipartRequest', () => {
    expect(cases().map((t) => t.case).sort()).toEqual(['AttachmentFaulty', 'AttachmentFaultySoap', 'AttachmentNoSoap', 'EmptyMultipartRequest']);
  });
  it('each gets the fault code the reference gives it', async () => {
    for (const t of cases()) {
      const ev = await sendSoap(net.ss1.clientProxyUrl, readVector('messages', 'soap-queries', t.requestFile!), { contentType: t.requestContentType! });
      expect(faultOf(ev.text).code, t.case).toBe(t.expectedFaultCode![0]);
    }
  });
  it('a multipart body with a delimiter but a broken part is still mime_parsing_failed, not missing_soap', async () => {
    const ev = await sendSoap(net.ss1.clientProxyUrl, '--zzz\r\nContent-Type text/xml\r\n', { contentType: 'multipart/related; boundary=zzz' });
    expect(faultOf(ev.text).code).not.toBe('client.missing_soap');
    expect(faultOf(ev.text).code).toMatch(/^client\./);
  });
});

describe('client proxy: REST errors (REST-001/002/011/012)', () => {
  it('short /r1/ path -> 400 client.bad_request with X-Road-Error and a JSON body', async () => {
    const ev = await sendRaw(`${net.ss1.clientProxyUrl}/r1/DEV/GOV`, { headers: { 'X-Road-Client': CLIENT } });
    expect(ev.status).toBe(400);
    expect(ev.headers['x-road-error']).toBe('client.bad_request');
    expect(ev.headers['content-type']).toMatch(/^application\/json; charset=UTF-8/i);
    expect(JSON.parse(ev.text)).toMatchObject({ type: 'client.bad_request' });
  });
  it('missing X-Road-Client -> 500 server.clientproxy.invalid_client_identifier (§15.25), XML body on Accept: application/xml', async () => {
    const ev = await sendRest(net.ss1.clientProxyUrl, `${PROVIDER}/rest`, '/x', { headers: { Accept: 'application/xml' } });
    expect(ev.status).toBe(500);
    expect(ev.headers['x-road-error']).toBe('server.clientproxy.invalid_client_identifier');
    expect(ev.text).toContain('<type>server.clientproxy.invalid_client_identifier</type>');
  });
  it('unknown client -> 500 server.clientproxy.unknown_member', async () => {
    const ev = await sendRest(net.ss1.clientProxyUrl, `${PROVIDER}/rest`, '/x', { client: 'DEV/COM/1234/NOBODY' });
    expect(ev.status).toBe(500);
    expect(ev.headers['x-road-error']).toBe('server.clientproxy.unknown_member');
  });
});

describe('client proxy: dispatch (§15.26) and robustness', () => {
  it('answers /listClients, /asic, /verificationconf locally (by their components), not as SOAP', async () => {
    const list = await sendRaw(`${net.ss1.clientProxyUrl}/listClients`);
    expect(list.status).toBe(200);
    expect(list.headers['content-type']).toMatch(/^text\/xml/);
    expect(list.text).toContain('<id:subsystemCode>CLIENT</id:subsystemCode>');
    const conf = await sendRaw(`${net.ss1.clientProxyUrl}/verificationconf`);
    expect(conf.status).toBe(200);
    expect(conf.headers['content-type']).toBe('application/zip');
    expect(conf.body.subarray(0, 2).toString('latin1')).toBe('PK');
    // The message log's /asic handler refuses an incomplete query in its own terms (not a SOAP fault).
    const asic = await sendRaw(`${net.ss1.clientProxyUrl}/asic?queryId=x`);
    expect(asic.status).toBeGreaterThanOrEqual(400);
    expect(asic.headers['content-type']).toMatch(/^text\/plain/);
    expect(asic.text).not.toContain('Envelope');
  });

  it('keeps serving after garbage: broken HTTP, broken multipart, a huge header, a reset', async () => {
    const { connect } = await import('node:net');
    const url = new URL(net.ss1.clientProxyUrl);
    await new Promise<void>((resolve) => {
      const s = connect(Number(url.port), url.hostname, () => s.end('\x00\x01GARBAGE / NOT-HTTP\r\n\r\n'));
      s.on('close', () => resolve());
      s.on('error', () => resolve());
      s.resume();
    });
    const mp = await sendSoap(net.ss1.clientProxyUrl, '--x\r\nContent-Type: text/xml\r\n\r\n<a', { contentType: 'multipart/related; boundary=zzz' });
    expect(faultOf(mp.text).code).toMatch(/^client\./);
    await new Promise<void>((resolve) => {
      const s = connect(Number(url.port), url.hostname, () => {
        s.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n<partial');
        setTimeout(() => s.destroy(), 20);
      });
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
    const after = await sendSoap(net.ss1.clientProxyUrl, request({ protocolVersion: '3.1' }));
    expect(faultOf(after.text).code).toBe('client.invalid_protocol_version');
  });
});
