import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clientId, securityServerId, serviceId } from '../identifiers/index.js';
import { describeWithVectors, readVector } from '../test-support/vectors.js';
import { checkHeaderConsistency } from './consistency.js';
import { buildEnvelope, buildFault, buildRequest, buildResponse, escapeXml } from './envelope-builder.js';
import { parseSoapEnvelope } from './envelope.js';
import { computeRequestHash, replaceRequestHash, requestHashMatches } from './request-hash.js';
import { faultCodeOf } from '../test-support/fault-code.js';

/** xmllint as an independent well-formedness (and namespace) checker. */
function xmllintAccepts(xml: string): boolean {
  const r = spawnSync('xmllint', ['--noout', '-'], { input: xml, timeout: 10_000 });
  if (r.error) throw r.error;
  return r.status === 0;
}

const client = clientId('EE', 'BUSINESS', 'consumer');
const service = serviceId(clientId('EE', 'BUSINESS', 'producer', 'sub'), 'getRandom', 'v1');

describe('request builder', () => {
  const xml = buildRequest({
    client,
    service,
    id: 'id-1',
    userId: 'EE123 & <x>',
    issue: '',
    securityServer: securityServerId('EE', 'BUSINESS', 'producer', 'ss1'),
    representedParty: { partyClass: 'COM', partyCode: 'P1' },
    securityToken: { tokenType: 'urn:ietf:params:oauth:token-type:jwt', value: 'a.b.c' },
    wrapper: { content: '<prod:arg>1</prod:arg>' },
  });

  it('is well-formed for xmllint, and xmllint rejects a broken copy', () => {
    expect(xmllintAccepts(xml)).toBe(true);
    expect(xmllintAccepts(xml.replace('</SOAP-ENV:Body>', ''))).toBe(false);
  });

  it('parses back to the same header, in X-Road\'s field order', () => {
    const m = parseSoapEnvelope(xml);
    expect(m.header.client).toEqual(client);
    expect(m.header.service).toEqual(service);
    expect(m.header.userId).toBe('EE123 & <x>');
    expect(m.header.issue).toBe('');
    expect(m.header.representedParty).toEqual({ partyClass: 'COM', partyCode: 'P1' });
    expect(m.header.securityToken?.value).toBe('a.b.c');
    expect(m.header.fields).toEqual(['client', 'service', 'securityServer', 'userId', 'representedParty', 'issue', 'id', 'protocolVersion', 'securityToken']);
    expect(m.wrapper).toEqual({ localName: 'getRandom', namespaceUri: 'http://test.x-road.fi/producer', prefix: 'prod' });
  });

  it('follows a requested field order', () => {
    const m = parseSoapEnvelope(buildRequest({ client, service, id: 'x', userId: 'u', fields: ['id', 'protocolVersion', 'service', 'client'] }));
    expect(m.header.fields).toEqual(['id', 'protocolVersion', 'service', 'client', 'userId']);
  });

  it('writes wrappers in the X-Road namespace or without one', () => {
    const xr = buildEnvelope({ client, service, id: 'x' }, { localName: 'getRandom', namespaceUri: 'http://x-road.eu/xsd/xroad.xsd' });
    expect(xr).toContain('<SOAP-ENV:Body><xroad:getRandom></xroad:getRandom>');
    expect(parseSoapEnvelope(buildEnvelope({ client, service, id: 'x' }, { localName: 'getRandom' })).wrapper?.namespaceUri).toBeUndefined();
  });
});

