import { describe, expect, it } from 'vitest';
import { parseClientIdPath } from '../../../protocol/identifiers/index.js';
import { requestHashMatches } from '../../../protocol/soap/index.js';
import { describeWithVectors } from '../../../protocol/test-support/vectors.js';
import { answerMetaservice } from '../metaservices/answer-metaservice.js';
import { bodyWrapperXml, xmllintAvailable, xmllintValidate } from '../metaservices/test-fixture.js';
import { OPMON_INVALID_CLIENT_IDENTIFIER, OPMON_INVALID_REQUEST, OPMON_NS } from './opmon-request.js';
import { OUTPUT_FIELDS } from './record-fields.js';
import { CLIENT, faultOf, MONITORING, NOW_S, OTHER, OWNER, opDataRequest, opmonContext, opmonResponseSchema, rec, SERVER, storeWith, unpackOperationalData, type OpDataRequestSpec } from './test-fixture.js';

const other = parseClientIdPath(OTHER);
const RECORDS = [
  rec(NOW_S - 3000, { messageId: 'client-1', representedPartyClass: 'COM', representedPartyCode: 'PARTY1' }),
  rec(NOW_S - 2000, { messageId: 'other-1', client: other }),
  rec(NOW_S - 1000, { messageId: 'client-2', securityServerType: 'Client', succeeded: false, faultCode: 'server.serverproxy.access_denied', faultString: 'no' }),
  rec(NOW_S - 60, { messageId: 'too-fresh' }),
  rec(NOW_S - 10, { messageId: 'future-ish' }),
];
const ctx = (extra: Parameters<typeof opmonContext>[1] = {}) => opmonContext(storeWith(RECORDS), { monitoringClient: () => MONITORING, ...extra });

async function ask(spec: OpDataRequestSpec, extra: Parameters<typeof opmonContext>[1] = {}) {
  const req = opDataRequest(spec);
  const answer = (await answerMetaservice(ctx(extra), req))!;
  return { req, answer };
}
const messageIds = (records: Array<Record<string, unknown>>) => records.map((r) => r['messageId']);

describe('getSecurityServerOperationalData response (OPMON-003)', () => {
  it('multipart/related: SOAP {recordsCount, records=cid:} + gzip JSON {"records":[...]} with Annex B fields', async () => {
    const { req, answer } = await ask({ client: OWNER, securityServer: SERVER });
    expect(answer.status).toBe(200);
    const ct = answer.headers[0]![1];
    expect(ct).toMatch(/^multipart\/related; /);
    const out = unpackOperationalData(answer);
    expect(out.gzipPart).toEqual({ contentType: 'application/gzip', contentId: '<operational-monitoring-data.json.gz>', transferEncoding: 'binary' });
    expect(out.soap.wrapper).toMatchObject({ localName: 'getSecurityServerOperationalDataResponse', namespaceUri: OPMON_NS });
    expect(out.soapXml).toContain('<om:recordsCount>3</om:recordsCount>');
    expect(out.soapXml).toContain('<om:records>cid:operational-monitoring-data.json.gz</om:records>');
    expect(requestHashMatches(out.soap.header.requestHash!, req.envelope.bytes)).toBe(true);
    expect(Object.keys(out.payload as object)).toEqual(['records']);
    expect(messageIds(out.records)).toEqual(['client-1', 'other-1', 'client-2']);
    expect(out.records[0]).toEqual({
      monitoringDataTs: NOW_S - 3000,
      securityServerInternalIp: '10.0.0.2',
      securityServerType: 'Producer',
      requestInTs: (NOW_S - 3000) * 1000 - 50,
      responseOutTs: (NOW_S - 3000) * 1000,
      clientXRoadInstance: 'DEV',
      clientMemberClass: 'COM',
      clientMemberCode: '1234',
      clientSubsystemCode: 'CLIENT',
      serviceXRoadInstance: 'DEV',
      serviceMemberClass: 'GOV',
      serviceMemberCode: '4321',
      serviceSubsystemCode: 'PROV',
      serviceCode: 'echo',
      representedPartyClass: 'COM',
      representedPartyCode: 'PARTY1',
      messageId: 'client-1',
      succeeded: true,
      serviceType: 'WSDL',
      xRoadVersion: '7.8.0',
    });
    expect(out.records[2]).toMatchObject({ succeeded: false, faultCode: 'server.serverproxy.access_denied', securityServerType: 'Client' });
  });

  it('outputSpec picks fields; unknown fields are refused', async () => {
    const { answer } = await ask({ client: OWNER, securityServer: SERVER, outputFields: ['messageId', 'succeeded'] });
    expect(unpackOperationalData(answer).records).toEqual([
      { messageId: 'client-1', succeeded: true },
      { messageId: 'other-1', succeeded: true },
      { messageId: 'client-2', succeeded: false },
    ]);
    const bad = await ask({ client: OWNER, securityServer: SERVER, outputFields: ['messageId', 'bogusField'] });
    expect(faultOf(bad.answer)).toEqual({ status: 500, code: OPMON_INVALID_REQUEST, message: 'Unknown output field in search criteria: bogusField' });
  });

  it('searchCriteria/client keeps records of that service provider', async () => {
    const mine = await ask({ client: OWNER, securityServer: SERVER, searchClient: parseClientIdPath('DEV/GOV/4321/PROV') });
    expect(unpackOperationalData(mine.answer).records.length).toBe(3);
    const none = await ask({ client: OWNER, securityServer: SERVER, searchClient: parseClientIdPath('DEV/GOV/4321') });
    expect(unpackOperationalData(none.answer).records.length).toBe(0);
  });
});

