// The locally answered services through the whole network (META-002/005, MREST, OPMON-001..006):
// a client IS asks SS1, SS1 signs and sends to SS2, SS2 answers from its own configuration or
// monitoring store — never from the provider IS — and signs, logs and monitors the answer like
// any other; SS1 verifies it. Operational data then shows the earlier exchanges, correlated by
// messageId between the consumer's (Client) and the provider's (Producer) records.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMultipart } from '../../protocol/multipart/index.js';
import { parseSoapEnvelope } from '../../protocol/soap/index.js';
import { XROAD_NS } from '../../protocol/soap/index.js';
import { buildSoapRequest, closeClientIsConnections, sendRest, sendSoap, type Evidence } from '../member-systems/index.js';
import { soapRequest } from './metaservices/test-fixture.js';
import type { OpMonRecordDetails, PayloadRecord } from './opmon/record-fields.js';
import { OPMON_NS } from './opmon/opmon-request.js';
import { addSubsystem, CLIENT, PROVIDER, startTestNetwork, type TestNetwork } from './test-network.js';

const OTHER = 'DEV/COM/1234/OTHER';
let net: TestNetwork;

beforeAll(async () => {
  net = await startTestNetwork({
    ss1: { clients: [{ id: CLIENT }, { id: OTHER }] },
    // Records become available at once (X-Road's default offset is 60 s).
    ss2: { opmon: { recordsAvailableOffsetSeconds: 0 } },
    model: (m) => addSubsystem(m, 'SS1', OTHER),
  });
  net.provider.behaviours.set('/soap', { kind: 'soap-echo' });
});
afterAll(async () => {
  await net?.stop();
  await closeClientIsConnections();
});

function envelopeOf(ev: Evidence) {
  return parseSoapEnvelope(ev.body, { contentType: ev.headers['content-type'] });
}

/** serviceCode[/version] of every xroad:service in a SOAP method list. */
function listedSoap(ev: Evidence): string[] {
  return [...ev.text.matchAll(/<id:serviceCode>([^<]*)<\/id:serviceCode>(?:<id:serviceVersion>([^<]*)<\/id:serviceVersion>)?/g)].slice(1).map((m) => m[1] + (m[2] ? `/${m[2]}` : ''));
}

async function soapMeta(code: 'listMethods' | 'allowedMethods', queryId: string, client = CLIENT): Promise<Evidence> {
  const req = soapRequest({ client, provider: PROVIDER, serviceCode: code, queryId, wrapper: { localName: code, namespaceUri: XROAD_NS, prefix: 'xroad' } });
  return sendSoap(net.ss1.clientProxyUrl, Buffer.from(req.envelope.bytes));
}

describe('SOAP metaservices through SS1 -> SS2 (META-002, META-005)', () => {
  it('listMethods lists every SOAP service of the provider; the provider IS sees nothing; signed, logged and monitored on both sides', async () => {
    const before = net.provider.received.length;
    const ev = await soapMeta('listMethods', 'meta-list-1');
    const env = envelopeOf(ev);
    expect(env.isFault, ev.text).toBe(false);
    expect(env.wrapper?.localName).toBe('listMethodsResponse');
    expect(listedSoap(ev)).toEqual(['echo', 'echo/v1', 'denied', 'closed', 'slow']);
    expect(net.provider.received.length).toBe(before);
    // Signed by the provider member and verified by SS1 (response-verified), logged by both.
    expect(net.ss1.events.at(-1)).toMatchObject({ queryId: 'meta-list-1', outcome: 'ok' });
    expect(net.ss1.events.at(-1)!.steps).toContain('response-verified');
    expect(net.ss2.events.at(-1)!.steps).toEqual(expect.arrayContaining(['metaservice:list-methods', 'answered-locally', 'response-signed']));
    expect(net.ss2.events.at(-1)!.steps).not.toContain('provider-called');
    for (const log of [net.log1, net.log2]) {
      expect(log.records.filter((r) => r.queryId === 'meta-list-1').map((r) => r.direction)).toEqual(['request', 'response']);
    }
    const producer = net.ss2.opMonitor.records().find((r) => r.messageId === 'meta-list-1')!;
    // X-Road records a locally answered request with requestOutTs = requestInTs, responseInTs = responseOutTs.
    expect(producer).toMatchObject({ securityServerType: 'Producer', succeeded: true, requestOutTs: producer.requestInTs, responseInTs: producer.responseOutTs });
  });

  it('allowedMethods lists only what the caller may call (denied is left out)', async () => {
    const ev = await soapMeta('allowedMethods', 'meta-allowed-1');
    expect(envelopeOf(ev).isFault, ev.text).toBe(false);
    expect(listedSoap(ev)).toEqual(['echo', 'echo/v1', 'closed', 'slow']);
    // A client with no access rights at all still gets an (empty) answer: metaservices skip the ACL.
    const other = await soapMeta('allowedMethods', 'meta-allowed-2', OTHER);
    expect(envelopeOf(other).isFault, other.text).toBe(false);
    expect(listedSoap(other)).toEqual([]);
    // An ordinary service under the same rules is refused for that client.
    const refused = await sendSoap(net.ss1.clientProxyUrl, buildSoapRequest({ client: OTHER, service: `${PROVIDER}/echo` }));
    expect(envelopeOf(refused).fault?.faultCode).toBe('server.serverproxy.access_denied');
  });
});

