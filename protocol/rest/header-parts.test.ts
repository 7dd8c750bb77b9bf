import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseClientIdPath, parseServiceIdPath } from '../identifiers/index.js';
import { restRequestHash, restRequestHashBase64, restRequestHashMatches } from './request-hash.js';
import { buildRestRequestPart, parseRestRequestPart } from './rest-request-part.js';
import { buildRestResponsePart, isErrorResponse, parseRestResponsePart } from './rest-response-part.js';

const crlf = (s: string) => Buffer.from(s.replace(/\n/g, '\r\n'));

describe('application/x-road-rest-request (TRANSP-015)', () => {
  it('serialises METHOD, path?query and Name:Value lines, filtering and appending as the reference does', () => {
    const part = buildRestRequestPart({
      method: 'POST',
      path: '/r1/EE/GOV/5678/PROVIDER/pets/v1/a%2Fb',
      query: 'a=1&a=2',
      headers: [
        ['Host', 'localhost:8080'],
        ['User-Agent', 'curl'],
        ['Content-Type', 'application/json'],
        ['X-Road-Client', 'EE/GOV/1234/CLIENT'],
        ['X-Road-Request-Id', 'forged'],
        ['X-Road-Request-Hash', 'forged'],
        ['Content-Length', '2'],
        ['Accept', ' text/plain '],
      ],
      requestId: 'rid-1',
      queryId: 'EE-q1',
    });
    expect(part.bytes.toString()).toBe(
      'POST\r\n/r1/EE/GOV/5678/PROVIDER/pets/v1/a%2Fb?a=1&a=2\r\nContent-Type:application/json\r\nX-Road-Client:EE/GOV/1234/CLIENT\r\nAccept: text/plain \r\nx-road-request-id:rid-1\r\nx-road-id:EE-q1\r\n',
    );
    expect(part.target.servicePath).toBe('/v1/a%2Fb');
    expect(part.xRoad.client).toMatchObject({ memberCode: '1234', subsystemCode: 'CLIENT' });
    expect(part.xRoad.queryId).toBe('EE-q1');
    expect(part.requestId).toBe('rid-1');
    expect(part.canonicalBytes).toEqual(part.bytes);
  });
  it('keeps the client X-Road-Id instead of adding one', () => {
    const part = buildRestRequestPart({ method: 'GET', path: '/r1/EE/GOV/5678/P/s', headers: [['X-Road-Id', 'mine']], requestId: 'r', queryId: 'EE-gen' });
    expect(part.bytes.toString()).toBe('GET\r\n/r1/EE/GOV/5678/P/s\r\nX-Road-Id:mine\r\nx-road-request-id:r\r\n');
  });
  it('parses LF-only parts but hashes the CRLF re-serialisation', () => {
    const lf = Buffer.from('GET\n/r1/EE/GOV/5678/P/s\nx-road-request-id:r\n');
    const part = parseRestRequestPart(lf);
    expect(part.canonicalBytes.toString()).toBe('GET\r\n/r1/EE/GOV/5678/P/s\r\nx-road-request-id:r\r\n');
    expect(part.bytes).toEqual(lf);
  });
  it.each([
    ['FETCH\n/r1/EE/GOV/1/P/s\n', 'Unsupported HTTP method'],
    ['get\n/r1/EE/GOV/1/P/s\n', 'Unsupported HTTP method'],
    ['GET\n', 'needs a method line and a path line'],
    ['GET\nhttp://evil/r1/EE/GOV/1/P/s\n', 'not an absolute path'],
    ['GET\n//evil/r1/EE/GOV/1/P/s\n', 'not an absolute path'],
    ['GET\n/r2/EE/GOV/1/P/s\n', 'protocol version must be r1'],
    ['GET\n/r1/EE/GOV/1/s\n', 'id segment'],
    ['GET\n/r1/EE/GOV/1/P/s\nNoColon\n', "no ':'"],
    ['GET\n/r1/EE/GOV/1/P/s\nA:1\n\nB:2\n', 'empty line'],
    ['GET\n/r1/EE/GOV/1/P/s\nHost:evil\n', 'Host must not be'],
  ])('refuses %j with internal_error, as the reference', (text, message) => {
    expect(() => parseRestRequestPart(crlf(text))).toThrow(expect.objectContaining({ code: 'internal_error', message: expect.stringContaining(message) }));
  });
  it('keeps identifier error codes for a malformed X-Road-Client', () => {
    expect(() => parseRestRequestPart(crlf('GET\n/r1/EE/GOV/1/P/s\nX-Road-Client:EE\n'))).toThrow(expect.objectContaining({ code: 'invalid_client_identifier' }));
  });
});

