// Test support for the monitoring tests: records as the proxies would store them, requests as a
// consumer SS forwards them, the answer's parts unpacked, and an XML schema of the response
// bodies written from PR-OPMON §2-3 (op-monitoring.xsd itself is not among the vectors).
import { gunzipSync } from 'node:zlib';
import { formatIdentifierXml, parseClientIdPath, serviceId, type ClientId } from '../../../protocol/identifiers/index.js';
import { parseMultipart } from '../../../protocol/multipart/index.js';
import { parseSoapEnvelope, type SoapEnvelope } from '../../../protocol/soap/index.js';
import { vectorPath } from '../../../protocol/test-support/vectors.js';
import type { MetaserviceAnswer, MetaserviceContext } from '../metaservices/metaservice-context.js';
import { metaContext, soapRequest } from '../metaservices/test-fixture.js';
import { MemoryOpMonitor } from './op-monitor.js';
import { OPMON_NS } from './opmon-request.js';
import type { OpMonRecordDetails, PayloadRecord } from './record-fields.js';

export { CLIENT, MONITORING, OTHER, OWNER, PROVIDER, SERVER } from '../metaservices/test-fixture.js';

/** 2023-11-14T22:13:20Z: the tests' "now". */
export const NOW_S = 1_700_000_000;
export const NOW = new Date(NOW_S * 1000);

export function rec(ts: number, o: Partial<OpMonRecordDetails> & { client?: ClientId; provider?: string; code?: string } = {}): OpMonRecordDetails {
  const client = o.client ?? parseClientIdPath('DEV/COM/1234/CLIENT');
  const provider = parseClientIdPath(o.provider ?? 'DEV/GOV/4321/PROV');
  const service = o.service ?? serviceId(provider, o.code ?? 'echo');
  const { client: _c, provider: _p, code: _code, ...rest } = o;
  return {
    monitoringDataTs: ts,
    securityServerType: 'Producer',
    requestInTs: ts * 1000 - 50,
    responseOutTs: ts * 1000,
    clientId: '',
    client,
    service,
    messageId: `m-${ts}`,
    succeeded: true,
    serviceType: 'WSDL',
    xRoadVersion: '7.8.0',
    securityServerInternalIp: '10.0.0.2',
    ...rest,
  };
}

export function storeWith(records: OpMonRecordDetails[]): MemoryOpMonitor {
  const store = new MemoryOpMonitor({ now: () => NOW.getTime() - 3_600_000 });
  for (const r of records) store.record(r);
  return store;
}

export function opmonContext(store: MemoryOpMonitor, overrides: Partial<MetaserviceContext> = {}): MetaserviceContext {
  return metaContext({ opMonitor: store, now: () => NOW, ...overrides });
}

export interface OpDataRequestSpec {
  client?: string;
  securityServer?: string;
  from?: number | string;
  to?: number | string;
  /** Inner XML of searchCriteria/client, or a ClientId to format. */
  searchClient?: ClientId | string;
  outputFields?: string[];
  /** Replace the whole body content. */
  body?: string;
  wrapperNs?: string;
}

export function opDataRequest(spec: OpDataRequestSpec) {
  const searchClient =
    spec.searchClient === undefined
      ? ''
      : typeof spec.searchClient === 'string'
        ? spec.searchClient
        : formatIdentifierXml(spec.searchClient, { localName: 'client', prefix: 'om', idPrefix: 'id', declareNamespaces: false });
  const outputSpec = spec.outputFields ? `<om:outputSpec>${spec.outputFields.map((f) => `<om:outputField>${f}</om:outputField>`).join('')}</om:outputSpec>` : '';
  const content =
    spec.body ??
    `<om:searchCriteria><om:recordsFrom>${spec.from ?? NOW_S - 3600}</om:recordsFrom><om:recordsTo>${spec.to ?? NOW_S - 61}</om:recordsTo>${searchClient}</om:searchCriteria>${outputSpec}`;
  return soapRequest({
    client: spec.client ?? 'DEV/COM/1234/CLIENT',
    provider: 'DEV/GOV/4321',
    serviceCode: 'getSecurityServerOperationalData',
    ...(spec.securityServer ? { securityServer: spec.securityServer } : {}),
    wrapper: { localName: 'getSecurityServerOperationalData', namespaceUri: spec.wrapperNs ?? OPMON_NS, prefix: 'om', content },
  });
}