describe('access rules (OPMON-004)', () => {
  it('the owner naming this server and the central monitoring client see everything, private fields included', async () => {
    for (const spec of [{ client: OWNER, securityServer: SERVER }, { client: MONITORING }]) {
      const out = unpackOperationalData((await ask(spec)).answer);
      expect(messageIds(out.records)).toEqual(['client-1', 'other-1', 'client-2']);
      expect(out.records[0]).toHaveProperty('securityServerInternalIp', '10.0.0.2');
    }
  });

  it('the owner without the securityServer header is an ordinary caller (X-Road needs the header to know the owner)', async () => {
    expect(unpackOperationalData((await ask({ client: OWNER })).answer).records).toEqual([]);
  });

  it('any other client sees only its own exchanges and never securityServerInternalIp, even when asked', async () => {
    const mine = unpackOperationalData((await ask({ client: CLIENT })).answer);
    expect(messageIds(mine.records)).toEqual(['client-1', 'client-2']);
    for (const r of mine.records) expect(r).not.toHaveProperty('securityServerInternalIp');
    const asked = unpackOperationalData((await ask({ client: CLIENT, outputFields: ['securityServerInternalIp', 'messageId'] })).answer);
    expect(asked.records).toEqual([{ messageId: 'client-1' }, { messageId: 'client-2' }]);
    expect(messageIds(unpackOperationalData((await ask({ client: OTHER })).answer).records)).toEqual(['other-1']);
    // A monitoring client that is not configured grants nothing.
    expect(unpackOperationalData((await ask({ client: MONITORING }, { monitoringClient: () => undefined })).answer).records).toEqual([]);
  });
});

describe('time window (OPMON-002)', () => {
  it('recordsTo at or after now - offset is clamped to now - offset - 1 and nextRecordsFrom = now - offset', async () => {
    const out = unpackOperationalData((await ask({ client: OWNER, securityServer: SERVER, to: NOW_S + 500 })).answer);
    expect(messageIds(out.records)).toEqual(['client-1', 'other-1', 'client-2']);
    expect(out.soapXml).toContain(`<om:nextRecordsFrom>${NOW_S - 60}</om:nextRecordsFrom>`);
    // Not clamped: no nextRecordsFrom.
    expect(unpackOperationalData((await ask({ client: OWNER, securityServer: SERVER, to: NOW_S - 61 })).answer).soapXml).not.toContain('nextRecordsFrom');
  });

  it('a short configured offset makes fresh records available', async () => {
    const out = unpackOperationalData((await ask({ client: OWNER, securityServer: SERVER, to: NOW_S }, { opMonSettings: { recordsAvailableOffsetSeconds: 5 } })).answer);
    expect(messageIds(out.records)).toEqual(['client-1', 'other-1', 'client-2', 'too-fresh', 'future-ish']);
    expect(out.soapXml).toContain(`<om:nextRecordsFrom>${NOW_S - 5}</om:nextRecordsFrom>`);
  });

  it('truncation at maxRecordsInPayload sets nextRecordsFrom to the first left-out second', async () => {
    const out = unpackOperationalData((await ask({ client: OWNER, securityServer: SERVER, to: NOW_S - 61 }, { opMonSettings: { maxRecordsInPayload: 2 } })).answer);
    expect(messageIds(out.records)).toEqual(['client-1', 'other-1']);
    expect(out.soapXml).toContain('<om:recordsCount>2</om:recordsCount>');
    expect(out.soapXml).toContain(`<om:nextRecordsFrom>${NOW_S - 2000 + 1}</om:nextRecordsFrom>`);
  });

  it('bad timestamps are client.invalid_request faults under the opmonitor origin', async () => {
    const cases: Array<[OpDataRequestSpec, string]> = [
      [{ from: NOW_S - 60, to: NOW_S }, `Records not available from ${NOW_S - 60} yet`],
      [{ from: -1 }, 'Records from timestamp is a negative number'],
      [{ from: 0, to: -5 }, 'Records to timestamp is a negative number'],
      [{ from: NOW_S - 100, to: NOW_S - 200 }, 'Records to timestamp is earlier than records from timestamp'],
    ];
    for (const [spec, message] of cases) {
      expect(faultOf((await ask({ client: OWNER, securityServer: SERVER, ...spec })).answer)).toEqual({ status: 500, code: OPMON_INVALID_REQUEST, message });
    }
    // Just inside the window is fine.
    expect((await ask({ from: NOW_S - 61, to: NOW_S - 61 })).answer.status).toBe(200);
  });
});

