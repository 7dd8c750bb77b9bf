import { spawnSync } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isXRoadError } from '../../../protocol/faults/index.js';
import { parseMultipart } from '../../../protocol/multipart/index.js';
import { escapeXml, parseSoapEnvelope, requestHashMatches, XROAD_NS } from '../../../protocol/soap/index.js';
import { answerMetaservice } from './answer-metaservice.js';
import { hideWsdlEndpoints, WSDL_ENDPOINT_ADDRESS } from './wsdl-endpoint.js';
import { FakeServerConf, metaContext, PROVIDER, service, SERVICES, soapRequest, WSDL } from './test-fixture.js';
import type { ServiceConfig } from '../config.js';

function wsdlRequest(content: string) {
  return soapRequest({ serviceCode: 'getWsdl', wrapper: { localName: 'getWsdl', namespaceUri: XROAD_NS, prefix: 'xroad', content } });
}
const code = (c: string, v?: string) => `<xroad:serviceCode>${escapeXml(c)}</xroad:serviceCode>` + (v ? `<xroad:serviceVersion>${v}</xroad:serviceVersion>` : '');

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isXRoadError(e)) throw new Error(`expected an XRoadError, got ${String(e)}`);
  return { code: e.code, message: e.message };
}

function selfSigned(cn: string): { certPem: string; keyPem: string } {
  const dir = mkdtempSync(join(tmpdir(), 'roadtest-wsdl-'));
  try {
    const r = spawnSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${cn}`, '-days', '1', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')],
      { timeout: 20_000 },
    );
    if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr?.toString()}`);
    return { certPem: readFileSync(join(dir, 'c.pem'), 'utf8'), keyPem: readFileSync(join(dir, 'k.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('hideWsdlEndpoints (META-003 endpoint rewrite)', () => {
  it('rewrites every WSDL SOAP 1.1 address and nothing else', () => {
    const { text, replaced } = hideWsdlEndpoints(WSDL);
    expect(replaced).toBe(2);
    expect(text).not.toContain('10.0.0.7:8080/internal/echo"');
    expect(text).not.toContain('secret.example.internal');
    expect(text.match(new RegExp(WSDL_ENDPOINT_ADDRESS, 'g'))?.length).toBe(2);
    // X-Road's filter matches the SOAP 1.1 binding namespace only.
    expect(text).toContain('http://10.0.0.7:8080/internal/echo12');
    expect(text).toContain('<!-- provider\'s own comment -->');
  });

  it('a soap:address in another namespace is not touched; not-XML is internal_error', () => {
    const other = '<d xmlns:soap="urn:not-wsdl"><soap:address location="http://keep.me/"/></d>';
    expect(hideWsdlEndpoints(other)).toMatchObject({ replaced: 0 });
    expect(hideWsdlEndpoints(other).text).toContain('http://keep.me/');
    let code: string | undefined;
    try {
      hideWsdlEndpoints('<not-closed>');
    } catch (e) {
      code = isXRoadError(e) ? e.code : 'other';
    }
    expect(code).toBe('internal_error');
  });
});

describe('getWsdl (META-003)', () => {
  it('echoes serviceCode/serviceVersion and attaches the WSDL with hidden endpoints as multipart/related', async () => {
    const req = wsdlRequest(code('echo', 'v1'));
    const answer = (await answerMetaservice(metaContext(), req))!;
    const ct = answer.headers.find(([n]) => n === 'Content-Type')![1];
    expect(ct).toMatch(/^multipart\/related; /);
    expect(ct).toContain('type="text/xml"');
    const parts = parseMultipart(answer.body, ct).parts;
    expect(parts.length).toBe(2);
    expect(parts[0]!.headers.get('content-type')).toBe('text/xml; charset=UTF-8');
    const env = parseSoapEnvelope(parts[0]!.body, { contentType: 'text/xml; charset=UTF-8' });
    expect(env.wrapper).toMatchObject({ localName: 'getWsdlResponse', namespaceUri: XROAD_NS });
    expect(requestHashMatches(env.header.requestHash!, req.envelope.bytes)).toBe(true);
    const body = new DOMParser().parseFromString(env.xml, 'text/xml');
    expect(body.getElementsByTagNameNS(XROAD_NS, 'serviceCode').item(0)!.textContent).toBe('echo');
    expect(body.getElementsByTagNameNS(XROAD_NS, 'serviceVersion').item(0)!.textContent).toBe('v1');
    const att = parts[1]!;
    expect(att.headers.get('content-type')).toBe('text/xml');
    expect(att.headers.get('content-transfer-encoding')).toBe('binary');
    expect(att.headers.get('content-id')).toMatch(/^<wsdl=[0-9a-f-]{36}@x-road\.eu>$/);
    const wsdl = att.body.toString('utf8');
    expect(wsdl).toContain(`location="${WSDL_ENDPOINT_ADDRESS}"`);
    expect(wsdl).not.toContain('secret.example.internal');
  });

  it('without serviceVersion only the unversioned service matches, and no version is echoed', async () => {
    const answer = (await answerMetaservice(metaContext(), wsdlRequest(code('echo'))))!;
    const soap = parseMultipart(answer.body, answer.headers[0]![1]).parts[0]!.body.toString();
    expect(soap).toContain('<xroad:serviceCode>echo</xroad:serviceCode>');
    expect(soap).not.toContain('serviceVersion');
  });

  it('errors: missing serviceCode -> invalid_request, unknown -> unknown_service, REST -> service_type, no WSDL -> unknown_service', async () => {
    expect(await failure(answerMetaservice(metaContext(), wsdlRequest('')))).toMatchObject({ code: 'invalid_request', message: 'Missing serviceCode in message body' });
    expect(await failure(answerMetaservice(metaContext(), wsdlRequest(code('  '))))).toMatchObject({ code: 'invalid_request' });
    expect(await failure(answerMetaservice(metaContext(), wsdlRequest(code('nope'))))).toMatchObject({
      code: 'unknown_service',
      message: `Could not find wsdl URL for service SERVICE:${PROVIDER}/nope`,
    });
    expect(await failure(answerMetaservice(metaContext(), wsdlRequest(code('echo', 'v9'))))).toMatchObject({ code: 'unknown_service' });
    expect(await failure(answerMetaservice(metaContext(), wsdlRequest(code('rest'))))).toMatchObject({ code: 'service_type' });
    expect(await failure(answerMetaservice(metaContext(), wsdlRequest(code('denied'))))).toMatchObject({ code: 'unknown_service' });
  });
});

describe('getWsdl fetching the description by URL', () => {
  let plain: http.Server;
  let secure: https.Server;
  let plainUrl: string;
  let secureUrl: string;
  let served: ReturnType<typeof selfSigned>;
  let stranger: ReturnType<typeof selfSigned>;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url === '/echo.wsdl') {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.end(WSDL);
    } else if (req.url === '/garbage.wsdl') {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.end('this is not XML');
    } else {
      res.writeHead(404);
      res.end();
    }
  };
  beforeAll(async () => {
    served = selfSigned('wsdl.provider');
    stranger = selfSigned('someone.else');
    plain = http.createServer(handler);
    secure = https.createServer({ cert: served.certPem, key: served.keyPem }, handler);
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', () => r()));
    await new Promise<void>((r) => secure.listen(0, '127.0.0.1', () => r()));
    plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
    secureUrl = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => plain.close(() => r()));
    await new Promise<void>((r) => secure.close(() => r()));
  });

  function ctxWith(wsdl: string, verifyIsCert = false, isCerts: string[] = []) {
    const services: ServiceConfig[] = [...SERVICES.filter((s) => s.code !== 'echo'), service({ code: 'echo', type: 'soap', wsdl, verifyIsCert })];
    return metaContext({ serverConf: new FakeServerConf(services, undefined, { [PROVIDER]: isCerts }) });
  }

  it('fetches over HTTP and rewrites the endpoints', async () => {
    const answer = (await answerMetaservice(ctxWith(`${plainUrl}/echo.wsdl`), wsdlRequest(code('echo'))))!;
    const wsdl = parseMultipart(answer.body, answer.headers[0]![1]).parts[1]!.body.toString();
    expect(wsdl).toContain(WSDL_ENDPOINT_ADDRESS);
    expect(wsdl).not.toContain('secret.example.internal');
  });

  it('HTTP errors and non-XML descriptions are internal_error', async () => {
    expect(await failure(answerMetaservice(ctxWith(`${plainUrl}/missing.wsdl`), wsdlRequest(code('echo'))))).toMatchObject({ code: 'internal_error' });
    expect(await failure(answerMetaservice(ctxWith(`${plainUrl}/garbage.wsdl`), wsdlRequest(code('echo'))))).toMatchObject({ code: 'internal_error' });
  });

  it('honours the service\'s TLS verification: the registered IS certificate passes, another one fails', async () => {
    const ok = await answerMetaservice(ctxWith(`${secureUrl}/echo.wsdl`, true, [served.certPem]), wsdlRequest(code('echo')));
    expect(ok?.status).toBe(200);
    const refused = await failure(answerMetaservice(ctxWith(`${secureUrl}/echo.wsdl`, true, [stranger.certPem]), wsdlRequest(code('echo'))));
    expect(refused.code).toBe('internal_error');
    expect(refused.message).toMatch(/registered IS certificate/);
    // Verification off: any certificate is accepted.
    expect((await answerMetaservice(ctxWith(`${secureUrl}/echo.wsdl`, false, [stranger.certPem]), wsdlRequest(code('echo'))))?.status).toBe(200);
  });
});