describe('application/x-road-rest-response (TRANSP-015)', () => {
  const client = parseClientIdPath('EE/GOV/1234/CLIENT');
  const service = parseServiceIdPath('EE/GOV/5678/PROVIDER/pets');
  const hash = restRequestHash(Buffer.from('x'));

  it('serialises status, reason, filtered IS headers and the five SS headers', () => {
    const part = buildRestResponsePart({
      status: 200,
      reason: 'OK',
      headers: [['Content-Type', 'application/json'], ['Server', 'jetty'], ['X-Road-Client', 'evil'], ['x-road-id', 'evil'], ['Date', 'd']],
      client,
      service,
      queryId: 'q1',
      requestId: 'r1',
      requestHash: hash,
    });
    expect(part.bytes.toString()).toBe(
      `200\r\nOK\r\nContent-Type:application/json\r\nDate:d\r\nx-road-id:q1\r\nx-road-client:EE/GOV/1234/CLIENT\r\nx-road-service:EE/GOV/5678/PROVIDER/pets\r\nx-road-request-id:r1\r\nx-road-request-hash:${hash.toString('base64')}\r\n`,
    );
    expect(part.requestHash).toEqual(hash);
    expect(part.client).toEqual(client);
    expect(part.service).toEqual(service);
    expect(isErrorResponse(part)).toBe(false);
    expect(isErrorResponse({ status: 404 })).toBe(true);
  });
  it('takes the last x-road-service when the IS sent its own (reference keeps it)', () => {
    const part = buildRestResponsePart({ status: 302, reason: 'Found', headers: [['X-Road-Service', 'EE/X/1/S/evil']], client, service, queryId: 'q', requestId: 'r', requestHash: hash });
    expect(part.headers.filter(([n]) => n.toLowerCase() === 'x-road-service')).toHaveLength(2);
    expect(part.service).toEqual(service);
  });
  it.each([
    ['OK\n200\nx-road-id:q\nx-road-request-hash:AAAA\n', '3-digit'],
    ['200\nOK\nx-road-request-hash:AAAA\n', 'x-road-id or x-road-request-hash missing'],
    ['200\nOK\nx-road-id:q\n', 'missing'],
    ['200\nOK\nx-road-id:q\nx-road-request-hash:\n', 'missing or empty'],
    ['200\nOK\nx-road-id:q\nx-road-request-hash:%%%\n', 'not base64'],
  ])('refuses %j with internal_error', (text, message) => {
    expect(() => parseRestResponsePart(crlf(text))).toThrow(expect.objectContaining({ code: 'internal_error', message: expect.stringContaining(message) }));
  });
});

function opensslSha512(data: Buffer): Buffer {
  const r = spawnSync('openssl', ['dgst', '-sha512', '-binary'], { input: data, timeout: 10_000 });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  return r.stdout;
}

describe('X-Road-Request-Hash (REST-007)', () => {
  const header = crlf('POST\n/r1/EE/GOV/5678/P/s\nx-road-request-id:r\n');
  const body = Buffer.from('{"a":1}');

  it('matches an independent computation with openssl, with and without a body', () => {
    const withBody = opensslSha512(Buffer.concat([opensslSha512(header), opensslSha512(body)]));
    expect(restRequestHash(header, opensslSha512(body))).toEqual(withBody);
    expect(restRequestHashBase64(header)).toBe(opensslSha512(header).toString('base64'));
  });
  it('detects a changed header part, body or hash value', () => {
    const good = restRequestHash(header, opensslSha512(body));
    expect(restRequestHashMatches(good, good.toString('base64'))).toBe(true);
    const b64 = good.toString('base64');
    expect(restRequestHashMatches(good, b64.slice(0, 40) + '\n' + b64.slice(40))).toBe(true);
    expect(restRequestHashMatches(good, restRequestHash(Buffer.concat([header, Buffer.from('x')]), opensslSha512(body)))).toBe(false);
    expect(restRequestHashMatches(good, restRequestHash(header, opensslSha512(Buffer.from('{"a":2}'))))).toBe(false);
    expect(restRequestHashMatches(good, restRequestHash(header))).toBe(false);
    expect(restRequestHashMatches(good, 'AAAA')).toBe(false);
  });
});
