import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { XRoadError } from '../faults/index.js';
import { buildRestErrorResponse, parseRestErrorBody, restErrorMediaType, restErrorStatus } from './rest-error.js';

describe('REST error answers (REST-011, REST-012)', () => {
  it('answers 500 exactly for server.* codes in any spelling', () => {
    expect(restErrorStatus('server.clientproxy.network_error')).toBe(500);
    expect(restErrorStatus('Server.ClientProxy.NetworkError')).toBe(500);
    expect(restErrorStatus('client.bad_request')).toBe(400);
    expect(restErrorStatus('serverx.foo')).toBe(400);
    expect(restErrorStatus('invalid_client_identifier')).toBe(400);
  });
  it('chooses the body type from Accept: XML types (text/* as text/xml), else JSON', () => {
    expect(restErrorMediaType(undefined)).toBe('application/json');
    expect(restErrorMediaType('application/json, text/html')).toBe('application/json');
    expect(restErrorMediaType('text/html, application/xml;q=0.9')).toBe('application/xml');
    expect(restErrorMediaType(['image/png', 'TEXT/*'])).toBe('text/xml');
    expect(restErrorMediaType('text/xml')).toBe('text/xml');
    expect(restErrorMediaType('*/*')).toBe('application/json');
  });
  it('builds a JSON error with X-Road-Error and charset, readable back', () => {
    const r = buildRestErrorResponse(new XRoadError('server.clientproxy.network_error', 'Connection refused', 'd-1'));
    expect(r.status).toBe(500);
    expect(r.headers).toEqual([['X-Road-Error', 'server.clientproxy.network_error'], ['Content-Type', 'application/json; charset=UTF-8']]);
    expect(JSON.parse(r.body.toString())).toEqual({ type: 'server.clientproxy.network_error', message: 'Connection refused', detail: 'd-1' });
    expect(parseRestErrorBody(r.body, 'application/json;charset=utf-8')).toEqual({ type: 'server.clientproxy.network_error', message: 'Connection refused', detail: 'd-1' });
  });
  it('builds a well-formed XML error (checked by xmllint) with escaped text, readable back', () => {
    const r = buildRestErrorResponse(new XRoadError('client.bad_request', 'a < b & "c"'), 'application/xml');
    expect(r.status).toBe(400);
    expect(r.headers[1]).toEqual(['Content-Type', 'application/xml; charset=UTF-8']);
    const lint = spawnSync('xmllint', ['--noout', '-'], { input: r.body, timeout: 10_000 });
    expect(lint.status).toBe(0);
    expect(parseRestErrorBody(r.body, 'application/xml')).toEqual({ type: 'client.bad_request', message: 'a < b & "c"', detail: null });
  });
  it.each([
    ['not json', 'application/json', 'not JSON'],
    ['{"message":"x"}', 'application/json', 'no string "type"'],
    ['<other/>', 'text/xml', 'is not <error>'],
    ['x', 'text/html', 'unexpected Content-Type'],
  ])('refuses the error body %s', (body, ct, message) => {
    expect(() => parseRestErrorBody(Buffer.from(body), ct)).toThrow(expect.objectContaining({ code: 'invalid_message', message: expect.stringContaining(message) }));
  });
});
