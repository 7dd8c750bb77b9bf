import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMultipart } from '../../protocol/multipart/index.js';
import { buildSoapRequest, closeClientIsConnections, sendRaw, sendRest, sendSoap, startProviderIs, type ProviderIs } from './index.js';
import { soapEchoResponse } from './soap-echo.js';

const REQ = buildSoapRequest({ client: 'DEV/COM/1234/CLIENT', service: 'DEV/GOV/4321/PROV/getRandom/v1', id: 'req-1', userId: 'EE123' });

describe('soap echo', () => {
  it('echoes the header and renames the wrapper to <code>Response', () => {
    const out = soapEchoResponse(REQ);
    expect(out).toContain('<prov:getRandomResponse><input>hello</input></prov:getRandomResponse>');
    expect(out).not.toContain('<prov:getRandom>');
    const header = (s: string) => s.slice(s.indexOf('<SOAP-ENV:Header>'), s.indexOf('</SOAP-ENV:Header>'));
    expect(header(out)).toBe(header(REQ));
  });
  it('inserts a bogus requestHash after xrd:id and can alter the id', () => {
    const out = soapEchoResponse(REQ, { bogusRequestHash: true, alterId: 'other' });
    expect(out).toMatch(/<xrd:id>other<\/xrd:id><xrd:requestHash algorithmId="[^"]+">QkJC/);
    expect(out).not.toContain('req-1');
  });
  it('refuses a request without a body', () => {
    expect(() => soapEchoResponse('<a:Envelope xmlns:a="x"><a:Header/></a:Envelope>')).toThrow(/no SOAP Body/);
  });
  it('keeps comments and CDATA in the wrapper', () => {
    const req = REQ.replace('<input>hello</input>', '<!-- c --><x><![CDATA[<raw>]]></x>');
    expect(soapEchoResponse(req)).toContain('<prov:getRandomResponse><!-- c --><x><![CDATA[<raw>]]></x></prov:getRandomResponse>');
  });
});

