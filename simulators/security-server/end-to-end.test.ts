// Two reference security servers, a provider IS and the OCSP responder exchange SOAP and REST
// messages over mutual TLS, end to end; what each side logged is checked against what crossed the
// wire (signatures verify with xmlsec1 too).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMultipart } from '../../protocol/multipart/index.js';
import { parseSoapEnvelope, requestHashMatches } from '../../protocol/soap/index.js';
import { buildSoapRequest, closeClientIsConnections, sendRest, sendSoap } from '../member-systems/index.js';
import { CLIENT, PROVIDER, startTestNetwork, type TestNetwork } from './test-network.js';

let net: TestNetwork;

beforeAll(async () => {
  net = await startTestNetwork();
});
afterAll(async () => {
  await net?.stop();
  await closeClientIsConnections();
});

const request = (over: Partial<Parameters<typeof buildSoapRequest>[0]> = {}) =>
  buildSoapRequest({ client: CLIENT, service: `${PROVIDER}/echo`, userId: 'EE12345678901', issue: '42', ...over });

function header(pairs: Array<[string, string]>, name: string): string | undefined {
  return pairs.find(([n]) => n.toLowerCase() === name)?.[1];
}

describe('SOAP end to end over mutual TLS', () => {
  it('plain request: the provider gets the exact bytes, the client gets the echo with our requestHash', async () => {
    const soap = request({ id: 'e2e-plain' });
    const before = net.provider.received.length;
    const ev = await sendSoap(net.ss1.clientProxyUrl, soap, { soapAction: '"urn:echo"', headers: { 'X-Foo': 'bar' } });
    expect(ev.error).toBeUndefined();
    expect(ev.status).toBe(200);
    const env = parseSoapEnvelope(ev.body, { contentType: ev.headers['content-type'] });
    expect(env.isFault, ev.text).toBe(false);
    expect(env.wrapper?.localName).toBe('echoResponse');
    expect(env.header.id).toBe('e2e-plain');
    expect(env.header.userId).toBe('EE12345678901');
    // MESS-014: requestHash over exactly the bytes the client sent.
    expect(requestHashMatches(env.header.requestHash!, Buffer.from(soap))).toBe(true);
    expect(requestHashMatches(env.header.requestHash!, Buffer.from(soap + ' '))).toBe(false);

    expect(net.provider.received.length).toBe(before + 1);
    const got = net.provider.received.at(-1)!;
    expect(got.body.equals(Buffer.from(soap))).toBe(true); // MESS-012
    expect(header(got.headers, 'soapaction')).toBe('"urn:echo"'); // MESS-010
    expect(header(got.headers, 'x-foo')).toBeUndefined(); // MESS-011
    expect(header(got.headers, 'content-type')).toMatch(/^text\/xml/);
    // MESS-011 the other way: only Content-Type of the provider's answer reaches the client.
    expect(Object.keys(ev.headers).filter((h) => h.startsWith('x-'))).toEqual([]);
  });

  it('the provider IS requestHash is replaced by the provider SS (MESS-013)', async () => {
    net.provider.behaviours.once({ kind: 'soap-echo', bogusRequestHash: true });
    const soap = request({ id: 'e2e-bogus-hash' });
    const ev = await sendSoap(net.ss1.clientProxyUrl, soap);
    const env = parseSoapEnvelope(ev.body);
    expect(env.isFault, ev.text).toBe(false);
    expect(requestHashMatches(env.header.requestHash!, Buffer.from(soap))).toBe(true);
    expect(ev.text.match(/requestHash/g)?.length).toBe(2); // one element: open and close tag
  });

  it('with attachments: batch signature, attachments and their MIME headers arrive intact both ways (MESS-016, SIG-006)', async () => {
    net.provider.behaviours.once({ kind: 'soap-echo', attachments: 'echo' });
    const attachment = Buffer.from([0, 1, 2, 3, 250, 251, 252, 13, 10, 45, 45]);
    const soap = request({ id: 'e2e-att', wrapperExtra: '<file href="cid:a1"/>' });
    const ev = await sendSoap(net.ss1.clientProxyUrl, soap, {
      attachments: [
        { contentType: 'application/octet-stream', body: attachment, headers: { 'Content-ID': '<a1>' } },
        { contentType: 'text/plain; charset=UTF-8', body: 'second attachment', headers: { 'Content-ID': '<a2>' } },
      ],
    });
    expect(ev.status).toBe(200);
    expect(ev.headers['content-type']).toMatch(/^multipart\/related/);
    const answer = parseMultipart(ev.body, ev.headers['content-type']!);
    expect(answer.parts).toHaveLength(3);
    expect(parseSoapEnvelope(answer.parts[0]!.body, { contentType: answer.parts[0]!.headers.get('content-type') }).isFault).toBe(false);
    expect(answer.parts[1]!.body.equals(attachment)).toBe(true);
    expect(answer.parts[1]!.headers.get('content-id')).toBe('<a1>');

    const got = net.provider.received.at(-1)!;
    const toProvider = parseMultipart(got.body, header(got.headers, 'content-type')!);
    expect(toProvider.parts[0]!.body.equals(Buffer.from(soap))).toBe(true);
    expect(toProvider.parts[1]!.body.equals(attachment)).toBe(true);
    expect(toProvider.parts[2]!.body.toString()).toBe('second attachment');
    expect(toProvider.parts[2]!.headers.get('content-id')).toBe('<a2>');

    // Both servers logged a batch signature for the request (hash chain present).
    const logged = net.log2.records.filter((r) => r.queryId === 'e2e-att');
    expect(logged.map((r) => r.direction)).toEqual(['request', 'response']);
    expect(logged[0]!.hashChainResult?.toString()).toContain('HashChainResult');
    expect(logged[0]!.signatureXml.toString()).toContain('/sig-hashchainresult.xml');
  });

  it('MTOM request reaches the provider with its xop+xml root part', async () => {
    const soap = request({ id: 'e2e-mtom' });
    const ev = await sendSoap(net.ss1.clientProxyUrl, soap, { mtom: true, attachments: [{ contentType: 'image/png', body: Buffer.from('PNGDATA'), headers: { 'Content-ID': '<img>' } }] });
    expect(parseSoapEnvelope(ev.body, { contentType: ev.headers['content-type']?.startsWith('multipart') ? 'text/xml' : ev.headers['content-type'] }).isFault).toBe(false);
    const got = net.provider.received.at(-1)!;
    const ct = header(got.headers, 'content-type')!;
    expect(ct).toMatch(/multipart\/related/);
    expect(ct).toMatch(/application\/xop\+xml/);
    const parts = parseMultipart(got.body, ct).parts;
    expect(parts[0]!.headers.get('content-type')).toMatch(/^application\/xop\+xml/);
    expect(parts[1]!.body.toString()).toBe('PNGDATA');
  });

  it('ISO-8859-1 request and answer keep their charset and bytes (MESS-017)', async () => {
    const text = request({ id: 'e2e-latin1', bodyContent: '<input>p\u00f5ld</input>' }).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const bytes = Buffer.from(text, 'latin1');
    const ev = await sendSoap(net.ss1.clientProxyUrl, bytes, { contentType: 'text/xml; charset=ISO-8859-1' });
    expect(ev.headers['content-type']).toMatch(/ISO-8859-1/i);
    const env = parseSoapEnvelope(ev.body, { contentType: ev.headers['content-type'] });
    expect(env.isFault, ev.text).toBe(false);
    expect(env.xml).toContain('<input>p\u00f5ld</input>');
    expect(requestHashMatches(env.header.requestHash!, bytes)).toBe(true);
    expect(net.provider.received.at(-1)!.body.equals(bytes)).toBe(true);
  });

  it("the provider IS's own SOAP fault reaches the client unchanged (MESS-019)", async () => {
    net.provider.behaviours.once({ kind: 'soap-fault', faultCode: 'SOAP-ENV:Server', faultString: 'provider exploded', detail: 'd-1' });
    const ev = await sendSoap(net.ss1.clientProxyUrl, request({ id: 'e2e-isfault' }));
    const env = parseSoapEnvelope(ev.body);
    expect(env.fault?.faultCode).toBe('SOAP-ENV:Server');
    expect(env.fault?.faultString).toBe('provider exploded');
  });

  it('provider-side refusals reach the client as server.serverproxy.* faults; the provider is not called', async () => {
    const before = net.provider.received.length;
    const cases: Array<[string, string]> = [
      [`${PROVIDER}/denied`, 'server.serverproxy.access_denied'],
      [`${PROVIDER}/nothing`, 'server.serverproxy.unknown_service'],
      [`${PROVIDER}/closed`, 'server.serverproxy.service_disabled'],
      [`${PROVIDER}/rest`, 'server.serverproxy.service_type'],
    ];
    for (const [service, code] of cases) {
      const ev = await sendSoap(net.ss1.clientProxyUrl, request({ service }));
      expect(parseSoapEnvelope(ev.body).fault?.faultCode, service).toBe(code);
    }
    expect(net.provider.received.length).toBe(before);
  });

  it('a provider that does not answer in time -> service_failed.network_error', async () => {
    net.provider.behaviours.once({ kind: 'delay', ms: 2000, then: { kind: 'soap-echo' } });
    const ev = await sendSoap(net.ss1.clientProxyUrl, request({ service: `${PROVIDER}/slow` }));
    expect(parseSoapEnvelope(ev.body).fault?.faultCode).toBe('server.serverproxy.service_failed.network_error');
  });

  it('the signature SS1 wrote verifies with xmlsec1 (independent checker)', () => {
    const rec = net.log1.records.find((r) => r.direction === 'request' && r.hashChainResult === undefined);
    expect(rec).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'roadtest-xmlsec-'));
    const sigFile = join(dir, 'signature.xml');
    writeFileSync(sigFile, rec!.signatureXml);
    writeFileSync(join(dir, 'message.xml'), rec!.message);
    const certFile = join(dir, 'signer.pem');
    writeFileSync(certFile, net.pki.securityServers.SS1!.sign['DEV/COM/1234']!.certPem);
    // /message.xml is a detached reference: xmlsec1 resolves it relative to the working directory.
    const run = (file: string) =>
      spawnSync('xmlsec1', ['--verify', '--pubkey-cert-pem', certFile, '--id-attr:Id', 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties', '--url-map:/message.xml', join(dir, 'message.xml'), file], { cwd: dir, timeout: 20_000, encoding: 'utf8' });
    const ok = run(sigFile);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/OK/);
    // Tampered message -> xmlsec1 refuses too.
    writeFileSync(join(dir, 'message.xml'), Buffer.concat([rec!.message, Buffer.from(' ')]));
    const bad = run(sigFile);
    expect(bad.status).not.toBe(0);
  });
});