describe('REST metaservices through SS1 -> SS2 (MREST, META-005)', () => {
  it('listMethods / allowedMethods answer JSON from SS2 configuration; the provider IS sees nothing', async () => {
    const before = net.provider.received.length;
    const list = await sendRest(net.ss1.clientProxyUrl, `${PROVIDER}/listMethods`, '', { client: CLIENT, headers: { 'X-Road-Id': 'meta-rest-list' } });
    expect(list.status, list.text).toBe(200);
    expect(list.headers['content-type']).toMatch(/^application\/json/);
    const codes = (ev: Evidence) => (JSON.parse(ev.text) as { service: Array<{ service_code: string }> }).service.map((s) => s.service_code);
    expect(codes(list)).toEqual(['rest']);
    const allowedOther = await sendRest(net.ss1.clientProxyUrl, `${PROVIDER}/allowedMethods`, '', { client: OTHER });
    expect(allowedOther.status, allowedOther.text).toBe(200);
    expect(codes(allowedOther)).toEqual([]);
    expect(net.provider.received.length).toBe(before);
    expect(net.log2.records.filter((r) => r.queryId === 'meta-rest-list').map((r) => r.direction)).toEqual(['request', 'response']);
    const rec = net.ss2.opMonitor.records().find((r) => r.messageId === 'meta-rest-list');
    expect(rec).toMatchObject({ restMethod: 'GET', statusCode: 200, succeeded: true, securityServerType: 'Producer' });
  });

  it('a POST to listMethods is an ordinary (unknown) service, not a metaservice', async () => {
    const ev = await sendRest(net.ss1.clientProxyUrl, `${PROVIDER}/listMethods`, '', { client: CLIENT, method: 'POST', body: '{}', contentType: 'application/json' });
    expect(ev.status).toBe(500);
    expect(ev.headers['x-road-error']).toBe('server.serverproxy.unknown_service');
  });
});

/** The records of getSecurityServerOperationalData asked of SS2 by `client` through SS1. */
async function operationalData(client: string, queryId: string): Promise<{ ev: Evidence; records: PayloadRecord[] }> {
  // Records become available once their second has passed (recordsTo is clamped to now - 1).
  await new Promise((r) => setTimeout(r, 1100 - (Date.now() % 1000)));
  const nowS = Math.floor(Date.now() / 1000);
  const content = `<om:searchCriteria><om:recordsFrom>${nowS - 600}</om:recordsFrom><om:recordsTo>${nowS}</om:recordsTo></om:searchCriteria>`;
  const req = soapRequest({
    client,
    provider: 'DEV/GOV/4321',
    serviceCode: 'getSecurityServerOperationalData',
    queryId,
    wrapper: { localName: 'getSecurityServerOperationalData', namespaceUri: OPMON_NS, prefix: 'om', content },
  });
  const ev = await sendSoap(net.ss1.clientProxyUrl, Buffer.from(req.envelope.bytes));
  const ct = ev.headers['content-type'] ?? '';
  expect(ct, ev.text.slice(0, 500)).toMatch(/^multipart\/related/);
  const [soapPart, gzipPart] = parseMultipart(ev.body, ct).parts;
  expect(parseSoapEnvelope(soapPart!.body).isFault).toBe(false);
  expect(soapPart!.body.toString()).toContain('getSecurityServerOperationalDataResponse');
  return { ev, records: (JSON.parse(gunzipSync(gzipPart!.body).toString('utf8')) as { records: PayloadRecord[] }).records };
}

function ordered(r: Pick<OpMonRecordDetails, 'requestInTs' | 'requestOutTs' | 'responseInTs' | 'responseOutTs'>): boolean {
  return r.requestInTs <= r.requestOutTs! && r.requestOutTs! <= r.responseInTs! && r.responseInTs! <= r.responseOutTs;
}