export interface UnpackedOperationalData {
  soap: SoapEnvelope;
  soapXml: string;
  gzipPart: { contentType?: string; contentId?: string; transferEncoding?: string };
  records: PayloadRecord[];
  payload: unknown;
}

export function unpackOperationalData(answer: MetaserviceAnswer): UnpackedOperationalData {
  const ct = answer.headers.find(([n]) => n.toLowerCase() === 'content-type')![1];
  const [soapPart, gzipPart, ...more] = parseMultipart(answer.body, ct).parts;
  if (!soapPart || !gzipPart || more.length > 0) throw new Error('expected exactly two parts');
  const payload = JSON.parse(gunzipSync(gzipPart.body).toString('utf8')) as { records: PayloadRecord[] };
  return {
    soap: parseSoapEnvelope(soapPart.body, { contentType: soapPart.headers.get('content-type') }),
    soapXml: soapPart.body.toString('utf8'),
    gzipPart: {
      contentType: gzipPart.headers.get('content-type'),
      contentId: gzipPart.headers.get('content-id'),
      transferEncoding: gzipPart.headers.get('content-transfer-encoding'),
    },
    records: payload.records,
    payload,
  };
}

/** The response bodies of PR-OPMON §2-3 as an XML schema (xmllint needs the file path of identifiers.xsd). */
export function opmonResponseSchema(): string {
  const identifiers = vectorPath('schemas', 'identifiers.xsd');
  const long = (n: string, min = 0) => `<xs:element name="${n}" type="xs:long"${min === 0 ? ' minOccurs="0"' : ''}/>`;
  const dbl = (n: string) => `<xs:element name="${n}" type="xs:double" minOccurs="0"/>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="${OPMON_NS}" xmlns="${OPMON_NS}"
    xmlns:id="http://x-road.eu/xsd/identifiers" elementFormDefault="qualified">
  <xs:import namespace="http://x-road.eu/xsd/identifiers" schemaLocation="file://${identifiers}"/>
  <xs:element name="getSecurityServerOperationalDataResponse">
    <xs:complexType><xs:sequence>
      <xs:element name="recordsCount" type="xs:int"/>
      <xs:element name="records" type="xs:anyURI"/>
      ${long('nextRecordsFrom')}
    </xs:sequence></xs:complexType>
  </xs:element>
  <xs:element name="getSecurityServerHealthDataResponse">
    <xs:complexType><xs:sequence>
      ${long('monitoringStartupTimestamp', 1)}
      <xs:element name="statisticsPeriodSeconds" type="xs:int"/>
      <xs:element name="servicesEvents"><xs:complexType><xs:sequence>
        <xs:element name="serviceEvents" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:sequence>
          <xs:element name="service" type="id:XRoadServiceIdentifierType"/>
          ${long('lastSuccessfulRequestTimestamp')}
          ${long('lastUnsuccessfulRequestTimestamp')}
          <xs:element name="serviceType" type="xs:string" minOccurs="0"/>
          <xs:element name="lastPeriodStatistics"><xs:complexType><xs:sequence>
            <xs:element name="successfulRequestCount" type="xs:int"/>
            <xs:element name="unsuccessfulRequestCount" type="xs:int"/>
            ${long('requestMinDuration')}${dbl('requestAverageDuration')}${long('requestMaxDuration')}${dbl('requestDurationStdDev')}
            ${long('requestMinSize')}${dbl('requestAverageSize')}${long('requestMaxSize')}${dbl('requestSizeStdDev')}
            ${long('responseMinSize')}${dbl('responseAverageSize')}${long('responseMaxSize')}${dbl('responseSizeStdDev')}
          </xs:sequence></xs:complexType></xs:element>
        </xs:sequence></xs:complexType></xs:element>
      </xs:sequence></xs:complexType></xs:element>
    </xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>
`;
}

export function faultOf(answer: MetaserviceAnswer): { status: number; code?: string; message?: string } {
  const env = parseSoapEnvelope(answer.body);
  if (!env.isFault) throw new Error('expected a SOAP fault');
  return { status: answer.status, code: env.fault?.faultCode, message: env.fault?.faultString };
}
