// The metaservices over the core's own pieces: the real ServerConf built from the test network's
// provider-side configuration, and /listClients answered by every server's client proxy (wired by
// startSecurityServer from its global configuration). The SS-to-SS path is tested in
// ../metaservices-wiring.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseClientIdPath, serviceId } from '../../../protocol/identifiers/index.js';
import { XROAD_NS } from '../../../protocol/soap/index.js';
import { ServerConf } from '../server-conf.js';
import { CLIENT, PROVIDER, startTestNetwork, type TestNetwork } from '../test-network.js';
import { answerMetaservice } from './answer-metaservice.js';
import { soapRequest } from './test-fixture.js';
import { metaserviceContextFor } from './wiring.js';

let net: TestNetwork;

beforeAll(async () => {
  net = await startTestNetwork();
});
afterAll(async () => {
  await net?.stop();
});

describe('metaservices over the core\'s ServerConf', () => {
  it('listMethods / allowedMethods reflect the provider server\'s configured services and access rights', async () => {
    const ctx = metaserviceContextFor({ config: net.ss2.config, serverConf: new ServerConf(net.ss2.config), globalConf: net.globalConf });
    const list = async (code: 'listMethods' | 'allowedMethods') => {
      const req = soapRequest({ client: CLIENT, provider: PROVIDER, serviceCode: code, wrapper: { localName: code, namespaceUri: XROAD_NS, prefix: 'xroad' } });
      const xml = (await answerMetaservice(ctx, req))!.body.toString();
      return [...xml.matchAll(/<id:serviceCode>([^<]*)<\/id:serviceCode>(?:<id:serviceVersion>([^<]*)<\/id:serviceVersion>)?/g)].slice(1).map((m) => m[1] + (m[2] ? `/${m[2]}` : ''));
    };
    expect(await list('listMethods')).toEqual(['echo', 'echo/v1', 'denied', 'closed', 'slow']);
    expect(await list('allowedMethods')).toEqual(['echo', 'echo/v1', 'closed', 'slow']);
    const rest = await answerMetaservice(ctx, { protocol: 'rest', method: 'GET', client: parseClientIdPath(CLIENT), service: serviceId(parseClientIdPath(PROVIDER), 'listMethods'), servicePath: '' });
    expect(JSON.parse(rest!.body.toString()).service.map((s: { service_code: string }) => s.service_code)).toEqual(['rest']);
  });

  it('/listClients through a real client proxy', async () => {
    const res = await fetch(`${net.ss1.clientProxyUrl}/listClients`, { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { member: Array<{ id: { member_code: string; subsystem_code?: string } }> };
    expect(body.member.map((m) => m.id.member_code + (m.id.subsystem_code ? `/${m.id.subsystem_code}` : '')).sort()).toEqual(['1234', '1234/CLIENT', '1234/MANAGEMENT', '4321', '4321/PROV', '9999']);
    const xml = await fetch(`${net.ss1.clientProxyUrl}/listClients`);
    expect(xml.headers.get('content-type')).toBe('text/xml; charset=UTF-8');
    expect(await xml.text()).toContain('<id:subsystemCode>PROV</id:subsystemCode></xroad:id><xroad:name>GOV 4321</xroad:name><xroad:subsystemName>PROV</xroad:subsystemName>');
  });
});
