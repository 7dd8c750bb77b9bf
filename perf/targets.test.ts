import { describe, expect, it } from 'vitest';
import { parseMultipart } from '../protocol/multipart/index.js';
import { parseSoapEnvelope } from '../protocol/soap/index.js';
import { ATTACHMENT_CID, filler, restBody, soapBody } from './request-bodies.js';
import { parseSize } from './message-mix.js';
import { requestSource } from './request-source.js';
import { assertLoadable, classifyHttp, classifySoap, TargetError } from './target.js';
import { plainTarget, restServiceUrl, restTarget, soapTarget } from './targets.js';

const IDS = { client: 'DEV/COM/1234/CLIENT', service: 'DEV/GOV/4321/PROVIDER/echo' };

describe('request bodies', () => {
  it('builds an X-Road SOAP request carrying the payload in its body', () => {
    const b = soapBody(IDS, 10_000, false);
    expect(b.contentType).toMatch(/^text\/xml/);
    const env = parseSoapEnvelope(b.bytes, { contentType: b.contentType });
    expect(env.isFault).toBe(false);
    expect(b.bytes.toString('utf8')).toContain(`<data>${filler(10_000)}</data>`);
    expect(b.bytes.length).toBeGreaterThan(10_000);
    expect(b.bytes.length).toBeLessThan(12_000);
  });

  it('moves the payload into one SwA attachment referenced from the body', () => {
    const b = soapBody(IDS, 100_000, true);
    expect(b.contentType).toMatch(/^multipart\/related/);
    const parsed = parseMultipart(b.bytes, b.contentType!);
    expect(parsed.parts).toHaveLength(2);
    expect(parsed.parts[0].body.toString('utf8')).toContain(`cid:${ATTACHMENT_CID}`);
    expect(parsed.parts[1].body.length).toBe(100_000);
    expect(parsed.parts[1].headers.get('content-id')).toBe(`<${ATTACHMENT_CID}>`);
  });

  it('builds a JSON REST body of exactly the size asked', () => {
    for (const n of [20, 1024, 100_000]) {
      const b = restBody(n);
      expect(b.bytes.length).toBe(n);
      expect(JSON.parse(b.bytes.toString('utf8'))).toHaveProperty('data');
    }
  });
});

describe('targets', () => {
  it('addresses REST services through the client proxy with encoded segments and X-Road-Client', () => {
    expect(restServiceUrl('http://h:1/', 'DEV/GOV/4321/PROV IDER/pets', '/perf')).toBe('http://h:1/r1/DEV/GOV/4321/PROV%20IDER/pets/perf');
    const t = restTarget({ name: 'r', role: 'sut', url: 'http://127.0.0.1:1/r1/x', client: 'DEV/COM/1234/CLIENT' });
    expect(t.headers['X-Road-Client']).toBe('DEV/COM/1234/CLIENT');
    expect(t.body(1024, { attachments: true })).toBeUndefined();
    expect(() => requestSource(t, parseSize('1k'), true)).toThrow(TargetError);
  });

  it('prepares every size of a mix once, with its content type', () => {
    const t = soapTarget({ name: 's', role: 'sut', url: 'http://127.0.0.1:1/path?q=1', ...IDS });
    const src = requestSource(t, parseSize('mix'), false, 3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const r = src.next();
      expect(r.path).toBe('/path?q=1');
      expect(r.headers['content-type']).toMatch(/^text\/xml/);
      seen.add(r.body!.length);
    }
    expect(seen.size).toBeGreaterThanOrEqual(3);
    expect(src.origin).toBe('http://127.0.0.1:1');
    expect(t.body(1024, { attachments: false })).toBe(t.body(1024, { attachments: false }));
  });

  it('classifies answers: 2xx ok, other status, SOAP faults even with 200', () => {
    expect(classifyHttp(204)).toBeUndefined();
    expect(classifyHttp(302)).toBe('http_302');
    expect(classifySoap(200, Buffer.from('<Envelope><Body><x/></Body></Envelope>'))).toBeUndefined();
    expect(classifySoap(500, Buffer.from('<S:Envelope><S:Body><S:Fault><faultcode>x</faultcode></S:Fault></S:Body></S:Envelope>'))).toBe('soap_fault');
    expect(classifySoap(200, Buffer.from('<Fault/>'))).toBe('soap_fault_http_200');
    expect(classifySoap(200, Buffer.from('<Faulty/>'))).toBeUndefined();
  });

  it('loads loopback only unless told otherwise', () => {
    expect(assertLoadable(plainTarget('a', 'http://127.0.0.1:8080/'), false).port).toBe('8080');
    expect(assertLoadable(plainTarget('a', 'http://localhost/'), false).hostname).toBe('localhost');
    expect(assertLoadable(plainTarget('a', 'http://[::1]:1/'), false).hostname).toBe('[::1]');
    expect(() => assertLoadable(plainTarget('a', 'http://example.org/'), false)).toThrow(/not a loopback/);
    expect(assertLoadable(plainTarget('a', 'http://example.org/'), true).hostname).toBe('example.org');
    expect(() => assertLoadable(plainTarget('a', 'ftp://127.0.0.1/'), true)).toThrow(TargetError);
    expect(() => assertLoadable(plainTarget('a', 'not a url'), true)).toThrow(TargetError);
  });
});
