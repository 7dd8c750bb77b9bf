import { describe, expect, it } from 'vitest';
import { parseSoapEnvelope } from '../../protocol/soap/index.js';
import { clientIdXml, getWsdlBody, localServiceRequest, operationalDataBody } from './meta-requests.js';
import { unixTime } from './opmon-query.js';

describe('local service requests', () => {
  it('puts the metaservice body in place of the provider wrapper, header intact', () => {
    const xml = localServiceRequest({ client: 'DEV/GOV/4321/CLIENT', provider: 'DEV/COM/1234/PROVIDER', serviceCode: 'getWsdl', body: getWsdlBody('getRandom', 'v1') });
    const env = parseSoapEnvelope(Buffer.from(xml), { contentType: 'text/xml' });
    expect(env.header.service?.serviceCode).toBe('getWsdl');
    expect(xml).toContain('<xrd:getWsdl><xrd:serviceCode>getRandom</xrd:serviceCode><xrd:serviceVersion>v1</xrd:serviceVersion></xrd:getWsdl>');
    expect(xml).not.toContain('<prov:getWsdl>');
  });

  it('addresses the owner member (no subsystem) with the securityServer header for monitoring', () => {
    const xml = localServiceRequest({
      client: 'DEV/COM/1234',
      provider: 'DEV/COM/1234',
      serviceCode: 'getSecurityServerOperationalData',
      securityServer: 'DEV/COM/1234/SS1',
      body: operationalDataBody({ recordsFrom: 1, recordsTo: 2, outputFields: ['messageId'], clientXml: clientIdXml('om:client', 'DEV/GOV/4321/CLIENT', { dropSubsystemCode: true }) }),
    });
    const env = parseSoapEnvelope(Buffer.from(xml), { contentType: 'text/xml' });
    expect(env.header.service?.subsystemCode).toBeUndefined();
    expect(env.header.securityServer?.serverCode).toBe('SS1');
    expect(xml).toContain('<om:client id:objectType="SUBSYSTEM"><id:xRoadInstance>DEV</id:xRoadInstance><id:memberClass>GOV</id:memberClass><id:memberCode>4321</id:memberCode></om:client>');
    expect(xml).toContain('<om:outputSpec><om:outputField>messageId</om:outputField></om:outputSpec>');
  });
});

describe('unixTime', () => {
  it('reads now and offsets, and refuses anything else', () => {
    const now = new Date('2024-01-01T00:00:00Z');
    expect(unixTime('now', now)).toBe(1704067200);
    expect(unixTime('now-600', now)).toBe(1704066600);
    expect(unixTime('now + 60', now)).toBe(1704067260);
    expect(() => unixTime('yesterday', now)).toThrow(/not now/);
  });
});
