import { describe, expect, it } from 'vitest';
import { clientId, idToString, serviceId } from '../identifiers/index.js';
import { describeWithVectors, readVector } from '../test-support/vectors.js';
import { checkHeaderConsistency, findInconsistentField } from './consistency.js';
import { buildFault, buildRequest, buildResponse } from './envelope-builder.js';
import { faultToError, parseSoapEnvelope } from './envelope.js';
import { faultCodeOf } from '../test-support/fault-code.js';

const q = (name: string) => readVector('messages', 'soap-queries', name);
const text = (name: string) => q(name).toString('utf8');
const parse = (s: string | Uint8Array, contentType?: string) => parseSoapEnvelope(typeof s === 'string' ? Buffer.from(s, 'utf8') : s, { contentType });

// Rows "SOAP message parsing" of vectors/CATALOG.md, asserted by X-Road's SoapMessageTest.
describeWithVectors('SoapMessageTest vectors', () => {
  it('simple.query: header fields read exactly', () => {
    const m = parse(q('simple.query'));
    expect(idToString(m.header.client!)).toBe('MEMBER:EE/BUSINESS/consumer');
    expect(m.header.service).toEqual(serviceId(clientId('EE', 'BUSINESS', 'producer'), 'testQuery'));
    expect(m.header.userId).toBe('EE37702211234');
    expect(m.header.id).toBe('1234567890');
    expect(m.header.protocolVersion).toBe('4.0');
    expect(m.wrapper).toEqual({ localName: 'testQuery', namespaceUri: 'http://cosumer.ee.xroad.net', prefix: 'ns1' });
    expect(m.isResponse).toBe(false);
    expect(m.isRpc).toBe(false);
    expect(m.isFault).toBe(false);
  });

  it('simple-rpc.query is RPC-encoded, same header', () => {
    const m = parse(q('simple-rpc.query'));
    expect(m.isRpc).toBe(true);
    expect(m.header.id).toBe('1234567890');
    expect(idToString(m.header.service!)).toBe('SERVICE:EE/BUSINESS/producer/testQuery');
  });

  it('simple.answer is a response', () => {
    const m = parse(q('simple.answer'));
    expect(m.isResponse).toBe(true);
    expect(m.header.userId).toBe('EE37702211234');
  });

  it('simple-representedparty.query: representedParty and issue', () => {
    const m = parse(q('simple-representedparty.query'));
    expect(m.header.representedParty).toEqual({ partyClass: 'COM', partyCode: 'MEMBER3' });
    expect(m.header.issue).toBe('issue-1');
  });

  it('missing-userId.query parses, userId absent', () => {
    expect(parse(q('missing-userId.query')).header.userId).toBeUndefined();
  });

  it('getstate.query parses; <xroad:issue/> is present and empty', () => {
    const m = parse(q('getstate.query'));
    expect(m.header.issue).toBe('');
    expect(m.wrapper?.localName).toBe('getState');
  });

  const failures: [string, string][] = [
    ['no-header.query', 'missing_header'],
    ['missing-body.query', 'missing_body'],
    ['faulty-header.query', 'missing_header_field'],
    ['faulty-header2.query', 'duplicate_header_field'],
    ['malformed-body1.query', 'invalid_body'],
    ['inconsistent-headers.query', 'inconsistent_headers'],
    ['wrong-version.query', 'invalid_protocol_version'],
  ];
  for (const [file, code] of failures) {
    it(`${file} -> ${code}`, () => expect(faultCodeOf(() => parse(q(file)))).toBe(code));
  }

  it('simple.query parsed as text/html -> invalid_content_type', () => {
    expect(faultCodeOf(() => parse(q('simple.query'), 'text/html; charset=UTF-8'))).toBe('invalid_content_type');
    expect(faultCodeOf(() => parse(q('simple.query'), 'application/xop+xml; charset=UTF-8'))).toBeUndefined();
  });

  it('consistency: getstate.query vs getstate.answer ok, simple.query vs getstate.answer inconsistent_headers', () => {
    const simple = parse(q('simple.query')).header;
    expect(faultCodeOf(() => checkHeaderConsistency(simple, simple))).toBeUndefined();
    expect(faultCodeOf(() => checkHeaderConsistency(parse(q('getstate.query')).header, parse(q('getstate.answer')).header))).toBeUndefined();
    expect(faultCodeOf(() => checkHeaderConsistency(simple, parse(q('getstate.answer')).header))).toBe('inconsistent_headers');
    expect(findInconsistentField(simple, parse(q('getstate.answer')).header)).toBe('service');
  });

  it('a fault document is read as a fault (faultMessage)', () => {
    const m = parse(buildFault({ faultCode: 'foo.bar', faultString: 'baz', faultActor: 'xxx', faultDetail: 'yyy' }));
    expect(m.isFault).toBe(true);
    expect(m.fault).toEqual({ faultCode: 'foo.bar', faultString: 'baz', faultActor: 'xxx', faultDetail: 'yyy' });
    expect(faultToError(m.fault!).withOrigin('client').code).toBe('client.foo.bar');
  });

  it('keeps the input bytes untouched (shouldNotReencodeInputMessage)', () => {
    const bytes = q('simple.query');
    const m = parse(bytes);
    expect(m.bytes).toBe(bytes);
    expect(Buffer.from(m.bytes).equals(q('simple.query'))).toBe(true);
  });

  it('request -> response keeps the header and names the wrapper <serviceCode>Response (requestToResponse)', () => {
    const response = parse(buildResponse(parse(q('simple.query'))));
    expect(response.isResponse).toBe(true);
    expect(response.wrapper?.localName).toBe('testQueryResponse');
    const suffix = parse(buildResponse(parse(q('request-suffix.query'))));
    expect(suffix.wrapper?.localName).toBe('testQueryResponse');
  });

  it('parses what it builds (shouldParseBuiltMessage)', () => {
    const header = {
      client: clientId('EE', 'BUSINESS', 'producer'),
      service: serviceId(clientId('EE', 'BUSINESS', 'consumer'), 'test'),
      userId: 'foobar',
      id: 'barbaz',
    };
    const built = parse(buildRequest(header));
    expect(built.header.userId).toBe('foobar');
    expect(built.header.id).toBe('barbaz');
    expect(faultCodeOf(() => checkHeaderConsistency(built.header, { ...header, fields: [], qnames: {} }))).toBeUndefined();
    expect(parse(buildRequest(header, { rpc: true })).isRpc).toBe(true);
  });
});

