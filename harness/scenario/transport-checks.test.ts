import { describe, expect, it } from 'vitest';
import { checkHeaderRule, faultCodeHas, matchPartOrder, transportParts } from './transport-checks.js';
import { TransportMessageEncoder } from '../../protocol/transport/index.js';

describe('matchPartOrder', () => {
  const request = ['application/ocsp-response+', 'text/xml', 'signature/bdoc-1.0/ts'];
  it('accepts one or more OCSP parts, then the message and the signature', () => {
    expect(matchPartOrder(['application/ocsp-response', 'text/xml', 'signature/bdoc-1.0/ts'], request)).toBeUndefined();
    expect(matchPartOrder(['application/ocsp-response', 'application/ocsp-response', 'text/xml', 'signature/bdoc-1.0/ts'], request)).toBeUndefined();
  });
  it('names the first misplaced, missing or extra part', () => {
    expect(matchPartOrder(['text/xml', 'signature/bdoc-1.0/ts'], request)).toMatch(/application\/ocsp-response at part 1/);
    expect(matchPartOrder(['application/ocsp-response', 'signature/bdoc-1.0/ts', 'text/xml'], request)).toMatch(/text\/xml at part 2/);
    expect(matchPartOrder(['application/ocsp-response', 'text/xml'], request)).toMatch(/end of the message/);
    expect(matchPartOrder(['application/ocsp-response', 'text/xml', 'signature/bdoc-1.0/ts', 'text/xml'], request)).toMatch(/unexpected part 4/);
  });
  it('treats ? as optional and single rows as exactly one', () => {
    expect(matchPartOrder(['a', 'c'], ['a', 'b?', 'c'])).toBeUndefined();
    expect(matchPartOrder(['a', 'a'], ['a'])).toMatch(/unexpected part 2/);
  });
});

describe('checkHeaderRule', () => {
  it('passes values that fit and names the ones that do not', () => {
    expect(checkHeaderRule('0b6b1f2e-8d2a-4a5e-9f00-1c2d3e4f5a6b', 'a UUID')).toBeUndefined();
    expect(checkHeaderRule('not-a-uuid', 'a UUID')).toMatch(/not a UUID/);
    expect(checkHeaderRule('SHA-512', 'a known digest name')).toBeUndefined();
    expect(checkHeaderRule('MD5', 'a known digest name')).toMatch(/not a digest name/);
    expect(checkHeaderRule(undefined, 'absent')).toBeUndefined();
    expect(checkHeaderRule('x', 'absent')).toMatch(/present/);
    expect(checkHeaderRule(undefined, 'present')).toBe('absent');
    expect(checkHeaderRule('REST', 'is REST')).toBeUndefined();
    expect(checkHeaderRule('SOAP', 'is REST')).toBe('"SOAP"');
    expect(checkHeaderRule('text/xml; charset=UTF-8', 'starts with text/xml')).toBeUndefined();
    expect(checkHeaderRule('7.8.0', 'a version number')).toBeUndefined();
    expect(checkHeaderRule('seven', 'a version number')).toMatch(/not a version/);
    expect(() => checkHeaderRule('x', 'sounds nice')).toThrow(/unknown header rule/);
  });
});

describe('faultCodeHas', () => {
  it('matches a prefix and a run of segments in either spelling', () => {
    expect(faultCodeHas('server.clientproxy.ssl_authentication_failed.internal_error', 'server.clientproxy', 'ssl_authentication_failed')).toBe(true);
    expect(faultCodeHas('Server.ClientProxy.SslAuthenticationFailed', 'server.clientproxy', 'ssl_authentication_failed')).toBe(true);
    expect(faultCodeHas('server.serverproxy.malformed_signature.invalid_hash_chain', 'server.serverproxy', 'invalid_hash_chain')).toBe(true);
  });
  it('does not match a longer segment, another prefix or a missing code', () => {
    expect(faultCodeHas('server.serverproxy.malformed_signature.invalid_hash_chain_ref', 'server.serverproxy', 'invalid_hash_chain')).toBe(false);
    expect(faultCodeHas('server.clientproxy.invalid_signature_value', 'server.serverproxy', 'invalid_signature_value')).toBe(false);
    expect(faultCodeHas('server.serverproxy.access_denied', 'server.serverproxy', 'service_disabled')).toBe(false);
  });
});

describe('transportParts', () => {
  it('lists the parts of an encoded message with the nested attachments', async () => {
    const enc = new TransportMessageEncoder();
    enc.ocspResponse(Buffer.from([0x30, 0x00]));
    enc.soap('<e/>');
    enc.attachment(Buffer.from('a'), 'application/octet-stream');
    enc.attachment(Buffer.from('b'), 'text/plain');
    enc.hashChain('<r/>', '<c/>');
    enc.signature('<s/>');
    const parts = transportParts(await enc.toBuffer(), enc.contentType);
    expect(parts.map((p) => p.mediaType)).toEqual(['application/ocsp-response', 'text/xml', 'multipart/mixed', 'application/hash-chain-result', 'application/hash-chain', 'signature/bdoc-1.0/ts']);
    expect(parts[2]!.nested).toEqual(['application/octet-stream', 'text/plain']);
  });
});