describe('provider IS + client IS', () => {
  let provider: ProviderIs;
  beforeAll(async () => {
    provider = await startProviderIs();
  });
  afterAll(async () => {
    await provider.stop();
    await closeClientIsConnections();
  });

  it('records the exact SOAP bytes and headers and answers with an echo', async () => {
    const ev = await sendSoap(`${provider.url}/soap/echo`, REQ, { headers: { 'X-Foo': '1' }, soapAction: '"urn:x"' });
    expect(ev.status).toBe(200);
    expect(ev.headers['content-type']).toMatch(/^text\/xml/);
    expect(ev.text).toContain('getRandomResponse');
    const rec = provider.received.at(-1)!;
    expect(rec.body.equals(Buffer.from(REQ))).toBe(true);
    expect(rec.headers).toContainEqual(['X-Foo', '1']);
    expect(rec.headers).toContainEqual(['SOAPAction', '"urn:x"']);
  });

  it('echoes attachments in a multipart/related answer', async () => {
    provider.behaviours.once({ kind: 'soap-echo', attachments: 'echo' });
    const ev = await sendSoap(`${provider.url}/soap/echo`, REQ, { attachments: [{ contentType: 'application/octet-stream', body: Buffer.from([0, 1, 2, 255]), headers: { 'Content-ID': '<a1>' } }] });
    expect(ev.status).toBe(200);
    const parsed = parseMultipart(ev.body, ev.headers['content-type']!);
    expect(parsed.parts).toHaveLength(2);
    expect(parsed.parts[1]!.body.equals(Buffer.from([0, 1, 2, 255]))).toBe(true);
    expect(parsed.parts[1]!.headers.get('content-id')).toBe('<a1>');
  });

  it('serves faults, redirects, garbage and REST echoes', async () => {
    provider.behaviours.once({ kind: 'soap-fault', faultCode: 'SOAP-ENV:Server', faultString: 'boom' });
    const fault = await sendSoap(`${provider.url}/soap/x`, REQ);
    expect(fault.status).toBe(500);
    expect(fault.text).toContain('<faultcode>SOAP-ENV:Server</faultcode>');

    provider.behaviours.once({ kind: 'raw', status: 302, headers: { Location: 'http://elsewhere/' } });
    const redirect = await sendRaw(`${provider.url}/rest/x`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers['location']).toBe('http://elsewhere/');

    const echo = await sendRest(`${provider.url}/rest`, 'DEV/GOV/4321/PROV/svc', '/a/b?x=1&x=2', { method: 'POST', client: 'DEV/COM/1234/CLIENT', body: '{"a":1}', contentType: 'application/json' });
    const json = JSON.parse(echo.text);
    expect(json.method).toBe('POST');
    expect(json.path).toBe('/rest/r1/DEV/GOV/4321/PROV/svc/a/b');
    expect(json.query).toBe('?x=1&x=2');
    expect(json.body).toBe('{"a":1}');
    expect(json.headers['x-road-client']).toBe('DEV/COM/1234/CLIENT');
  });

  it('echoes an ISO-8859-1 request in ISO-8859-1, anything else in UTF-8 (the charset parameter, read as protocol/mime reads it)', async () => {
    const latin1 = Buffer.from(REQ.replace('hello', 'Jürgen'), 'latin1');
    const ev = await sendSoap(`${provider.url}/soap/echo`, latin1, { contentType: 'text/xml; Charset="ISO-8859-1"' });
    expect(ev.headers['content-type']).toBe('text/xml; charset=ISO-8859-1');
    expect(ev.body.toString('latin1')).toContain('<input>Jürgen</input>');
    // A parameter that only ends in "charset" is not the charset: the request is read as UTF-8.
    const other = await sendSoap(`${provider.url}/soap/echo`, Buffer.from(REQ.replace('hello', 'Jürgen'), 'utf8'), { contentType: 'text/xml; x-charset=latin1' });
    expect(other.headers['content-type']).toBe('text/xml; charset=UTF-8');
    expect(other.body.toString('utf8')).toContain('<input>Jürgen</input>');
  });

  it('sends and echoes MTOM and SwA packages with the root part typed accordingly', async () => {
    const attachments = [{ contentType: 'application/octet-stream', body: Buffer.from([9, 8, 7]) }];
    for (const mtom of [true, false]) {
      provider.behaviours.once({ kind: 'soap-echo', attachments: 'echo', mtom });
      const ev = await sendSoap(`${provider.url}/soap/echo`, REQ, { attachments, mtom });
      const sent = parseMultipart(provider.received.at(-1)!.body, provider.received.at(-1)!.headers.find(([n]) => n.toLowerCase() === 'content-type')![1]);
      const answered = parseMultipart(ev.body, ev.headers['content-type']!);
      const rootType = mtom ? 'application/xop+xml; charset=UTF-8; type="text/xml"' : 'text/xml; charset=UTF-8';
      for (const m of [sent, answered]) {
        expect(m.parts[0]!.headers.get('content-type')).toBe(rootType);
        expect(m.parts[1]!.body.equals(Buffer.from([9, 8, 7]))).toBe(true);
      }
      expect(sent.parts[0]!.body.equals(Buffer.from(REQ))).toBe(true);
      expect(ev.headers['content-type']).toContain(mtom ? 'type="application/xop+xml"' : 'type="text/xml"');
    }
  });

  it('turns resets and timeouts into evidence, not exceptions', async () => {
    provider.behaviours.once({ kind: 'reset' });
    const reset = await sendRaw(`${provider.url}/rest/x`);
    expect(reset.status).toBe(0);
    expect(reset.error?.code).toBeTruthy();

    provider.behaviours.once({ kind: 'delay', ms: 2000, then: { kind: 'rest-echo' } });
    const slow = await sendRaw(`${provider.url}/rest/x`, { timeoutMs: 200 });
    expect(slow.status).toBe(0);
    expect(slow.durationMs).toBeLessThan(1500);
  });
});

describe('provider IS for perf runs', () => {
  it('keeps nothing with record: false, still answers, and frames raw answers with Content-Length', async () => {
    const provider = await startProviderIs({ record: false });
    try {
      provider.behaviours.set('/perf/fixed', { kind: 'raw', status: 200, headers: { 'Content-Type': 'text/plain' }, body: Buffer.alloc(1024, 'x') });
      const ev = await sendRaw(`${provider.url}/perf/fixed?x=1`, { method: 'POST', body: 'hello' });
      expect(ev.status).toBe(200);
      expect(ev.headers['content-length']).toBe('1024');
      expect(ev.headers['transfer-encoding']).toBeUndefined();
      expect(ev.body.length).toBe(1024);
      const echo = await sendRest(`${provider.url}/rest`, 'DEV/GOV/4321/PROV/svc', '/a', { method: 'GET', client: 'DEV/COM/1234/CLIENT' });
      expect(JSON.parse(echo.text).path).toBe('/rest/r1/DEV/GOV/4321/PROV/svc/a');
      expect(provider.received).toHaveLength(0);
    } finally {
      await provider.stop();
    }
  });
});