describe('operational monitoring through the network (OPMON-001..006)', () => {
  it('every exchange leaves a Client record on SS1 and a Producer record on SS2, correlated by messageId', async () => {
    await sendSoap(net.ss1.clientProxyUrl, buildSoapRequest({ client: CLIENT, service: `${PROVIDER}/echo`, id: 'opmon-soap-1', userId: 'EE1', issue: 'opmon' }));
    await sendRest(net.ss1.clientProxyUrl, `${PROVIDER}/rest`, '/pets/7?x=1', { client: CLIENT, headers: { 'X-Road-Id': 'opmon-rest-1' } });
    await sendSoap(net.ss1.clientProxyUrl, buildSoapRequest({ client: CLIENT, service: `${PROVIDER}/denied`, id: 'opmon-denied-1' }));

    const client = net.ss1.opMonitor.records().find((r) => r.messageId === 'opmon-soap-1')!;
    const producer = net.ss2.opMonitor.records().find((r) => r.messageId === 'opmon-soap-1')!;
    expect(client).toMatchObject({ securityServerType: 'Client', succeeded: true, serviceId: `${PROVIDER}/echo`, messageUserId: 'EE1', messageIssue: 'opmon' });
    expect(producer).toMatchObject({ securityServerType: 'Producer', succeeded: true, serviceId: `${PROVIDER}/echo`, clientId: CLIENT, serviceType: 'WSDL' });
    expect(ordered(client) && ordered(producer)).toBe(true);
    // The producer's work happens inside the consumer's wait for the answer.
    expect(producer.requestInTs).toBeGreaterThanOrEqual(client.requestOutTs!);
    expect(producer.responseOutTs).toBeLessThanOrEqual(client.responseInTs!);
    expect(producer.requestSize).toBeGreaterThan(0);
    expect(producer.responseSize).toBeGreaterThan(0);

    const rest = net.ss2.opMonitor.records().find((r) => r.messageId === 'opmon-rest-1')!;
    expect(rest).toMatchObject({ restMethod: 'GET', restPath: '/pets/7', statusCode: 200, serviceType: 'REST', succeeded: true });
    expect(net.ss1.opMonitor.records().find((r) => r.messageId === 'opmon-rest-1')).toMatchObject({ securityServerType: 'Client', restMethod: 'GET', statusCode: 200 });

    const denied = net.ss2.opMonitor.records().find((r) => r.messageId === 'opmon-denied-1')!;
    expect(denied).toMatchObject({ succeeded: false, faultCode: 'server.serverproxy.access_denied' });
    expect(net.ss1.opMonitor.records().find((r) => r.messageId === 'opmon-denied-1')).toMatchObject({ succeeded: false, faultCode: 'server.serverproxy.access_denied' });
  });

  it('getSecurityServerOperationalData through SS1 -> SS2 returns the earlier exchanges; a non-privileged caller sees only its own', async () => {
    await sendSoap(net.ss1.clientProxyUrl, buildSoapRequest({ client: CLIENT, service: `${PROVIDER}/echo`, id: 'opmon-mine' }));
    await soapMeta('listMethods', 'opmon-other', OTHER);
    const before = net.provider.received.length;
    const { records } = await operationalData(CLIENT, 'opmon-query-1');
    expect(net.provider.received.length).toBe(before);
    const ids = records.map((r) => r.messageId);
    expect(ids).toContain('opmon-mine');
    expect(ids).not.toContain('opmon-other');
    const mine = records.find((r) => r.messageId === 'opmon-mine')!;
    expect(mine).toMatchObject({ securityServerType: 'Producer', succeeded: true, serviceCode: 'echo', clientSubsystemCode: 'CLIENT' });
    // Correlation: the consumer's own record of the same exchange.
    const consumer = net.ss1.opMonitor.records().find((r) => r.messageId === 'opmon-mine')!;
    expect(mine.requestInTs).toBeGreaterThanOrEqual(consumer.requestOutTs!);
    expect(mine.responseOutTs).toBeLessThanOrEqual(consumer.responseInTs!);
    // The query itself is an exchange that SS2 monitors too.
    expect(net.ss2.opMonitor.records().some((r) => r.messageId === 'opmon-query-1' && r.succeeded)).toBe(true);
  });

  it('the central monitoring client of the MONITORING part sees every record (OPMON-004, GCONF-013)', async () => {
    await net.editGlobalConf((m) => {
      m.optionalParts = { ...m.optionalParts, monitoring: { monitoringClientId: { objectType: 'SUBSYSTEM', xRoadInstance: 'DEV', memberClass: 'COM', memberCode: '1234', subsystemCode: 'CLIENT' } } };
    });
    try {
      expect(net.globalConf2.monitoringClient()).toBe(CLIENT);
      const { records } = await operationalData(CLIENT, 'opmon-query-2');
      const ids = records.map((r) => r.messageId);
      expect(ids).toEqual(expect.arrayContaining(['opmon-mine', 'opmon-other']));
    } finally {
      await net.editGlobalConf((m) => {
        delete m.optionalParts.monitoring;
      });
    }
    expect(net.globalConf2.monitoringClient()).toBeUndefined();
  });
});