describeWithVectors('response builder', () => {
  const requestBytes = readVector('messages', 'soap-queries', 'simple-representedparty.query');
  const request = parseSoapEnvelope(requestBytes);

  it('echoes the header in the request\'s order with requestHash right after xrd:id', () => {
    const xml = buildResponse(request, { wrapper: { content: '<r>ok</r>' } });
    expect(xmllintAccepts(xml)).toBe(true);
    const response = parseSoapEnvelope(xml);
    expect(response.header.fields).toEqual(['client', 'service', 'representedParty', 'userId', 'issue', 'id', 'requestHash', 'protocolVersion']);
    expect(faultCodeOf(() => checkHeaderConsistency(request.header, response.header))).toBeUndefined();
    expect(response.wrapper).toEqual({ localName: 'testQueryResponse', namespaceUri: 'http://cosumer.ee.xroad.net', prefix: 'ns1' });
    expect(response.header.requestHash?.value).toBe(createHash('sha512').update(requestBytes).digest('base64'));
    expect(requestHashMatches(response.header.requestHash!, requestBytes)).toBe(true);
    expect(requestHashMatches(response.header.requestHash!, Buffer.concat([requestBytes, Buffer.from(' ')]))).toBe(false);
  });

  it('can omit requestHash or break consistency on purpose', () => {
    expect(parseSoapEnvelope(buildResponse(request, { requestHash: null })).header.requestHash).toBeUndefined();
    const tampered = parseSoapEnvelope(buildResponse(request, { override: { id: 'other' } }));
    expect(faultCodeOf(() => checkHeaderConsistency(request.header, tampered.header))).toBe('inconsistent_headers');
  });

  it('replaces a provider IS\'s requestHash in place, leaving the rest byte-identical', () => {
    const answer = parseSoapEnvelope(readVector('messages', 'soap-queries', 'requesthash.answer'));
    expect(answer.header.requestHash?.value).toBe('foo');
    const hash = computeRequestHash(readVector('messages', 'soap-queries', 'getstate.query'));
    const edited = replaceRequestHash(answer, hash);
    const reparsed = parseSoapEnvelope(edited);
    expect(reparsed.header.requestHash).toEqual(hash);
    expect(reparsed.header.fields).toEqual(['client', 'service', 'userId', 'id', 'requestHash', 'issue', 'protocolVersion']);
    const strip = (s: string) => s.replace(/\s*<xroad:requestHash[^>]*>[^<]*<\/xroad:requestHash>/, '');
    expect(strip(edited)).toBe(strip(answer.xml));
    // A response without one gets one inserted after xrd:id.
    const plain = parseSoapEnvelope(readVector('messages', 'soap-queries', 'getstate.answer'));
    expect(parseSoapEnvelope(replaceRequestHash(plain, hash)).header.fields.slice(3, 5)).toEqual(['id', 'requestHash']);
  });

  it('base64 compare ignores whitespace; unknown algorithms and junk never match', () => {
    const h = computeRequestHash(requestBytes);
    expect(requestHashMatches({ ...h, value: h.value.replace(/(.{20})/g, '$1\n ') }, requestBytes)).toBe(true);
    expect(requestHashMatches({ algorithmId: 'urn:x', value: h.value }, requestBytes)).toBe(false);
    expect(requestHashMatches({ ...h, value: '!!' }, requestBytes)).toBe(false);
    expect(computeRequestHash(requestBytes, 'http://www.w3.org/2001/04/xmlenc#sha256').value).toBe(createHash('sha256').update(requestBytes).digest('base64'));
    expect(faultCodeOf(() => computeRequestHash(requestBytes, 'urn:nope'))).toBe('internal_error');
  });
});

describe('fault builder (MESS-018, SoapFault.createFaultXml)', () => {
  it('writes X-Road\'s exact layout', () => {
    expect(buildFault({ faultCode: 'server.clientproxy.invalid_soap', faultString: 'Bad <x> & "y"', faultActor: '', faultDetail: 'uuid-1' })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">' +
        '<SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>server.clientproxy.invalid_soap</faultcode>' +
        '<faultstring>Bad &lt;x&gt; &amp; &quot;y&quot;</faultstring><faultactor></faultactor>' +
        '<detail><faultDetail xmlns="">uuid-1</faultDetail></detail></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>',
    );
    expect(buildFault({ faultCode: 'c', faultString: 's' })).not.toContain('faultactor');
  });

  it('reads back as a fault with the same parts, and xmllint accepts it', () => {
    const xml = buildFault({ faultCode: 'client.invalid_body', faultString: "it's", faultActor: 'a', faultDetail: 'd' });
    expect(xmllintAccepts(xml)).toBe(true);
    expect(parseSoapEnvelope(xml).fault).toEqual({ faultCode: 'client.invalid_body', faultString: "it's", faultActor: 'a', faultDetail: 'd' });
  });

  it('escapes like escapeXml10', () => {
    expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
  });
});
