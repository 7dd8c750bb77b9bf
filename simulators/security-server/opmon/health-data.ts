// OPMON-005: getSecurityServerHealthData (PR-OPMON §3, Annex C.4). Computed like X-Road's
// HealthDataMetrics over the requests this server handled as provider (securityServerType
// Producer) only: per service the last successful / unsuccessful request (responseOutTs), its
// service type, and over the last statisticsPeriodSeconds the request counts and — for
// successful requests — min/average/max/standard deviation of duration (responseOutTs -
// requestInTs) and of request/response size (sample standard deviation, 0 for one value, as
// Dropwizard's snapshot). An optional filterCriteria/client keeps that provider's services only.
import { formatIdentifierXml, idEquals, idToShortString, providerOf, type ClientId, type ServiceId } from '../../../protocol/identifiers/index.js';
import { buildResponse, escapeXml } from '../../../protocol/soap/index.js';
import { DEFAULT_OPMON_SETTINGS, nowOf, type MetaserviceAnswer, type MetaserviceContext, type SoapMetaserviceRequest } from '../metaservices/metaservice-context.js';
import { soapBodyWrapper } from '../metaservices/soap-body.js';
import type { OperationalDataStore } from './op-monitor.js';
import { opmonFaultAnswer } from './opmon-fault.js';
import { OPMON_INVALID_REQUEST, OPMON_NS, OpMonRequestError, readHealthDataRequest } from './opmon-request.js';
import { recordService, type OpMonRecordDetails } from './record-fields.js';

export interface Summary {
  min: number;
  average: number;
  max: number;
  stdDev: number;
}

export interface LastPeriodStatistics {
  successfulRequestCount: number;
  unsuccessfulRequestCount: number;
  requestDuration?: Summary;
  requestSize?: Summary;
  responseSize?: Summary;
}

export interface ServiceEvents {
  service: ServiceId;
  lastSuccessfulRequestTimestamp?: number;
  lastUnsuccessfulRequestTimestamp?: number;
  serviceType?: string;
  lastPeriodStatistics: LastPeriodStatistics;
}

export interface HealthData {
  monitoringStartupTimestamp: number;
  statisticsPeriodSeconds: number;
  services: ServiceEvents[];
}

export function summarise(values: readonly number[]): Summary | undefined {
  if (values.length === 0) return undefined;
  const n = values.length;
  const average = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, v) => a + (v - average) ** 2, 0) / (n - 1) : 0;
  // reduce, not Math.min(...values): a full store would overflow the argument list.
  const min = values.reduce((a, b) => (b < a ? b : a), values[0]!);
  const max = values.reduce((a, b) => (b > a ? b : a), values[0]!);
  return { min, average, max, stdDev: Math.sqrt(variance) };
}

export function computeHealthData(store: OperationalDataStore, periodSeconds: number, nowMs: number, provider?: ClientId): HealthData {
  const byService = new Map<string, { service: ServiceId; records: OpMonRecordDetails[] }>();
  for (const r of store.records()) {
    if (r.securityServerType !== 'Producer') continue;
    const service = recordService(r);
    if (!service) continue;
    if (provider && !idEquals(providerOf(service), provider)) continue;
    const key = `${idToShortString(service)}|${service.subsystemCode === undefined ? 'M' : 'S'}|${service.serviceVersion ?? ''}`;
    const entry = byService.get(key) ?? { service, records: [] };
    entry.records.push(r);
    byService.set(key, entry);
  }
  const periodStart = nowMs - periodSeconds * 1000;
  const services: ServiceEvents[] = [];
  for (const { service, records } of byService.values()) {
    const ok = records.filter((r) => r.succeeded);
    const failed = records.filter((r) => !r.succeeded);
    const latest = records[records.length - 1]!;
    const inPeriod = (r: OpMonRecordDetails) => r.responseOutTs >= periodStart && r.responseOutTs <= nowMs;
    const okInPeriod = ok.filter(inPeriod);
    const stats: LastPeriodStatistics = {
      successfulRequestCount: okInPeriod.length,
      unsuccessfulRequestCount: failed.filter(inPeriod).length,
    };
    if (okInPeriod.length > 0) {
      const duration = summarise(okInPeriod.map((r) => r.responseOutTs - r.requestInTs));
      const requestSize = summarise(okInPeriod.flatMap((r) => (r.requestSize !== undefined ? [r.requestSize] : [])));
      const responseSize = summarise(okInPeriod.flatMap((r) => (r.responseSize !== undefined ? [r.responseSize] : [])));
      if (duration) stats.requestDuration = duration;
      if (requestSize) stats.requestSize = requestSize;
      if (responseSize) stats.responseSize = responseSize;
    }
    services.push({
      service,
      ...(ok.length > 0 ? { lastSuccessfulRequestTimestamp: ok[ok.length - 1]!.responseOutTs } : {}),
      ...(failed.length > 0 ? { lastUnsuccessfulRequestTimestamp: failed[failed.length - 1]!.responseOutTs } : {}),
      serviceType: latest.serviceType,
      lastPeriodStatistics: stats,
    });
  }
  return { monitoringStartupTimestamp: store.startupTimestamp, statisticsPeriodSeconds: periodSeconds, services };
}

