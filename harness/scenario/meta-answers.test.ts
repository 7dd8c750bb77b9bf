import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MultipartWriter } from '../../protocol/multipart/index.js';
import { buildSoapRequest, type Evidence } from '../../simulators/member-systems/index.js';
import { AnswerReadError, answerWrapper, clientListFromJson, clientListFromXml, healthData, listedServices, operationalData, wsdlAddressLocations } from './meta-answers.js';

/** An answer with a proper X-Road header (answers echo the request's) and the given Body content. */
const ENV = (body: string) =>
  buildSoapRequest({ client: 'DEV/GOV/4321/CLIENT', service: `DEV/COM/1234/PROVIDER/${/<\w+:(\w+?)(Response)?[ >]/.exec(body)?.[1] ?? 'x'}`, id: 'q1' })
    .replace('xmlns:prov="http://provider.example.org/"', 'xmlns:xroad="http://x-road.eu/xsd/xroad.xsd" xmlns:om="http://x-road.eu/xsd/op-monitoring.xsd"')
    .replace(/<SOAP-ENV:Body>[\s\S]*<\/SOAP-ENV:Body>/, () => `<SOAP-ENV:Body>${body}</SOAP-ENV:Body>`);

function ev(body: Buffer | string, contentType = 'text/xml; charset=UTF-8'): Evidence {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return { status: 200, headers: { 'content-type': contentType }, body: b, text: b.toString('utf8'), startedAt: new Date(), durationMs: 1 };
}

const svc = (code: string, version?: string) =>
  `<xroad:service id:objectType="SERVICE"><id:xRoadInstance>DEV</id:xRoadInstance><id:memberClass>COM</id:memberClass><id:memberCode>1234</id:memberCode><id:subsystemCode>PROVIDER</id:subsystemCode><id:serviceCode>${code}</id:serviceCode>${version ? `<id:serviceVersion>${version}</id:serviceVersion>` : ''}</xroad:service>`;

describe('method lists', () => {
  it('reads service ids with versions and providers', () => {
    const w = answerWrapper(ev(ENV(`<xroad:listMethodsResponse>${svc('getRandom')}${svc('getRandom', 'v1')}</xroad:listMethodsResponse>`)));
    expect(listedServices(w)).toEqual([
      { code: 'getRandom', provider: 'DEV/COM/1234/PROVIDER' },
      { code: 'getRandom/v1', provider: 'DEV/COM/1234/PROVIDER' },
    ]);
  });

  it('refuses a fault as an answer', () => {
    const fault = ENV('<SOAP-ENV:Fault><faultcode>server.serverproxy.access_denied</faultcode><faultstring>no</faultstring></SOAP-ENV:Fault>');
    expect(() => answerWrapper(ev(fault))).toThrow(AnswerReadError);
  });
});

describe('client lists', () => {
  it('reads the XML clientList and refuses another root', () => {
    const xml = `<xroad:clientList xmlns:xroad="http://x-road.eu/xsd/xroad.xsd" xmlns:id="http://x-road.eu/xsd/identifiers"><xroad:member><xroad:id id:objectType="SUBSYSTEM"><id:xRoadInstance>DEV</id:xRoadInstance><id:memberClass>COM</id:memberClass><id:memberCode>1234</id:memberCode><id:subsystemCode>CLIENT</id:subsystemCode></xroad:id><xroad:name>COM 1234</xroad:name><xroad:subsystemName>1234 client</xroad:subsystemName></xroad:member></xroad:clientList>`;
    expect(clientListFromXml(Buffer.from(xml))).toEqual([{ id: 'DEV/COM/1234/CLIENT', name: 'COM 1234', subsystemName: '1234 client' }]);
    expect(() => clientListFromXml(Buffer.from('<list/>'))).toThrow(/not xroad:clientList/);
  });

  it('reads the JSON form and refuses one without a member array', () => {
    const json = { member: [{ id: { object_type: 'MEMBER', xroad_instance: 'DEV', member_class: 'GOV', member_code: '4321' }, name: 'GOV 4321' }] };
    expect(clientListFromJson(Buffer.from(JSON.stringify(json)))).toEqual([{ id: 'DEV/GOV/4321', objectType: 'MEMBER', name: 'GOV 4321' }]);
    expect(() => clientListFromJson(Buffer.from('{"members":[]}'))).toThrow(/"member" array/);
  });
});

describe('operational data', () => {
  function answer(records: unknown, cid = 'operational-monitoring-data.json.gz', payload?: Buffer): Evidence {
    const m = new MultipartWriter({ mediaType: 'multipart/related', params: { type: 'text/xml' } });
    m.add(Buffer.from(ENV(`<om:getSecurityServerOperationalDataResponse><om:recordsCount>1</om:recordsCount><om:records>cid:${cid}</om:records><om:nextRecordsFrom>1700000000</om:nextRecordsFrom></om:getSecurityServerOperationalDataResponse>`)), [['Content-Type', 'text/xml']]);
    m.add(payload ?? gzipSync(Buffer.from(JSON.stringify(records))), [['Content-Type', 'application/gzip'], ['Content-ID', `<${cid}>`]]);
    return ev(m.toBuffer(), m.contentType);
  }

  it('reads recordsCount, nextRecordsFrom and the gzip JSON records', () => {
    const d = operationalData(answer({ records: [{ messageId: 'm1', succeeded: true }] }));
    expect(d).toEqual({ recordsCount: 1, nextRecordsFrom: 1700000000, records: [{ messageId: 'm1', succeeded: true }] });
  });

  it('refuses a records part that is not gzip JSON', () => {
    expect(() => operationalData(answer(undefined, 'x', Buffer.from('plain')))).toThrow(/not gzip/);
    expect(() => operationalData(answer({ rows: [] }))).toThrow(/"records" array/);
  });
});

describe('health data and WSDL', () => {
  it('reads the per-service statistics', () => {
    const body = `<om:getSecurityServerHealthDataResponse><om:monitoringStartupTimestamp>1700000000000</om:monitoringStartupTimestamp><om:statisticsPeriodSeconds>600</om:statisticsPeriodSeconds><om:servicesEvents><om:serviceEvents><om:service id:objectType="SERVICE"><id:serviceCode>getRandom</id:serviceCode></om:service><om:lastSuccessfulRequestTimestamp>1700000001000</om:lastSuccessfulRequestTimestamp><om:lastPeriodStatistics><om:successfulRequestCount>3</om:successfulRequestCount><om:unsuccessfulRequestCount>1</om:unsuccessfulRequestCount></om:lastPeriodStatistics></om:serviceEvents></om:servicesEvents></om:getSecurityServerHealthDataResponse>`;
    const h = healthData(ev(ENV(body)));
    expect(h.statisticsPeriodSeconds).toBe(600);
    expect(h.services.get('getRandom')).toEqual({ successful: 3, unsuccessful: 1, lastSuccessfulRequestTimestamp: 1700000001000 });
  });

  it('finds SOAP 1.1 and 1.2 addresses of a WSDL', () => {
    const wsdl = `<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/"><service><port><soap:address location="http://a"/></port><port><soap12:address location="http://b"/></port></service></definitions>`;
    expect(wsdlAddressLocations(Buffer.from(wsdl))).toEqual(['http://a', 'http://b']);
  });
});
