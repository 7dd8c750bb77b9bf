// Requests for the services a security server answers itself: the SOAP metaservices (META-002/003:
// listMethods, allowedMethods, getWsdl, bodies in the xroad.xsd namespace) and the monitoring
// services (OPMON-001/002/005/007: op-monitoring.xsd and monitoring namespaces, provided by the
// server owner member). They are ordinary X-Road SOAP requests: the usual header, a special body.
import { buildSoapRequest } from '../../simulators/member-systems/index.js';

export const OPMON_NS = 'http://x-road.eu/xsd/op-monitoring.xsd';
export const ENVMON_NS = 'http://x-road.eu/xsd/monitoring';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface LocalServiceRequest {
  client: string;
  /** INSTANCE/CLASS/CODE[/SUBSYSTEM] of the provider (the owner member for monitoring). */
  provider: string;
  serviceCode: string;
  /** The whole SOAP Body content (the wrapper element and what it holds). */
  body: string;
  /** INSTANCE/CLASS/CODE/SERVERCODE for the securityServer header (OPMON-001: MUST when the owner asks). */
  securityServer?: string;
  id?: string;
}

/** The request text: buildSoapRequest's header with `body` in place of the provider-namespace wrapper. */
export function localServiceRequest(r: LocalServiceRequest): string {
  const hasSubsystem = r.provider.split('/').length === 4;
  const xml = buildSoapRequest({
    client: r.client,
    service: `${r.provider}/${r.serviceCode}`,
    serviceHasSubsystem: hasSubsystem,
    userId: 'EE12345678901',
    ...(r.securityServer ? { securityServer: r.securityServer } : {}),
    ...(r.id ? { id: r.id } : {}),
  });
  const wrapper = new RegExp(`<prov:${r.serviceCode}>[\\s\\S]*?</prov:${r.serviceCode}>`);
  if (!wrapper.test(xml)) throw new Error(`no body wrapper for ${r.serviceCode} in the built request`);
  return xml.replace(wrapper, r.body);
}

export function methodListBody(code: 'listMethods' | 'allowedMethods'): string {
  return `<xrd:${code}/>`;
}

export function getWsdlBody(serviceCode: string, serviceVersion?: string): string {
  return `<xrd:getWsdl><xrd:serviceCode>${esc(serviceCode)}</xrd:serviceCode>${serviceVersion ? `<xrd:serviceVersion>${esc(serviceVersion)}</xrd:serviceVersion>` : ''}</xrd:getWsdl>`;
}

/** A client id element in the identifiers namespace the built envelope declares (`id:`). */
export function clientIdXml(tag: string, client: string, opts: { dropSubsystemCode?: boolean } = {}): string {
  const [inst, cls, code, sub] = client.split('/');
  const type = sub === undefined ? 'MEMBER' : 'SUBSYSTEM';
  return (
    `<${tag} id:objectType="${type}"><id:xRoadInstance>${esc(inst!)}</id:xRoadInstance><id:memberClass>${esc(cls!)}</id:memberClass>` +
    `<id:memberCode>${esc(code!)}</id:memberCode>${sub !== undefined && !opts.dropSubsystemCode ? `<id:subsystemCode>${esc(sub)}</id:subsystemCode>` : ''}</${tag}>`
  );
}

export interface OperationalDataQuery {
  recordsFrom: number;
  recordsTo: number;
  /** Raw XML of a searchCriteria/client filter (clientIdXml('om:client', ...)). */
  clientXml?: string;
  outputFields?: string[];
}

export function operationalDataBody(q: OperationalDataQuery): string {
  const spec = q.outputFields ? `<om:outputSpec>${q.outputFields.map((f) => `<om:outputField>${esc(f)}</om:outputField>`).join('')}</om:outputSpec>` : '';
  return (
    `<om:getSecurityServerOperationalData xmlns:om="${OPMON_NS}"><om:searchCriteria>` +
    `<om:recordsFrom>${q.recordsFrom}</om:recordsFrom><om:recordsTo>${q.recordsTo}</om:recordsTo>${q.clientXml ?? ''}` +
    `</om:searchCriteria>${spec}</om:getSecurityServerOperationalData>`
  );
}

export function healthDataBody(clientFilterXml?: string): string {
  return `<om:getSecurityServerHealthData xmlns:om="${OPMON_NS}">${clientFilterXml ? `<om:filterCriteria>${clientFilterXml}</om:filterCriteria>` : ''}</om:getSecurityServerHealthData>`;
}

export function metricsBody(): string {
  return `<m:getSecurityServerMetrics xmlns:m="${ENVMON_NS}"/>`;
}
