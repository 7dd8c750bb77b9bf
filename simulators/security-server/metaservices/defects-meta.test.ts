// The seeded defects of the locally answered services (defects.ts): allowed-methods-lists-all,
// list-methods-shows-metaservices, getwsdl-keeps-endpoint, listclients-stale and
// opmon-shows-all-records. Each changes the answer its description names; the same request
// without it (no switches, or switches with nothing on) gets X-Road's answer. The server's own
// switches reach the metaservices through metaserviceContextFor.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { parseClientIdPath, parseIdentifierElement, serviceId } from '../../../protocol/identifiers/index.js';
import { parseMultipart } from '../../../protocol/multipart/index.js';
import { XROAD_NS } from '../../../protocol/soap/index.js';
import type { SecurityServerConfig } from '../config.js';
import { Defects } from '../defects.js';
import type { ServerConf } from '../server-conf.js';
import { MONITORING, NOW_S, opDataRequest, opmonContext, rec, storeWith, unpackOperationalData } from '../opmon/test-fixture.js';
import { answerMetaservice } from './answer-metaservice.js';
import { listClientsHandler } from './list-clients.js';
import type { MetaserviceContext } from './metaservice-context.js';
import { CLIENT, fakeGlobalConf, FakeServerConf, metaContext, OTHER, PROVIDER, soapRequest } from './test-fixture.js';
import { WSDL_ENDPOINT_ADDRESS } from './wsdl-endpoint.js';
import { metaserviceContextFor } from './wiring.js';

const withDefects = (...names: string[]): Partial<MetaserviceContext> => ({ defects: new Defects(names) });
/** The three ways a defect is off: no switches, switches with nothing on, another defect on. */
const OFF: Array<Partial<MetaserviceContext>> = [{}, withDefects(), withDefects('getwsdl-keeps-endpoint')];

function listRequest(code: 'listMethods' | 'allowedMethods') {
  return soapRequest({ client: CLIENT, provider: PROVIDER, serviceCode: code, wrapper: { localName: code, namespaceUri: XROAD_NS, prefix: 'xroad' } });
}

/** serviceCode[/version] of the body's xroad:service elements (the first one is the header's). */
function listed(xml: string): string[] {
  const els = new DOMParser().parseFromString(xml, 'text/xml').getElementsByTagNameNS(XROAD_NS, 'service');
  const out: string[] = [];
  for (let i = 1; i < els.length; i++) {
    const s = parseIdentifierElement(els.item(i)!, 'service');
    out.push([s.serviceCode, s.serviceVersion].filter(Boolean).join('/'));
  }
  return out;
}

async function soapList(code: 'listMethods' | 'allowedMethods', extra: Partial<MetaserviceContext>): Promise<string[]> {
  return listed((await answerMetaservice(metaContext(extra), listRequest(code)))!.body.toString('utf8'));
}

async function restAllowed(extra: Partial<MetaserviceContext>): Promise<string[]> {
  const answer = await answerMetaservice(metaContext(extra), {
    protocol: 'rest',
    method: 'GET',
    client: parseClientIdPath(CLIENT),
    service: serviceId(parseClientIdPath(PROVIDER), 'allowedMethods'),
    servicePath: '',
  });
  return (JSON.parse(answer!.body.toString('utf8')) as { service: Array<{ service_code: string }> }).service.map((s) => s.service_code);
}

describe('allowed-methods-lists-all', () => {
  it("allowedMethods (SOAP and REST) lists what the caller's access rights leave out", async () => {
    for (const off of OFF) {
      expect(await soapList('allowedMethods', off)).toEqual(['echo', 'echo/v1']); // access rights ignore the version (ID-003)
      expect(await restAllowed(off)).toEqual(['rest']);
    }
    const on = withDefects('allowed-methods-lists-all');
    expect(await soapList('allowedMethods', on)).toEqual(['echo', 'echo/v1', 'denied']);
    expect(await restAllowed(on)).toEqual(['rest', 'pets']);
    // listMethods is unchanged by it.
    expect(await soapList('listMethods', on)).toEqual(await soapList('listMethods', {}));
  });
});

describe('list-methods-shows-metaservices', () => {
  it('the metaservices join the SOAP method lists', async () => {
    for (const off of OFF) expect(await soapList('listMethods', off)).toEqual(['echo', 'echo/v1', 'denied']);
    const on = withDefects('list-methods-shows-metaservices');
    expect(await soapList('listMethods', on)).toEqual(['echo', 'echo/v1', 'denied', 'listMethods', 'allowedMethods', 'getWsdl']);
    expect(await soapList('allowedMethods', on)).toEqual(['echo', 'echo/v1', 'listMethods', 'allowedMethods', 'getWsdl']);
  });
});