describeWithVectors('envelope checks on tampered vectors', () => {
  const simple = text('simple.query');

  it('objectType missing, unknown or of the wrong kind -> invalid_xml', () => {
    expect(faultCodeOf(() => parse(text('missingobjecttype.query')))).toBe('invalid_xml');
    expect(faultCodeOf(() => parse(simple.replace('id:objectType="SERVICE"', 'id:objectType="FOO"')))).toBe('invalid_xml');
    expect(faultCodeOf(() => parse(simple.replace('id:objectType="MEMBER"', 'id:objectType="SERVICE"')))).toBe('invalid_xml');
    expect(faultCodeOf(() => parse(simple.replace('id:objectType="SERVICE"', 'id:objectType="MEMBER"')))).toBe('invalid_xml');
  });

  it('identifier parts: duplicate -> duplicate_header_field, blank -> the kind\'s code', () => {
    const dup = simple.replace('<id:memberCode>consumer</id:memberCode>', '<id:memberCode>a</id:memberCode><id:memberCode>b</id:memberCode>');
    expect(faultCodeOf(() => parse(dup))).toBe('duplicate_header_field');
    expect(faultCodeOf(() => parse(simple.replace('<id:memberCode>consumer</id:memberCode>', '<id:memberCode> </id:memberCode>')))).toBe('invalid_client_identifier');
    expect(faultCodeOf(() => parse(simple.replace('<id:serviceCode>testQuery</id:serviceCode>', '')))).toBe('invalid_service_identifier');
  });

  it('a MEMBER client with a subsystemCode is a subsystem in a header (SAX parser rule)', () => {
    const m = parse(simple.replace('<id:memberCode>consumer</id:memberCode>', '<id:memberCode>consumer</id:memberCode><id:subsystemCode>s</id:subsystemCode>'));
    expect(m.header.client).toEqual(clientId('EE', 'BUSINESS', 'consumer', 's'));
  });

  it('required fields in X-Road order, service last with its own message', () => {
    const noVersionNoClient = simple.replace(/<xroad:protocolVersion>.*<\/xroad:protocolVersion>/, '').replace(/<xroad:client[\s\S]*?<\/xroad:client>/, '');
    expect(() => parse(noVersionNoClient)).toThrow("Required field 'protocolVersion' is missing");
    expect(() => parse(simple.replace(/<xroad:client[\s\S]*?<\/xroad:client>/, ''))).toThrow("Required field 'client' is missing");
    expect(() => parse(simple.replace(/<xroad:service[\s\S]*?<\/xroad:service>/, ''))).toThrow('Message header must contain service id');
  });

  it('protocolVersion must start with "4."', () => {
    expect(parse(simple.replace('>4.0<', '>4.1<')).header.protocolVersion).toBe('4.1');
    expect(faultCodeOf(() => parse(simple.replace('>4.0<', '><')))).toBe('invalid_protocol_version');
    expect(faultCodeOf(() => parse(text('wrong-protocolVersion.query')))).toBe('invalid_protocol_version');
  });

  it('wrapper only has to start with the service code; no child -> invalid_body', () => {
    expect(parse(simple.replace(/testQuery xmlns/, 'testQueryX xmlns').replace('</ns1:testQuery>', '</ns1:testQueryX>')).wrapper?.localName).toBe('testQueryX');
    expect(faultCodeOf(() => parse(text('malformed-body2.query')))).toBe('invalid_body');
    expect(faultCodeOf(() => parse(text('malformed-body3.query')))).toBe('inconsistent_headers');
  });

  it('not XML, not an envelope, SOAP 1.2, DOCTYPE, two roots, bad entity, unbound prefix -> invalid_soap', () => {
    const bad = [
      '',
      'hello',
      simple.slice(0, simple.length - 30),
      simple.replace('<SOAP-ENV:Body>', '<SOAP-ENV:Body><x>'),
      simple.replace(/SOAP-ENV:Envelope/g, 'SOAP-ENV:Envelop'),
      simple.replace('http://schemas.xmlsoap.org/soap/envelope/', 'http://www.w3.org/2003/05/soap-envelope'),
      simple.replace('<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "v">]>'),
      simple + '<extra/>',
      simple + 'trailing',
      simple.replace('<name>foo</name>', '<name>&foo;</name>'),
      simple.replace('<name>foo</name>', '<zz:name>foo</zz:name>'),
      simple.replace('<xroad:id>', '<qq:id>').replace('</xroad:id>', '</qq:id>'),
      simple.replace('<name>foo</name>', '<name>a & b</name>'),
    ];
    for (const s of bad) expect(faultCodeOf(() => parse(s)), s.slice(0, 60)).toBe('invalid_soap');
    // The same things inside CDATA are not markup.
    expect(faultCodeOf(() => parse(simple.replace('<name>foo</name>', '<name><![CDATA[&foo; <zz:x>]]></name>')))).toBeUndefined();
  });

  it('entities, character references, CDATA and comments in header values', () => {
    const m = parse(text('xmlencoded.query'));
    expect(m.header.userId).toBe(`<"EE37702211234" & 'xml encoded'>`);
    const c = parse(simple.replace('>EE37702211234<', '><![CDATA[EE<1>]]>&#x41;<!-- c -->B<'));
    expect(c.header.userId).toBe('EE<1>AB');
    const part = parse(simple.replace('>consumer<', '>con<!-- x -->sumer&amp;<'));
    expect(part.header.client).toEqual(clientId('EE', 'BUSINESS', 'consumer&'));
    expect(parse(text('split-header.query')).header.issue).toBe('w\naa\nww\n');
  });

  it('default namespaces resolve (getstate-defaultnamespace.query)', () => {
    const m = parse(text('getstate-defaultnamespace.query'));
    expect(idToString(m.header.client!)).toBe('MEMBER:EE/BUSINESS/consumer');
    expect(m.wrapper).toEqual({ localName: 'getState', namespaceUri: 'http://x-road.eu/xsd/xroad.xsd', prefix: '' });
  });

  it('securityServer, requestHash, securityToken and centralService header fields', () => {
    const extra =
      '<xroad:securityServer id:objectType="SERVER"><id:xRoadInstance>EE</id:xRoadInstance><id:memberClass>GOV</id:memberClass>' +
      '<id:memberCode>1</id:memberCode><id:serverCode>ss1</id:serverCode></xroad:securityServer>' +
      '<tok:securityToken xmlns:tok="http://x-road.eu/xsd/security-token.xsd" tokenType="urn:ietf:params:oauth:token-type:jwt">eyJ.x.y</tok:securityToken>' +
      '<xroad:centralService id:objectType="CENTRALSERVICE"><id:xRoadInstance>EE</id:xRoadInstance><id:serviceCode>cs</id:serviceCode></xroad:centralService>' +
      '<xroad:requestHash algorithmId="http://www.w3.org/2001/04/xmlenc#sha512">abc=</xroad:requestHash>';
    const m = parse(simple.replace('<xroad:userId>', extra + '<xroad:userId>'));
    expect(idToString(m.header.securityServer!)).toBe('SERVER:EE/GOV/1/ss1');
    expect(m.header.securityToken).toEqual({ tokenType: 'urn:ietf:params:oauth:token-type:jwt', value: 'eyJ.x.y' });
    expect(idToString(m.header.centralService!)).toBe('CENTRALSERVICE:EE/cs');
    expect(m.header.requestHash).toEqual({ algorithmId: 'http://www.w3.org/2001/04/xmlenc#sha512', value: 'abc=' });
    expect(m.header.fields).toEqual(['client', 'service', 'securityServer', 'securityToken', 'centralService', 'requestHash', 'userId', 'id', 'protocolVersion']);
    expect(faultCodeOf(() => parse(simple.replace('<xroad:userId>', extra.split('<tok:')[0] + extra.split('<tok:')[0] + '<xroad:userId>')))).toBe('duplicate_header_field');
    expect(faultCodeOf(() => parse(simple.replace('<xroad:userId>', extra.replace('"SERVER"', '"MEMBER"') + '<xroad:userId>')))).toBe('invalid_xml');
    // 7.8 does not read centralService: a broken one is ignored, not an error.
    expect(parse(simple.replace('<xroad:userId>', extra.replace('"CENTRALSERVICE"', '"X"') + '<xroad:userId>')).header.centralService).toBeUndefined();
  });

  it('a fault skips the header checks but not the errors met while reading', () => {
    expect(parse(text('fault.query')).fault).toEqual({ faultCode: 'CODE', faultString: 'STRING', faultActor: 'ACTOR', faultDetail: 'DETAIL' });
    const withDupHeader = text('fault.query').replace(
      '<SOAP-ENV:Body>',
      '<SOAP-ENV:Header><xroad:id>1</xroad:id><xroad:id>2</xroad:id></SOAP-ENV:Header><SOAP-ENV:Body>',
    );
    expect(faultCodeOf(() => parse(withDupHeader))).toBe('duplicate_header_field');
    expect(parse(text('customfault.answer')).fault?.faultCode).toBe('foo:FOOCODE');
  });

  it('charset: content-type parameter, else the XML declaration, else UTF-8; UTF-8 BOM stripped but kept in bytes', () => {
    const latin = Buffer.from(simple.replace('EE37702211234', 'Jüri'), 'latin1');
    expect(parse(latin, 'text/xml; charset=ISO-8859-1').header.userId).toBe('Jüri');
    expect(faultCodeOf(() => parse(latin, 'text/xml; charset=UTF-8'))).toBe('invalid_soap');
    const declared = Buffer.from(simple.replace('encoding="utf-8"', 'encoding="ISO-8859-1"').replace('EE37702211234', 'Jüri'), 'latin1');
    expect(parse(declared, 'text/xml').header.userId).toBe('Jüri');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), q('simple.query')]);
    const m = parse(bom);
    expect(m.header.id).toBe('1234567890');
    expect(m.bytes[0]).toBe(0xef);
    expect(m.xml.startsWith('<?xml')).toBe(true);
    expect(faultCodeOf(() => parse(bom, 'text/xml; charset=ISO-8859-1'))).toBe('invalid_soap');
    expect(faultCodeOf(() => parse(q('simple.query'), 'text/xml; charset=no-such-charset'))).toBe('invalid_content_type');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(simple.replace('encoding="utf-8"', 'encoding="UTF-16"'), 'utf16le')]);
    expect(parse(utf16, 'text/xml').header.userId).toBe('EE37702211234');
  });
});

describe('envelope without vectors', () => {
  it('reads a string input as UTF-8 bytes', () => {
    const xml = buildRequest({ client: clientId('EE', 'C', 'M'), service: serviceId(clientId('EE', 'C', 'P', 's'), 'q'), id: 'x' });
    const m = parseSoapEnvelope(xml);
    expect(Buffer.from(m.bytes).toString('utf8')).toBe(xml);
    expect(m.header.service?.subsystemCode).toBe('s');
  });
});
