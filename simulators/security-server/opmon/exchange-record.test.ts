import { describe, expect, it } from 'vitest';
import { parseClientIdPath, serviceId } from '../../../protocol/identifiers/index.js';
import type { ExchangeEvent } from '../server-context.js';
import { soapRequest } from '../metaservices/test-fixture.js';
import { opMonRecordFromExchange } from './exchange-record.js';
import { toPayloadRecord } from './record-fields.js';

const at = new Date(1_700_000_000_250);
const client = parseClientIdPath('DEV/COM/1234/CLIENT');
const service = serviceId(parseClientIdPath('DEV/GOV/4321/PROV'), 'echo', 'v1');

function event(e: Partial<ExchangeEvent> = {}): ExchangeEvent {
  return { at, side: 'server-proxy', protocol: 'soap', queryId: 'q-1', outcome: 'ok', steps: [], ...e };
}

describe('opMonRecordFromExchange (OPMON-006)', () => {
  it('a SOAP exchange: messageId = xrd:id, header fields, representedParty split (EXT-004), sizes and timings', () => {
    const req = soapRequest({
      serviceCode: 'echo',
      serviceVersion: 'v1',
      queryId: 'q-1',
      representedParty: { partyClass: 'COM', partyCode: 'PARTY-9' },
      wrapper: { localName: 'echo', namespaceUri: 'urn:p', prefix: 'p' },
    });
    const r = opMonRecordFromExchange(
      event(),
      {
        requestInTs: 1_700_000_000_000,
        requestOutTs: 1_700_000_000_010,
        responseInTs: 1_700_000_000_200,
        client,
        service,
        soapHeader: req.envelope.header,
        requestSize: 1234,
        requestAttachmentCount: 0,
        responseSize: 999,
        responseAttachmentCount: 1,
        clientSecurityServerAddress: 'ss1.example',
      },
      { xRoadVersion: '7.8.0' },
    );
    expect(toPayloadRecord(r)).toEqual({
      monitoringDataTs: 1_700_000_000,
      securityServerType: 'Producer',
      requestInTs: 1_700_000_000_000,
      requestOutTs: 1_700_000_000_010,
      responseInTs: 1_700_000_000_200,
      responseOutTs: 1_700_000_000_250,
      clientXRoadInstance: 'DEV',
      clientMemberClass: 'COM',
      clientMemberCode: '1234',
      clientSubsystemCode: 'CLIENT',
      serviceXRoadInstance: 'DEV',
      serviceMemberClass: 'GOV',
      serviceMemberCode: '4321',
      serviceSubsystemCode: 'PROV',
      serviceCode: 'echo',
      serviceVersion: 'v1',
      representedPartyClass: 'COM',
      representedPartyCode: 'PARTY-9',
      messageId: 'q-1',
      messageUserId: 'EE12345678901',
      messageProtocolVersion: '4.0',
      clientSecurityServerAddress: 'ss1.example',
      requestSize: 1234,
      requestAttachmentCount: 0,
      responseSize: 999,
      responseAttachmentCount: 1,
      succeeded: true,
      serviceType: 'WSDL',
      xRoadVersion: '7.8.0',
    });
    expect(r.clientId).toBe('DEV/COM/1234/CLIENT');
    expect(r.serviceId).toBe('DEV/GOV/4321/PROV/echo/v1');
  });

  it('a failed exchange: succeeded=false with the fault code and string; a success never carries a fault', () => {
    const failed = opMonRecordFromExchange(event({ side: 'client-proxy', outcome: 'fault', faultCode: 'server.clientproxy.network_error', faultString: 'down' }), { requestInTs: 1, client, service }, { xRoadVersion: 'x' });
    expect(failed).toMatchObject({ succeeded: false, faultCode: 'server.clientproxy.network_error', faultString: 'down', securityServerType: 'Client' });
    const ok = opMonRecordFromExchange(event({ faultCode: 'stale' }), { requestInTs: 1 }, { xRoadVersion: 'x' });
    expect(ok.succeeded).toBe(true);
    expect(ok.faultCode).toBeUndefined();
  });

  it('REST: method, path, status code, X-Road-Id; serviceType REST unless given', () => {
    const r = opMonRecordFromExchange(
      event({ protocol: 'rest', queryId: undefined }),
      { requestInTs: 5, client, service, rest: { method: 'GET', path: '/pets/1', statusCode: 404, queryId: 'rest-id', issue: 'i-1', userId: 'u-1', protocolVersion: '1' } },
      { xRoadVersion: 'x' },
    );
    expect(toPayloadRecord(r)).toMatchObject({
      restMethod: 'GET',
      restPath: '/pets/1',
      statusCode: 404,
      messageId: 'rest-id',
      messageIssue: 'i-1',
      messageUserId: 'u-1',
      messageProtocolVersion: '1',
      serviceType: 'REST',
      succeeded: true,
    });
    const openapi = opMonRecordFromExchange(event(), { requestInTs: 5, rest: { method: 'POST' }, serviceType: 'OPENAPI3' }, { xRoadVersion: 'x' });
    expect(openapi.serviceType).toBe('OPENAPI3');
  });

  it('answered locally: requestOutTs = requestInTs and responseInTs = responseOutTs, as X-Road records metaservices', () => {
    const r = opMonRecordFromExchange(event(), { requestInTs: 100, requestOutTs: 150, responseInTs: 160, answeredLocally: true }, { xRoadVersion: 'x' });
    expect(r).toMatchObject({ requestInTs: 100, requestOutTs: 100, responseInTs: at.getTime(), responseOutTs: at.getTime() });
  });

  it('the string-only representedParty of components.ts is read as CLASS/CODE or CODE', () => {
    const base = opMonRecordFromExchange(event(), { requestInTs: 1 }, { xRoadVersion: 'x' });
    expect(toPayloadRecord({ ...base, representedParty: 'COM/123' })).toMatchObject({ representedPartyClass: 'COM', representedPartyCode: '123' });
    const codeOnly = toPayloadRecord({ ...base, representedParty: '123' });
    expect(codeOnly.representedPartyCode).toBe('123');
    expect(codeOnly).not.toHaveProperty('representedPartyClass');
  });
});
