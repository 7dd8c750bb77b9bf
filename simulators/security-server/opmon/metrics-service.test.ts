import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { isXRoadError } from '../../../protocol/faults/index.js';
import { parseSoapEnvelope } from '../../../protocol/soap/index.js';
import { answerMetaservice } from '../metaservices/answer-metaservice.js';
import { metaContext, soapRequest } from '../metaservices/test-fixture.js';
import { MONITORING_NS } from './metrics-service.js';
import { CLIENT, MONITORING, OWNER, SERVER } from './test-fixture.js';

function metricsRequest(client: string, fields: string[] = []) {
  const content = fields.length ? `<m:outputSpec>${fields.map((f) => `<m:outputField>${f}</m:outputField>`).join('')}</m:outputSpec>` : '';
  return soapRequest({
    client,
    provider: OWNER,
    serviceCode: 'getSecurityServerMetrics',
    securityServer: SERVER,
    wrapper: { localName: 'getSecurityServerMetrics', namespaceUri: MONITORING_NS, prefix: 'm', content },
  });
}

function names(xml: string): string[] {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const out: string[] = [];
  const els = doc.getElementsByTagNameNS(MONITORING_NS, 'name');
  for (let i = 0; i < els.length; i++) out.push(els.item(i)!.textContent ?? '');
  return out;
}

describe('getSecurityServerMetrics (OPMON-007)', () => {
  it('the owner gets the server metric set: name, proxyVersion, systemMetrics', async () => {
    const answer = (await answerMetaservice(metaContext({ proxyVersion: '7.8.0-test' }), metricsRequest(OWNER)))!;
    const env = parseSoapEnvelope(answer.body);
    expect(env.wrapper).toMatchObject({ localName: 'getSecurityServerMetricsResponse', namespaceUri: MONITORING_NS });
    const n = names(env.xml);
    expect(n.slice(0, 3)).toEqual([`SERVER:${SERVER}`, 'proxyVersion', 'systemMetrics']);
    expect(n).toContain('TotalPhysicalMemory');
    expect(env.xml).toContain('<m:value>7.8.0-test</m:value>');
  });

  it('outputSpec picks system metrics by name', async () => {
    const answer = (await answerMetaservice(metaContext(), metricsRequest(OWNER, ['OperatingSystem'])))!;
    expect(names(answer.body.toString())).toEqual([`SERVER:${SERVER}`, 'proxyVersion', 'systemMetrics', 'OperatingSystem']);
  });

  it('the monitoring client may ask; anyone else is access_denied', async () => {
    expect((await answerMetaservice(metaContext({ monitoringClient: () => MONITORING }), metricsRequest(MONITORING)))!.status).toBe(200);
    const err = await answerMetaservice(metaContext(), metricsRequest(CLIENT)).catch((e: unknown) => e);
    expect(isXRoadError(err) && err.code).toBe('access_denied');
    const notConfigured = await answerMetaservice(metaContext(), metricsRequest(MONITORING)).catch((e: unknown) => e);
    expect(isXRoadError(notConfigured) && notConfigured.code).toBe('access_denied');
  });
});