describe('REST end to end over mutual TLS', () => {
  it('GET: path and query forwarded unmodified, X-Road headers set by the SS, User-Agent dropped (REST-004/006/009)', async () => {
    const ev = await sendRest(net.ss1.clientProxyUrl, `${PROVIDER}/rest`, '/items/a%2Fb?x=1&x=2', {
      client: CLIENT,
      headers: { 'User-Agent': 'secret-agent/1.0', 'X-Road-UserId': 'EE123', Accept: 'application/json', 'X-Custom': 'kept' },
    });
    expect(ev.status, ev.text).toBe(200);
    const echo = JSON.parse(ev.text);
    expect(echo.method).toBe('GET');
    expect(echo.path).toBe('/rest/items/a%2Fb');
    expect(echo.query).toBe('?x=1&x=2');
    expect(echo.headers['user-agent']).toBeUndefined();
    expect(echo.headers['x-custom']).toBe('kept');
    expect(echo.headers['x-road-client']).toBe(CLIENT);
    expect(echo.headers['x-road-userid']).toBe('EE123');
    expect(echo.headers['x-road-id']).toMatch(/^DEV-[0-9a-f-]{36}$/);
    expect(ev.headers['x-road-client']).toBe(CLIENT);
    expect(ev.headers['x-road-service']).toBe(`${PROVIDER}/rest`);
    expect(ev.headers['x-road-id']).toBe(echo.headers['x-road-id']);
    expect(ev.headers['x-road-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(ev.headers['x-road-request-hash']).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    // The request went unbatched (no body) and the response batched (body): both logged with signatures.
    const reqLog = net.log1.records.find((r) => r.protocol === 'rest' && r.direction === 'request' && r.queryId === echo.headers['x-road-id']);
    expect(reqLog?.hashChainResult).toBeUndefined();
    const respLog = net.log1.records.find((r) => r.protocol === 'rest' && r.direction === 'response' && r.queryId === echo.headers['x-road-id']);
    expect(respLog?.hashChainResult).toBeDefined();
  });

  it('POST with a binary body: body arrives byte for byte; X-Road-Request-Hash covers header part and body (REST-007)', async () => {
    const body = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
    const ev = await sendRest(net.ss1.clientProxyUrl, `${PROVIDER}/rest`, '/upload', { method: 'POST', client: CLIENT, body, contentType: 'application/octet-stream', headers: { 'X-Road-Id': 'rest-post-1' } });
    expect(ev.status, ev.text).toBe(200);
    const echo = JSON.parse(ev.text);
    expect(Buffer.from(echo.bodyBase64, 'base64').equals(body)).toBe(true);
    expect(echo.headers['content-type']).toBe('application/octet-stream');
    expect(ev.headers['x-road-id']).toBe('rest-post-1');
    const reqLog = net.log2.records.find((r) => r.protocol === 'rest' && r.direction === 'request' && r.queryId === 'rest-post-1')!;
    expect(reqLog.hashChainResult).toBeDefined(); // SIG-006: REST with body is batch-signed
    const headerDigest = createHash('sha512').update(reqLog.message).digest();
    const bodyDigest = createHash('sha512').update(body).digest();
    expect(ev.headers['x-road-request-hash']).toBe(createHash('sha512').update(headerDigest).update(bodyDigest).digest('base64'));
  });

  it('provider errors and redirects pass through unchanged, without X-Road-Error (REST-010/011)', async () => {
    net.provider.behaviours.once({ kind: 'raw', status: 302, headers: { Location: 'https://elsewhere.example/x', 'X-Road-Client': 'evil' } });
    const redirect = await sendRest(net.ss1.clientProxyUrl, `${PROVIDER}/rest`, '/r', { client: CLIENT });
    expect(redirect.status).toBe(302);
    expect(redirect.headers['location']).toBe('https://elsewhere.example/x');
    expect(redirect.headers['x-road-client']).toBe(CLIENT); // REST-006: the IS's value is replaced
    expect(redirect.headers['x-road-error']).toBeUndefined();

    net.provider.behaviours.once({ kind: 'json', status: 404, body: { error: 'nope' } });
    const notFound = await sendRest(net.ss1.clientProxyUrl, `${PROVIDER}/rest`, '/missing', { client: CLIENT });
    expect(notFound.status).toBe(404);
    expect(JSON.parse(notFound.text)).toEqual({ error: 'nope' });
    expect(notFound.headers['x-road-error']).toBeUndefined();
  });

  it('provider-side refusal -> REST error with the server.serverproxy code, status 500', async () => {
    const before = net.provider.received.length;
    const ev = await sendRest(net.ss1.clientProxyUrl, `${PROVIDER}/echo`, '/x', { client: CLIENT });
    expect(ev.status).toBe(500);
    expect(ev.headers['x-road-error']).toBe('server.serverproxy.service_type');
    expect(net.provider.received.length).toBe(before);
  });
});