/** xs:double as Java writes it for ordinary magnitudes ("42.0", "12.5"). */
export function formatDouble(v: number): string {
  return Number.isInteger(v) ? `${v}.0` : String(v);
}

function el(name: string, value: string | number | undefined): string {
  return value === undefined ? '' : `<om:${name}>${typeof value === 'number' ? value : escapeXml(value)}</om:${name}>`;
}

function summaryXml(prefix: 'request' | 'response', what: 'Duration' | 'Size', s: Summary | undefined): string {
  if (!s) return '';
  const dev = what === 'Duration' ? `${prefix}DurationStdDev` : `${prefix}SizeStdDev`;
  return (
    el(`${prefix}Min${what}`, Math.round(s.min)) +
    `<om:${prefix}Average${what}>${formatDouble(s.average)}</om:${prefix}Average${what}>` +
    el(`${prefix}Max${what}`, Math.round(s.max)) +
    `<om:${dev}>${formatDouble(s.stdDev)}</om:${dev}>`
  );
}

export function healthDataXml(data: HealthData): string {
  const events = data.services
    .map((s) => {
      const st = s.lastPeriodStatistics;
      return (
        '<om:serviceEvents>' +
        formatIdentifierXml(s.service, { localName: 'service', prefix: 'om', idPrefix: 'id', declareNamespaces: false }) +
        el('lastSuccessfulRequestTimestamp', s.lastSuccessfulRequestTimestamp) +
        el('lastUnsuccessfulRequestTimestamp', s.lastUnsuccessfulRequestTimestamp) +
        el('serviceType', s.serviceType) +
        '<om:lastPeriodStatistics>' +
        el('successfulRequestCount', st.successfulRequestCount) +
        el('unsuccessfulRequestCount', st.unsuccessfulRequestCount) +
        summaryXml('request', 'Duration', st.requestDuration) +
        summaryXml('request', 'Size', st.requestSize) +
        summaryXml('response', 'Size', st.responseSize) +
        '</om:lastPeriodStatistics></om:serviceEvents>'
      );
    })
    .join('');
  return (
    el('monitoringStartupTimestamp', data.monitoringStartupTimestamp) +
    el('statisticsPeriodSeconds', data.statisticsPeriodSeconds) +
    `<om:servicesEvents>${events}</om:servicesEvents>`
  );
}

export function answerHealthData(ctx: MetaserviceContext & { opMonitor: OperationalDataStore }, request: SoapMetaserviceRequest): MetaserviceAnswer {
  const settings = { ...DEFAULT_OPMON_SETTINGS, ...ctx.opMonSettings };
  let data: HealthData;
  try {
    let wrapper;
    try {
      wrapper = soapBodyWrapper(request.envelope);
    } catch (e) {
      throw new OpMonRequestError(OPMON_INVALID_REQUEST, (e as Error).message);
    }
    const { client } = readHealthDataRequest(wrapper);
    data = computeHealthData(ctx.opMonitor, settings.statisticsPeriodSeconds, nowOf(ctx).getTime(), client);
  } catch (e) {
    return opmonFaultAnswer(e);
  }
  const xml = buildResponse(request.envelope, {
    wrapper: { localName: 'getSecurityServerHealthDataResponse', namespaceUri: OPMON_NS, prefix: 'om', content: healthDataXml(data) },
  });
  const body = Buffer.from(xml, 'utf8');
  return { status: 200, statusText: 'OK', headers: [['Content-Type', 'text/xml; charset=UTF-8']], body };
}