describe('malformed requests', () => {
  it('a SUBSYSTEM client without subsystemCode is ...opmonitor.invalid_client_identifier (OPMOND A.2)', async () => {
    const noSub =
      '<om:client id:objectType="SUBSYSTEM"><id:xRoadInstance>DEV</id:xRoadInstance><id:memberClass>GOV</id:memberClass><id:memberCode>4321</id:memberCode></om:client>';
    expect(faultOf((await ask({ searchClient: noSub })).answer)).toEqual({ status: 500, code: OPMON_INVALID_CLIENT_IDENTIFIER, message: 'Missing required subsystem code' });
    const memberWithSub =
      '<om:client id:objectType="MEMBER"><id:xRoadInstance>DEV</id:xRoadInstance><id:memberClass>GOV</id:memberClass><id:memberCode>4321</id:memberCode><id:subsystemCode>X</id:subsystemCode></om:client>';
    expect(faultOf((await ask({ searchClient: memberWithSub })).answer)).toMatchObject({ code: OPMON_INVALID_CLIENT_IDENTIFIER, message: 'Redundant subsystem code' });
    const noType = '<om:client><id:xRoadInstance>DEV</id:xRoadInstance></om:client>';
    expect(faultOf((await ask({ searchClient: noType })).answer).code).toBe(OPMON_INVALID_REQUEST);
  });

  it('missing searchCriteria, non-numeric or duplicated timestamps, wrong namespace: invalid_request', async () => {
    const bodies = [
      '',
      '<om:searchCriteria><om:recordsFrom>1</om:recordsFrom></om:searchCriteria>',
      '<om:searchCriteria><om:recordsFrom>yesterday</om:recordsFrom><om:recordsTo>2</om:recordsTo></om:searchCriteria>',
      '<om:searchCriteria><om:recordsFrom>1</om:recordsFrom><om:recordsFrom>1</om:recordsFrom><om:recordsTo>2</om:recordsTo></om:searchCriteria>',
      '<om:searchCriteria><om:recordsFrom>1</om:recordsFrom><om:recordsTo>2</om:recordsTo><om:surprise/></om:searchCriteria>',
    ];
    for (const body of bodies) expect(faultOf((await ask({ body })).answer).code).toBe(OPMON_INVALID_REQUEST);
    const wrongNs = await ask({ wrapperNs: 'urn:not-opmon' });
    expect(faultOf(wrongNs.answer).code).toBe(OPMON_INVALID_REQUEST);
  });

  it('all fields of a record are known output fields', () => {
    expect(new Set(OUTPUT_FIELDS).size).toBe(OUTPUT_FIELDS.length);
    expect(OUTPUT_FIELDS).toContain('representedPartyCode');
  });
});

describeWithVectors('operational data response body against the PR-OPMON schema (xmllint)', () => {
  it.skipIf(!xmllintAvailable())('validates with and without nextRecordsFrom; a tampered body does not', async () => {
    const xsd = { xsd: opmonResponseSchema() };
    for (const to of [NOW_S - 61, NOW_S + 10]) {
      const out = unpackOperationalData((await ask({ client: OWNER, securityServer: SERVER, to })).answer);
      const body = bodyWrapperXml(out.soapXml);
      const r = xmllintValidate(body, xsd);
      expect(r.output).toContain('validates');
      expect(r.ok).toBe(true);
    }
    const out = unpackOperationalData((await ask({ client: OWNER, securityServer: SERVER })).answer);
    const tampered = bodyWrapperXml(out.soapXml).replace(/<om:recordsCount>\d+<\/om:recordsCount>/, '<om:recordsCount>many</om:recordsCount>');
    expect(xmllintValidate(tampered, xsd).ok).toBe(false);
  });
});

describe('robustness: arbitrary request values give a response or a coded fault, never a crash', () => {
  it('random recordsFrom/recordsTo/outputField text', async () => {
    const fc = await import('fast-check');
    const { escapeXml } = await import('../../../protocol/soap/index.js');
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), fc.array(fc.string(), { maxLength: 3 }), async (from, to, fields) => {
        const { answer } = await ask({
          client: OWNER,
          securityServer: SERVER,
          from: escapeXml(from),
          to: escapeXml(to),
          outputFields: fields.map((f) => escapeXml(f)),
        });
        if (answer.status === 200) {
          expect(unpackOperationalData(answer).records.length).toBeGreaterThanOrEqual(0);
        } else {
          expect(faultOf(answer).code).toMatch(/^server\.serverproxy\.opmonitor\./);
        }
      }),
      { numRuns: 150 },
    );
  });
});
