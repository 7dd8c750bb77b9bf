// Reading what the locally answered services return (META-001..004, OPMON-003/005/007): the
// service lists of listMethods/allowedMethods, the clientList of /listClients (XML and JSON), the
// WSDL attachment of getWsdl, the gzip'd JSON records of getSecurityServerOperationalData and the
// health-data statistics. Readers throw AnswerReadError naming what was missing.
import { gunzipSync } from 'node:zlib';
import type { Element } from '@xmldom/xmldom';
import { parseXml } from '../../protocol/xml/parse.js';
import { childElements, textOf, walkElements } from '../../protocol/xml/dom.js';
import type { Evidence } from '../../simulators/member-systems/index.js';
import { answerEnvelope } from './soap-call.js';

export const XROAD_NS = 'http://x-road.eu/xsd/xroad.xsd';
export const IDENTIFIERS_NS = 'http://x-road.eu/xsd/identifiers';

export class AnswerReadError extends Error {
  override readonly name = 'AnswerReadError';
  readonly code = 'answer_unreadable';
}

function child(el: Element, localName: string): Element | undefined {
  return childElements(el).find((c) => c.localName === localName);
}

function childText(el: Element, localName: string): string | undefined {
  const c = child(el, localName);
  return c ? textOf(c).trim() : undefined;
}

/** Text of a wrapper's child element by local name (getWsdlResponse/serviceCode ...). */
export function wrapperChildText(wrapper: Element, localName: string): string | undefined {
  return childText(wrapper, localName);
}

/** The Body's wrapper element of a SOAP answer (text/xml or the root part of multipart). */
export function answerWrapper(received: Evidence): Element {
  const { envelope } = answerEnvelope(received);
  if (envelope.isFault) throw new AnswerReadError(`the answer is a fault: ${envelope.fault?.faultCode}: ${envelope.fault?.faultString}`);
  const doc = parseXml(envelope.xml, 'SOAP answer');
  const body = childElements(doc.documentElement!).find((c) => c.localName === 'Body');
  const wrapper = body ? childElements(body)[0] : undefined;
  if (!wrapper) throw new AnswerReadError('the SOAP answer has an empty Body');
  return wrapper;
}

export interface ListedService {
  /** serviceCode[/serviceVersion] */
  code: string;
  provider: string;
}

/** `service` entries (XRoadServiceIdentifierType) of listMethodsResponse / allowedMethodsResponse. */
export function listedServices(wrapper: Element): ListedService[] {
  return childElements(wrapper)
    .filter((e) => e.localName === 'service')
    .map((s) => {
      const part = (n: string) => childText(s, n);
      const provider = [part('xRoadInstance'), part('memberClass'), part('memberCode'), part('subsystemCode')].filter((x) => x !== undefined).join('/');
      const version = part('serviceVersion');
      return { code: `${part('serviceCode') ?? ''}${version ? `/${version}` : ''}`, provider };
    });
}

export interface ListedClient {
  id: string;
  name?: string;
  subsystemName?: string;
}

/** `/listClients` as XML: clientList/member {id, name, subsystemName?}. */
export function clientListFromXml(body: Buffer): ListedClient[] {
  const doc = parseXml(body, 'clientList');
  const root = doc.documentElement!;
  if (root.localName !== 'clientList' || root.namespaceURI !== XROAD_NS) throw new AnswerReadError(`root element is {${root.namespaceURI}}${root.localName}, not xroad:clientList`);
  return childElements(root)
    .filter((m) => m.localName === 'member')
    .map((m) => {
      const id = child(m, 'id');
      const parts = id ? ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode'].map((n) => childText(id, n)).filter((x) => x !== undefined) : [];
      const name = childText(m, 'name');
      const sub = childText(m, 'subsystemName');
      return { id: parts.join('/'), ...(name !== undefined ? { name } : {}), ...(sub !== undefined ? { subsystemName: sub } : {}) };
    });
}

interface JsonClientId {
  object_type?: string;
  xroad_instance?: string;
  member_class?: string;
  member_code?: string;
  subsystem_code?: string;
}

