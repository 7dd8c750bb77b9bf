import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithVectors, vectorPath } from '../../../protocol/test-support/vectors.js';
import { acceptsJson, clientListJson, clientListXml, listClientsHandler, listedClients } from './list-clients.js';
import { fakeGlobalConf, xmllintAvailable, xmllintValidate } from './test-fixture.js';

const MEMBERS = [
  { id: 'DEV/GOV/4321', name: 'Government & Co' },
  { id: 'DEV/GOV/4321/PROV', name: 'Government & Co', subsystemName: 'Provider <system>' },
  { id: 'DEV/COM/1234', name: 'Company' },
  { id: 'DEV/COM/1234/CLIENT', name: 'Company' },
  { id: 'OTHER/COM/1', name: 'Federated member' },
  { id: 'broken', name: 'malformed id, skipped' },
];
const globalConf = fakeGlobalConf(MEMBERS);

describe('listClients content (META-001)', () => {
  it('lists our own instance by default, the named one with xRoadInstance, skipping malformed ids', () => {
    expect(listedClients(globalConf).map((c) => c.id.memberCode + (c.id.objectType === 'SUBSYSTEM' ? `/${c.id.subsystemCode}` : ''))).toEqual([
      '4321',
      '4321/PROV',
      '1234',
      '1234/CLIENT',
    ]);
    expect(listedClients(globalConf, '  ').length).toBe(4);
    expect(listedClients(globalConf, 'OTHER').map((c) => c.name)).toEqual(['Federated member']);
    expect(listedClients(globalConf, 'NOPE')).toEqual([]);
  });

  it('JSON follows META Annex B exactly (snake_case, subsystem fields only for subsystems)', () => {
    expect(JSON.parse(clientListJson(listedClients(globalConf)).toString())).toEqual({
      member: [
        { id: { object_type: 'MEMBER', xroad_instance: 'DEV', member_class: 'GOV', member_code: '4321' }, name: 'Government & Co' },
        {
          id: { object_type: 'SUBSYSTEM', xroad_instance: 'DEV', member_class: 'GOV', member_code: '4321', subsystem_code: 'PROV' },
          name: 'Government & Co',
          subsystem_name: 'Provider <system>',
        },
        { id: { object_type: 'MEMBER', xroad_instance: 'DEV', member_class: 'COM', member_code: '1234' }, name: 'Company' },
        { id: { object_type: 'SUBSYSTEM', xroad_instance: 'DEV', member_class: 'COM', member_code: '1234', subsystem_code: 'CLIENT' }, name: 'Company' },
      ],
    });
  });

  it('XML is a clientList in the xroad namespace with typed ids, text escaped', () => {
    const xml = clientListXml(listedClients(globalConf));
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const root = doc.documentElement!;
    expect(root.namespaceURI).toBe('http://x-road.eu/xsd/xroad.xsd');
    expect(root.localName).toBe('clientList');
    const members = doc.getElementsByTagNameNS('http://x-road.eu/xsd/xroad.xsd', 'member');
    expect(members.length).toBe(4);
    const sub = members.item(1)!;
    const idEl = sub.getElementsByTagNameNS('http://x-road.eu/xsd/xroad.xsd', 'id').item(0)!;
    expect(idEl.getAttributeNS('http://x-road.eu/xsd/identifiers', 'objectType')).toBe('SUBSYSTEM');
    expect(sub.getElementsByTagNameNS('http://x-road.eu/xsd/identifiers', 'subsystemCode').item(0)!.textContent).toBe('PROV');
    expect(sub.getElementsByTagNameNS('http://x-road.eu/xsd/xroad.xsd', 'subsystemName').item(0)!.textContent).toBe('Provider <system>');
    expect(members.item(3)!.getElementsByTagNameNS('http://x-road.eu/xsd/xroad.xsd', 'subsystemName').length).toBe(0);
  });

  it('Accept: application/json anywhere in the list selects JSON (parameters and q ignored, as X-Road)', () => {
    expect(acceptsJson(undefined)).toBe(false);
    expect(acceptsJson('text/xml')).toBe(false);
    expect(acceptsJson('application/jsonp')).toBe(false);
    expect(acceptsJson('application/json')).toBe(true);
    expect(acceptsJson('text/xml;q=1.0, Application/JSON;q=0.9')).toBe(true);
    expect(acceptsJson(['text/html', 'application/json; charset=utf-8'])).toBe(true);
  });
});

describeWithVectors('listClients XML against service-metainfo.xsd (xmllint)', () => {
  const schema = () => vectorPath('schemas', 'service-metainfo.xsd');
  it.skipIf(!xmllintAvailable())('validates, and a tampered document does not', () => {
    const xml = clientListXml(listedClients(globalConf));
    const good = xmllintValidate(xml, schema());
    expect(good.output).toContain('validates');
    expect(good.ok).toBe(true);
    // name before id breaks ClientType's sequence.
    const tampered = xml.replace(/(<xroad:id [\s\S]*?<\/xroad:id>)(<xroad:name>[^<]*<\/xroad:name>)/, '$2$1');
    expect(tampered).not.toBe(xml);
    expect(xmllintValidate(tampered, schema()).ok).toBe(false);
  });
});

describe('listClients handler over HTTP', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    const handler = listClientsHandler(globalConf);
    server = http.createServer((req, res) => void handler(req, res, new URL(req.url ?? '/', 'http://x')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('answers text/xml by default and JSON on request', async () => {
    const xml = await fetch(`${base}/listClients`);
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toBe('text/xml; charset=UTF-8');
    expect(await xml.text()).toContain('<xroad:clientList');
    const json = await fetch(`${base}/listClients?xRoadInstance=OTHER`, { headers: { Accept: 'application/json' } });
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json.json()).toEqual({ member: [{ id: { object_type: 'MEMBER', xroad_instance: 'OTHER', member_class: 'COM', member_code: '1' }, name: 'Federated member' }] });
  });
});
