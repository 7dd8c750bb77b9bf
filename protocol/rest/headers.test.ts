import { describe, expect, it } from 'vitest';
import { filterForwardedHeaders, isXRoadHeader, lastHeaderValue, SKIPPED_HEADERS, toHeaderList } from './headers.js';
import { formatRepresentedParty, parseRepresentedParty, readRestRequestHeaders, requireClient, restRequestHeaderList } from './request-headers.js';

describe('REST-009 header filtering', () => {
  it('drops hop-by-hop, origin-leaking, content-length and expect; keeps the rest in order', () => {
    const input: Array<[string, string]> = [
      ['Host', 'a'], ['User-Agent', 'x'], ['Connection', 'close'], ['Keep-Alive', '1'], ['TE', 'trailers'],
      ['Trailer', 'x'], ['Transfer-Encoding', 'chunked'], ['Upgrade', 'h2c'], ['Proxy-Authorization', 'x'],
      ['Proxy-Authenticate', 'x'], ['Server', 'jetty'], ['Content-Length', '3'], ['Expect', '100-continue'],
      ['Content-Type', 'application/json'], ['Accept', 'application/xml'], ['Authorization', 'Bearer t'], ['X-Powered-By', 'me'],
    ];
    expect(filterForwardedHeaders(input)).toEqual([
      ['Content-Type', 'application/json'], ['Accept', 'application/xml'], ['Authorization', 'Bearer t'], ['X-Powered-By', 'me'],
    ]);
    expect(SKIPPED_HEADERS.size).toBe(13);
  });
  it('normalises Node header objects, raw arrays and Headers', () => {
    expect(toHeaderList({ a: '1', b: ['2', '3'], c: undefined })).toEqual([['a', '1'], ['b', '2'], ['b', '3']]);
    expect(toHeaderList(['A', '1', 'B', '2'])).toEqual([['A', '1'], ['B', '2']]);
    expect(toHeaderList(new Headers([['x-a', '1']]))).toEqual([['x-a', '1']]);
    expect(isXRoadHeader('x-ROAD-client')).toBe(true);
    expect(isXRoadHeader('x-roadclient')).toBe(false);
  });
});

describe('X-Road-* request headers (REST-002, REST-005)', () => {
  it('reads identifiers case-insensitively, the last repeated header winning', () => {
    const h = readRestRequestHeaders([
      ['x-road-client', 'EE/GOV/1/OLD'],
      ['X-Road-Client', 'EE/GOV/1234/CLIENT'],
      ['X-Road-Id', 'q-1'],
      ['X-Road-UserId', 'EE123'],
      ['X-Road-Issue', 'iss'],
      ['X-Road-Security-Server', 'EE/GOV/5678/ss1'],
      ['X-Road-Represented-Party', 'COM/999'],
    ]);
    expect(h.client).toMatchObject({ objectType: 'SUBSYSTEM', memberCode: '1234', subsystemCode: 'CLIENT' });
    expect(h.securityServer).toMatchObject({ objectType: 'SERVER', serverCode: 'ss1' });
    expect(h.representedParty).toEqual({ partyClass: 'COM', partyCode: '999' });
    expect(h.queryId).toBe('q-1');
    expect(h.userId).toBe('EE123');
    expect(h.issue).toBe('iss');
    expect(lastHeaderValue(restRequestHeaderList(h), 'x-road-client')).toBe('EE/GOV/1234/CLIENT');
    expect(readRestRequestHeaders([['X-Road-Client', 'EE/GOV/1234']]).client).toMatchObject({ objectType: 'MEMBER' });
  });
  it('refuses malformed identifiers with their codes and requires X-Road-Client', () => {
    expect(() => readRestRequestHeaders([['X-Road-Client', 'EE/GOV']])).toThrow(expect.objectContaining({ code: 'invalid_client_identifier' }));
    expect(() => readRestRequestHeaders([['X-Road-Security-Server', 'EE/GOV/1']])).toThrow(expect.objectContaining({ code: 'invalid_security_server' }));
    expect(() => requireClient(readRestRequestHeaders([]))).toThrow(expect.objectContaining({ code: 'invalid_client_identifier', message: expect.stringContaining('missing') }));
    expect(() => parseRepresentedParty('A/B/C')).toThrow(expect.objectContaining({ code: 'invalid_client_identifier' }));
    expect(() => parseRepresentedParty('A/')).toThrow(expect.objectContaining({ code: 'invalid_client_identifier' }));
  });
  it('round-trips a represented party with and without class', () => {
    expect(parseRepresentedParty('999')).toEqual({ partyCode: '999' });
    expect(parseRepresentedParty(formatRepresentedParty({ partyClass: 'C/O', partyCode: 'x y' }))).toEqual({ partyClass: 'C/O', partyCode: 'x y' });
  });
});