describe('getwsdl-keeps-endpoint', () => {
  async function wsdlOf(extra: Partial<MetaserviceContext>): Promise<string> {
    const req = soapRequest({ client: CLIENT, provider: PROVIDER, serviceCode: 'getWsdl', wrapper: { localName: 'getWsdl', namespaceUri: XROAD_NS, prefix: 'xroad', content: '<xroad:serviceCode>echo</xroad:serviceCode>' } });
    const answer = (await answerMetaservice(metaContext(extra), req))!;
    const ct = answer.headers.find(([n]) => n === 'Content-Type')![1];
    return parseMultipart(answer.body, ct).parts[1]!.body.toString('utf8');
  }

  it("the WSDL goes out with the provider IS's real soap:address locations", async () => {
    for (const off of [{}, withDefects(), withDefects('allowed-methods-lists-all')]) {
      const wsdl = await wsdlOf(off);
      expect(wsdl).toContain(`location="${WSDL_ENDPOINT_ADDRESS}"`);
      expect(wsdl).not.toContain('http://10.0.0.7:8080/internal/echo"');
    }
    const leaked = await wsdlOf(withDefects('getwsdl-keeps-endpoint'));
    expect(leaked).toContain('location="http://10.0.0.7:8080/internal/echo"');
    expect(leaked).not.toContain(WSDL_ENDPOINT_ADDRESS);
  });
});

describe('opmon-shows-all-records', () => {
  const records = [rec(NOW_S - 3000, { messageId: 'mine' }), rec(NOW_S - 2000, { messageId: 'theirs', client: parseClientIdPath(OTHER) })];
  async function seenBy(client: string, extra: Partial<MetaserviceContext>) {
    const ctx = opmonContext(storeWith(records), { monitoringClient: () => MONITORING, ...extra });
    const out = unpackOperationalData((await answerMetaservice(ctx, opDataRequest({ client })))!).records;
    return { ids: out.map((r) => r['messageId']), privateFields: out.some((r) => 'securityServerInternalIp' in r) };
  }

  it('a caller that is neither owner nor monitoring client sees every record and the private fields', async () => {
    for (const off of OFF) expect(await seenBy(CLIENT, off)).toEqual({ ids: ['mine'], privateFields: false });
    expect(await seenBy(CLIENT, withDefects('opmon-shows-all-records'))).toEqual({ ids: ['mine', 'theirs'], privateFields: true });
  });
});

describe('listclients-stale', () => {
  async function serve(handler: ReturnType<typeof listClientsHandler>, fn: (get: () => Promise<string[]>) => Promise<void>) {
    const server = http.createServer((req, res) => void handler(req, res, new URL(req.url ?? '/', 'http://localhost')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/listClients`;
    const get = async () => {
      const body = (await (await fetch(url, { headers: { Accept: 'application/json' } })).json()) as { member: Array<{ id: { member_code: string } }> };
      return body.member.map((m) => m.id.member_code);
    };
    try {
      await fn(get);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  }

  it('a member added to the configuration never shows in /listClients with the defect', async () => {
    for (const defects of [undefined, new Defects(), new Defects(['listclients-stale'])]) {
      const members = [{ id: 'DEV/GOV/4321', name: 'Government' }];
      await serve(listClientsHandler(fakeGlobalConf(members), defects ? { defects } : {}), async (get) => {
        expect(await get()).toEqual(['4321']);
        members.push({ id: 'DEV/COM/5555', name: 'Newcomer' });
        expect(await get()).toEqual(defects?.has('listclients-stale') ? ['4321'] : ['4321', '5555']);
      });
    }
  });
});

describe("the server's switches reach the metaservices", () => {
  it('metaserviceContextFor carries ServerContext.defects, so a defect switched on at run time applies', async () => {
    const defects = new Defects();
    const config = { proxyVersion: '7.8.0', keys: { auth: { certPem: 'x', keyPem: 'y' } } } as unknown as SecurityServerConfig;
    // Only the MetaserviceServerConf half of ServerConf is used by the metaservices.
    const serverConf = new FakeServerConf() as unknown as ServerConf;
    const ctx = metaserviceContextFor({ config, serverConf, globalConf: fakeGlobalConf([]), defects });
    const allowed = async () => listed((await answerMetaservice(ctx, listRequest('allowedMethods')))!.body.toString('utf8'));
    expect(await allowed()).toEqual(['echo', 'echo/v1']);
    defects.enable('allowed-methods-lists-all');
    expect(await allowed()).toEqual(['echo', 'echo/v1', 'denied']);
    defects.disable();
    expect(await allowed()).toEqual(['echo', 'echo/v1']);
  });
});