/** `/listClients` as JSON: {"member":[{"id":{object_type,xroad_instance,...},"name","subsystem_name"}]}. */
export function clientListFromJson(body: Buffer): Array<ListedClient & { objectType?: string }> {
  const parsed = JSON.parse(body.toString('utf8')) as { member?: Array<{ id?: JsonClientId; name?: string; subsystem_name?: string }> };
  if (!Array.isArray(parsed.member)) throw new AnswerReadError('the JSON client list has no "member" array');
  return parsed.member.map((m) => {
    const id = m.id ?? {};
    const parts = [id.xroad_instance, id.member_class, id.member_code, id.subsystem_code].filter((x) => x !== undefined);
    return { id: parts.join('/'), ...(id.object_type ? { objectType: id.object_type } : {}), ...(m.name !== undefined ? { name: m.name } : {}), ...(m.subsystem_name !== undefined ? { subsystemName: m.subsystem_name } : {}) };
  });
}

/** Every `soap:address/@location` (SOAP 1.1 and 1.2 bindings) of a WSDL. */
export function wsdlAddressLocations(wsdl: Buffer): string[] {
  const out: string[] = [];
  walkElements(parseXml(wsdl, 'WSDL'), (e) => {
    if (e.localName === 'address' && /\/wsdl\/soap(12)?\/$/.test(e.namespaceURI ?? '')) out.push(e.getAttribute('location') ?? '');
  });
  return out;
}

export interface OperationalData {
  recordsCount: number;
  nextRecordsFrom?: number;
  records: Array<Record<string, unknown>>;
}

/** getSecurityServerOperationalDataResponse with its gzip'd JSON attachment (OPMON-003). */
export function operationalData(received: Evidence): OperationalData {
  const wrapper = answerWrapper(received);
  const count = childText(wrapper, 'recordsCount');
  const next = childText(wrapper, 'nextRecordsFrom');
  const ref = childText(wrapper, 'records') ?? '';
  const { attachments } = answerEnvelope(received);
  const cid = ref.replace(/^cid:/, '');
  const part = attachments.find((a) => a.headers.some(([n, v]) => n.toLowerCase() === 'content-id' && v.replace(/[<>]/g, '') === cid)) ?? attachments[0];
  if (!part) throw new AnswerReadError(`no records attachment (records = ${ref || 'missing'})`);
  let json: { records?: Array<Record<string, unknown>> };
  try {
    json = JSON.parse(gunzipSync(part.body).toString('utf8')) as typeof json;
  } catch (e) {
    throw new AnswerReadError(`the records attachment is not gzip'd JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(json.records)) throw new AnswerReadError('the records JSON has no "records" array');
  return { recordsCount: Number(count), ...(next !== undefined ? { nextRecordsFrom: Number(next) } : {}), records: json.records };
}

export interface HealthData {
  monitoringStartupTimestamp?: number;
  statisticsPeriodSeconds?: number;
  /** serviceCode -> lastPeriodStatistics successfulRequestCount / unsuccessfulRequestCount */
  services: Map<string, { successful?: number; unsuccessful?: number; lastSuccessfulRequestTimestamp?: number }>;
}

export function healthData(received: Evidence): HealthData {
  const wrapper = answerWrapper(received);
  const services = new Map<string, { successful?: number; unsuccessful?: number; lastSuccessfulRequestTimestamp?: number }>();
  const events = child(wrapper, 'servicesEvents');
  for (const ev of events ? childElements(events).filter((e) => e.localName === 'serviceEvents') : []) {
    const service = child(ev, 'service');
    const code = service ? childText(service, 'serviceCode') : undefined;
    const stats = child(ev, 'lastPeriodStatistics');
    const num = (el: Element | undefined, n: string) => {
      const t = el ? childText(el, n) : undefined;
      return t === undefined ? undefined : Number(t);
    };
    if (code) {
      // One entry per service id: versions (getRandom, getRandom/v1) and providers share a code,
      // so entries with the same code are summed rather than the last one winning.
      const lastOk = num(ev, 'lastSuccessfulRequestTimestamp');
      const prev = services.get(code);
      const add = (a: number | undefined, b: number | undefined) => (a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0));
      const last = Math.max(prev?.lastSuccessfulRequestTimestamp ?? -Infinity, lastOk ?? -Infinity);
      services.set(code, {
        successful: add(prev?.successful, num(stats, 'successfulRequestCount')),
        unsuccessful: add(prev?.unsuccessful, num(stats, 'unsuccessfulRequestCount')),
        ...(Number.isFinite(last) ? { lastSuccessfulRequestTimestamp: last } : {}),
      });
    }
  }
  const startup = childText(wrapper, 'monitoringStartupTimestamp');
  const period = childText(wrapper, 'statisticsPeriodSeconds');
  return {
    ...(startup !== undefined ? { monitoringStartupTimestamp: Number(startup) } : {}),
    ...(period !== undefined ? { statisticsPeriodSeconds: Number(period) } : {}),
    services,
  };
}
