import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { faultCodeOf } from '../test-support/fault-code.js';
import { describeWithVectors, readVector, vectorPath } from '../test-support/vectors.js';
import { formatIdentifierXml, identifierFromFields, parseIdentifierXml } from './id-xml.js';
import { clientId, idEquals, idToString, localGroupId, serviceId, securityServerId, globalGroupId, centralServiceId } from './xroad-id.js';

// Expected results: IdentifierTypeConverterTest (vectors CATALOG "Identifier XML").
const EXPECTED: Record<string, { str?: string; code?: string }> = {
  'clientid.xml': { str: 'MEMBER:EE/COMPANY/FOOBAR' },
  'clientid-subsystem.xml': { str: 'SUBSYSTEM:EE/COMPANY/FOOBAR/SUBSYSTEM' },
  'serviceid.xml': { str: 'SERVICE:EE/BUSINESS/JODA/getState' },
  'serviceid-version.xml': { str: 'SERVICE:EE/BUSINESS/JODA/getState/v1' },
  'securityserverid.xml': { str: 'SERVER:EE/BUSINESS/123456789/bambi' },
  'globalgroupid.xml': { str: 'GLOBALGROUP:EE/perearstid' },
  'localgroupid.xml': { str: 'LOCALGROUP:lokaalgrupp' },
  'invalid-clientid-member.xml': { code: 'invalid_client_identifier' },
  'invalid-clientid-subsystem.xml': { code: 'invalid_client_identifier' },
};

describeWithVectors('identifier XML vectors (IdentifierTypeConverterTest)', () => {
  it('covers every file in messages/identifiers', () => {
    const files = readdirSync(vectorPath('messages', 'identifiers')).filter((f) => f.endsWith('.xml')).sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, want] of Object.entries(EXPECTED)) {
    it(`${file} -> ${want.str ?? want.code}`, () => {
      const xml = readVector('messages', 'identifiers', file);
      if (want.code) {
        expect(faultCodeOf(() => parseIdentifierXml(xml))).toBe(want.code);
      } else {
        const id = parseIdentifierXml(xml);
        expect(idToString(id)).toBe(want.str);
        // Round trip: our serialisation reads back as the same id.
        expect(idEquals(parseIdentifierXml(formatIdentifierXml(id)), id)).toBe(true);
      }
    });
  }

  it('reads fields exactly (member, subsystem, version, local group has no instance)', () => {
    expect(parseIdentifierXml(readVector('messages', 'identifiers', 'clientid-subsystem.xml'), 'client')).toEqual(
      clientId('EE', 'COMPANY', 'FOOBAR', 'SUBSYSTEM'),
    );
    const svc = parseIdentifierXml(readVector('messages', 'identifiers', 'serviceid-version.xml'), 'service');
    expect(svc.serviceVersion).toBe('v1');
    expect(parseIdentifierXml(readVector('messages', 'identifiers', 'serviceid.xml'), 'service').serviceVersion).toBeUndefined();
    expect(parseIdentifierXml(readVector('messages', 'identifiers', 'localgroupid.xml'))).toEqual(localGroupId('lokaalgrupp'));
  });

  it('refuses a vector read as the wrong kind (objectType decides) with invalid_xml', () => {
    expect(faultCodeOf(() => parseIdentifierXml(readVector('messages', 'identifiers', 'serviceid.xml'), 'client'))).toBe('invalid_xml');
    expect(faultCodeOf(() => parseIdentifierXml(readVector('messages', 'identifiers', 'clientid.xml'), 'server'))).toBe('invalid_xml');
  });

  it('tampered vectors fail: objectType removed, renamed, a required part blanked', () => {
    const text = readVector('messages', 'identifiers', 'clientid.xml').toString('utf8');
    expect(faultCodeOf(() => parseIdentifierXml(text.replace(' id:objectType="MEMBER"', '')))).toBe('invalid_xml');
    expect(faultCodeOf(() => parseIdentifierXml(text.replace('"MEMBER"', '"MEMBERX"')))).toBe('invalid_xml');
    // An unqualified objectType is not the identifiers-namespace attribute.
    expect(faultCodeOf(() => parseIdentifierXml(text.replace('id:objectType', 'objectType')))).toBe('invalid_xml');
    expect(faultCodeOf(() => parseIdentifierXml(text.replace('FOOBAR', '  ')))).toBe('invalid_client_identifier');
    expect(faultCodeOf(() => parseIdentifierXml(text.replace(/<id:memberClass>.*<\/id:memberClass>/, '')))).toBe('invalid_client_identifier');
    const svc = readVector('messages', 'identifiers', 'serviceid.xml').toString('utf8');
    expect(faultCodeOf(() => parseIdentifierXml(svc.replace(/<id:serviceCode>.*<\/id:serviceCode>/, '')))).toBe('invalid_service_identifier');
    expect(faultCodeOf(() => parseIdentifierXml(text.replace('</xroad:client>', '')))).toBe('invalid_xml');
  });
});

describe('identifier XML form', () => {
  it('writes children in identifiers.xsd order with the qualified objectType', () => {
    const svc = serviceId(clientId('EE', 'GOV', '123', 'sub'), 'getX', 'v2');
    expect(formatIdentifierXml(svc, { declareNamespaces: false })).toBe(
      '<xroad:service id:objectType="SERVICE"><id:xRoadInstance>EE</id:xRoadInstance><id:memberClass>GOV</id:memberClass>' +
        '<id:memberCode>123</id:memberCode><id:subsystemCode>sub</id:subsystemCode><id:serviceCode>getX</id:serviceCode>' +
        '<id:serviceVersion>v2</id:serviceVersion></xroad:service>',
    );
    const server = securityServerId('EE', 'GOV', '123', 'ss1');
    expect(formatIdentifierXml(server)).toContain('<id:serverCode>ss1</id:serverCode></xroad:securityServer>');
  });

  it('escapes markup in values and reads it back', () => {
    const c = clientId('EE', 'A&B', '<x>');
    const xml = formatIdentifierXml(c);
    expect(xml).toContain('A&amp;B');
    expect(parseIdentifierXml(xml)).toEqual(c);
  });

  it('round-trips every kind', () => {
    for (const id of [
      clientId('EE', 'C', 'M'),
      clientId('EE', 'C', 'M', 'S'),
      serviceId(clientId('EE', 'C', 'M'), 'svc'),
      securityServerId('EE', 'C', 'M', 'srv'),
      globalGroupId('EE', 'g'),
      localGroupId('l'),
      centralServiceId('EE', 'cs'),
    ]) {
      expect(parseIdentifierXml(formatIdentifierXml(id))).toEqual(id);
    }
  });

  it('applies the SOAP-header subsystem rule only when asked (by-presence)', () => {
    const parts = { xRoadInstance: 'EE', memberClass: 'C', memberCode: 'M', subsystemCode: 'S' };
    expect(faultCodeOf(() => identifierFromFields('client', { objectType: 'MEMBER', parts }))).toBe('invalid_client_identifier');
    expect(identifierFromFields('client', { objectType: 'MEMBER', parts }, 'by-presence').objectType).toBe('SUBSYSTEM');
    expect(faultCodeOf(() => identifierFromFields('client', { objectType: 'SERVICE', parts }, 'by-presence'))).toBe('invalid_xml');
  });
});
