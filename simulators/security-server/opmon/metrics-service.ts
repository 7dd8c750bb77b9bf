// OPMON-007: getSecurityServerMetrics, environmental monitoring (PR-ENVMONMES §2). Only the owner
// and the central monitoring client may ask (anyone else: access_denied, as
// ProxyMonitorServiceHandlerImpl.verifyAccess). The answer is one metricSet named after the
// server (SERVER:INSTANCE/CLASS/CODE/SERVERCODE) with proxyVersion and a systemMetrics set;
// outputSpec/outputField picks metrics of systemMetrics by name.
import os from 'node:os';
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import { idToString } from '../../../protocol/identifiers/index.js';
import { buildResponse, escapeXml } from '../../../protocol/soap/index.js';
import type { MetaserviceAnswer, MetaserviceContext, SoapMetaserviceRequest } from '../metaservices/metaservice-context.js';
import { childElements, soapBodyWrapper } from '../metaservices/soap-body.js';
import { isMonitoringClient, isServerOwner } from './opmon-access.js';

export const MONITORING_NS = 'http://x-road.eu/xsd/monitoring';

type Metric = { kind: 'string'; name: string; value: string } | { kind: 'numeric'; name: string; value: number };

/** The metrics this server can report about its host. */
export function systemMetrics(): Metric[] {
  return [
    { kind: 'string', name: 'OperatingSystem', value: `${os.type()} ${os.release()}` },
    { kind: 'numeric', name: 'TotalPhysicalMemory', value: os.totalmem() },
    { kind: 'numeric', name: 'FreePhysicalMemory', value: os.freemem() },
    { kind: 'numeric', name: 'AvailableProcessors', value: os.cpus().length },
    { kind: 'numeric', name: 'SystemLoadAverage', value: os.loadavg()[0] ?? 0 },
    { kind: 'numeric', name: 'Uptime', value: Math.round(os.uptime()) },
  ];
}

function metricXml(m: Metric): string {
  const tag = m.kind === 'string' ? 'stringMetric' : 'numericMetric';
  const value = m.kind === 'string' ? escapeXml(m.value) : String(m.value);
  return `<m:${tag}><m:name>${escapeXml(m.name)}</m:name><m:value>${value}</m:value></m:${tag}>`;
}

/** Names asked for in outputSpec/outputField (empty = all). */
export function requestedMetricNames(request: SoapMetaserviceRequest): Set<string> {
  const names = new Set<string>();
  const wrapper = soapBodyWrapper(request.envelope);
  for (const spec of childElements(wrapper).filter((c) => c.localName === 'outputSpec' && c.namespaceURI === MONITORING_NS)) {
    for (const f of childElements(spec)) if (f.localName === 'outputField' && f.namespaceURI === MONITORING_NS) names.add((f.textContent ?? '').trim());
  }
  return names;
}

export function answerMetrics(ctx: MetaserviceContext, request: SoapMetaserviceRequest): MetaserviceAnswer {
  const owner = isServerOwner(request.client, ctx.serverConf.serverId);
  if (!owner && !isMonitoringClient(request.client, ctx.monitoringClient?.())) {
    throw new XRoadError(ErrorCodes.accessDenied, `Request is not allowed: ${idToString(request.service)}`);
  }
  const names = requestedMetricNames(request);
  const metrics = systemMetrics().filter((m) => names.size === 0 || names.has(m.name));
  const content =
    '<m:metricSet>' +
    `<m:name>${escapeXml(idToString(ctx.serverConf.serverId))}</m:name>` +
    metricXml({ kind: 'string', name: 'proxyVersion', value: ctx.proxyVersion ?? '7.8.0' }) +
    `<m:metricSet><m:name>systemMetrics</m:name>${metrics.map(metricXml).join('')}</m:metricSet>` +
    '</m:metricSet>';
  const xml = buildResponse(request.envelope, { wrapper: { localName: 'getSecurityServerMetricsResponse', namespaceUri: MONITORING_NS, prefix: 'm', content } });
  return { status: 200, statusText: 'OK', headers: [['Content-Type', 'text/xml; charset=UTF-8']], body: Buffer.from(xml, 'utf8') };
}
