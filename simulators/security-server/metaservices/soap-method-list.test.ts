import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { isXRoadError } from '../../../protocol/faults/index.js';
import { parseIdentifierElement, serviceId } from '../../../protocol/identifiers/index.js';
import { parseSoapEnvelope, requestHashMatches, XROAD_NS } from '../../../protocol/soap/index.js';
import { describeWithVectors, vectorPath } from '../../../protocol/test-support/vectors.js';
import type { ServerConf } from '../server-conf.js';
import { answerMetaservice, metaserviceFor } from './answer-metaservice.js';
import type { MetaserviceServerConf } from './metaservice-context.js';
import { soapServicesOf } from './soap-method-list.js';
import { bodyWrapperXml, CLIENT, id, metaContext, OTHER, PROVIDER, soapRequest, xmllintAvailable, xmllintValidate } from './test-fixture.js';

// The core's ServerConf must be usable as the metaservices' view of the configuration.
const _serverConfFits: (s: ServerConf) => MetaserviceServerConf = (s) => s;
void _serverConfFits;

function listRequest(code: 'listMethods' | 'allowedMethods', client = CLIENT, provider = PROVIDER) {
  return soapRequest({ client, provider, serviceCode: code, wrapper: { localName: code, namespaceUri: XROAD_NS, prefix: 'xroad' } });
}

function servicesIn(xml: string): string[] {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const els = doc.getElementsByTagNameNS(XROAD_NS, 'service');
  const out: string[] = [];
  // The first xroad:service is the header's; the rest are the body's list.
  for (let i = 1; i < els.length; i++) {
    const s = parseIdentifierElement(els.item(i)!, 'service');
    out.push([s.subsystemCode, s.serviceCode, s.serviceVersion].filter(Boolean).join('/'));
  }
  return out;
}

describe('SOAP listMethods / allowedMethods (META-002)', () => {
  it('listMethods: every SOAP service of the provider with its version, REST and metaservice codes left out', async () => {
    const req = listRequest('listMethods');
    const answer = (await answerMetaservice(metaContext(), req))!;
    expect(answer.status).toBe(200);
    expect(answer.headers).toEqual([['Content-Type', 'text/xml; charset=UTF-8']]);
    const xml = answer.body.toString('utf8');
    expect(servicesIn(xml)).toEqual(['PROV/echo', 'PROV/echo/v1', 'PROV/denied']);
    const env = parseSoapEnvelope(answer.body);
    expect(env.wrapper).toMatchObject({ localName: 'listMethodsResponse', namespaceUri: XROAD_NS });
    // The header is the request's, with requestHash over the request bytes (MESS-013/014).
    expect(env.header.id).toBe('query-1');
    expect(env.header.userId).toBe('EE12345678901');
    expect(env.header.client).toEqual(req.client);
    expect(env.header.service).toEqual(req.service);
    expect(requestHashMatches(env.header.requestHash!, req.envelope.bytes)).toBe(true);
    expect(requestHashMatches(env.header.requestHash!, Buffer.concat([Buffer.from(req.envelope.bytes), Buffer.from(' ')]))).toBe(false);
  });

  it('allowedMethods: only services the caller has a right to (all versions: rights ignore versions)', async () => {
    const mine = (await answerMetaservice(metaContext(), listRequest('allowedMethods')))!;
    expect(servicesIn(mine.body.toString())).toEqual(['PROV/echo', 'PROV/echo/v1']);
    expect(parseSoapEnvelope(mine.body).wrapper?.localName).toBe('allowedMethodsResponse');
    const other = (await answerMetaservice(metaContext(), listRequest('allowedMethods', OTHER)))!;
    expect(servicesIn(other.body.toString())).toEqual([]);
  });

  it('a member provider lists its own services, not its subsystems\'', () => {
    const ctx = metaContext();
    expect(soapServicesOf(ctx.serverConf, id('DEV/GOV/9999')).map((s) => s.serviceCode)).toEqual(['memberService']);
    expect(soapServicesOf(ctx.serverConf, id(PROVIDER), id(CLIENT))).toEqual([serviceId(id(PROVIDER), 'echo'), serviceId(id(PROVIDER), 'echo', 'v1')]);
  });

  it('a provider not hosted here is unknown_member', async () => {
    const req = listRequest('listMethods', CLIENT, 'DEV/GOV/4321/ELSEWHERE');
    const err = await answerMetaservice(metaContext(), req).catch((e: unknown) => e);
    expect(isXRoadError(err) && err.code).toBe('unknown_member');
  });

  it('ordinary services are not metaservices; monitoring services only of the owner and only with a store', () => {
    const ctx = metaContext();
    const svc = (code: string, provider = PROVIDER) => serviceId(id(provider), code);
    expect(metaserviceFor(ctx, { protocol: 'soap', service: svc('echo') })).toBeUndefined();
    expect(metaserviceFor(ctx, { protocol: 'soap', service: svc('getWsdl') })).toBe('get-wsdl');
    expect(metaserviceFor(ctx, { protocol: 'soap', service: svc('getSecurityServerOperationalData', 'DEV/GOV/4321') })).toBeUndefined();
    expect(metaserviceFor(ctx, { protocol: 'soap', service: svc('getSecurityServerMetrics', 'DEV/GOV/4321') })).toBe('metrics');
    expect(metaserviceFor(ctx, { protocol: 'soap', service: svc('getSecurityServerMetrics', PROVIDER) })).toBeUndefined();
    expect(metaserviceFor(ctx, { protocol: 'rest', service: svc('getWsdl'), method: 'GET' })).toBeUndefined();
    expect(metaserviceFor(ctx, { protocol: 'rest', service: svc('listMethods'), method: 'POST' })).toBeUndefined();
    expect(metaserviceFor(ctx, { protocol: 'rest', service: svc('getOpenAPI'), method: 'GET' })).toBe('get-openapi');
  });

  it('answerMetaservice leaves ordinary services to the provider IS (undefined)', async () => {
    const req = soapRequest({ serviceCode: 'echo', wrapper: { localName: 'echo', namespaceUri: 'http://test.x-road.fi/producer', prefix: 'prod' } });
    expect(await answerMetaservice(metaContext(), req)).toBeUndefined();
  });
});

describeWithVectors('listMethodsResponse against service-metainfo.xsd (xmllint)', () => {
  it.skipIf(!xmllintAvailable())('the body validates; a service without objectType does not', async () => {
    const answer = (await answerMetaservice(metaContext(), listRequest('listMethods')))!;
    const wrapper = bodyWrapperXml(answer.body.toString('utf8'));
    const schema = vectorPath('schemas', 'service-metainfo.xsd');
    const good = xmllintValidate(wrapper, schema);
    expect(good.output).toContain('validates');
    expect(good.ok).toBe(true);
    const tampered = wrapper.replace(/ id:objectType="SERVICE"/, '');
    expect(tampered).not.toBe(wrapper);
    expect(xmllintValidate(tampered, schema).ok).toBe(false);
  });
});
