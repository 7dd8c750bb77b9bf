// X-Road SOAP requests as a client IS writes them (MESS E.1 layout): identifiers given in their
// short string form, header fields in the usual order. Tests tweak the text afterwards for the
// negative cases (drop a field, duplicate one, wrong protocolVersion).
import { randomUUID } from 'node:crypto';

export interface SoapRequestSpec {
  /** INSTANCE/CLASS/CODE[/SUBSYSTEM] */
  client: string;
  /** INSTANCE/CLASS/CODE[/SUBSYSTEM]/SERVICECODE[/VERSION]: subsystem presence decided by `serviceHasSubsystem`. */
  service: string;
  /** Default true: 5 parts = .../SUBSYSTEM/CODE, 6 parts = + version. False: member-level provider. */
  serviceHasSubsystem?: boolean;
  id?: string;
  userId?: string;
  issue?: string;
  protocolVersion?: string;
  /** INSTANCE/CLASS/CODE/SERVERCODE (EXT-001). */
  securityServer?: string;
  /** Inner XML of the body wrapper element (the wrapper is `<prov:SERVICECODE>`). */
  bodyContent?: string;
  /** Attachment references to put in the wrapper (`<file href="cid:..."/>`). */
  wrapperExtra?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function clientXml(tag: string, id: string): string {
  const [inst, cls, code, sub] = id.split('/');
  const type = sub === undefined ? 'MEMBER' : 'SUBSYSTEM';
  return (
    `<xrd:${tag} id:objectType="${type}"><id:xRoadInstance>${esc(inst!)}</id:xRoadInstance>` +
    `<id:memberClass>${esc(cls!)}</id:memberClass><id:memberCode>${esc(code!)}</id:memberCode>` +
    (sub !== undefined ? `<id:subsystemCode>${esc(sub)}</id:subsystemCode>` : '') +
    `</xrd:${tag}>`
  );
}

/** Parts of a service id string. */
export function splitServiceId(service: string, hasSubsystem = true): { provider: string; code: string; version?: string } {
  const parts = service.split('/');
  const providerLen = hasSubsystem ? 4 : 3;
  if (parts.length < providerLen + 1 || parts.length > providerLen + 2) throw new Error(`bad service id ${service}`);
  return { provider: parts.slice(0, providerLen).join('/'), code: parts[providerLen]!, version: parts[providerLen + 1] };
}

function serviceXml(service: string, hasSubsystem: boolean): string {
  const { provider, code, version } = splitServiceId(service, hasSubsystem);
  const [inst, cls, mcode, sub] = provider.split('/');
  return (
    `<xrd:service id:objectType="SERVICE"><id:xRoadInstance>${esc(inst!)}</id:xRoadInstance>` +
    `<id:memberClass>${esc(cls!)}</id:memberClass><id:memberCode>${esc(mcode!)}</id:memberCode>` +
    (sub !== undefined ? `<id:subsystemCode>${esc(sub)}</id:subsystemCode>` : '') +
    `<id:serviceCode>${esc(code)}</id:serviceCode>` +
    (version !== undefined ? `<id:serviceVersion>${esc(version)}</id:serviceVersion>` : '') +
    `</xrd:service>`
  );
}

function serverXml(server: string): string {
  const [inst, cls, code, srv] = server.split('/');
  return (
    `<xrd:securityServer id:objectType="SERVER"><id:xRoadInstance>${esc(inst!)}</id:xRoadInstance>` +
    `<id:memberClass>${esc(cls!)}</id:memberClass><id:memberCode>${esc(code!)}</id:memberCode>` +
    `<id:serverCode>${esc(srv!)}</id:serverCode></xrd:securityServer>`
  );
}

/** The request text; `id` defaults to a fresh UUID. */
export function buildSoapRequest(spec: SoapRequestSpec): string {
  const hasSub = spec.serviceHasSubsystem ?? true;
  const { code } = splitServiceId(spec.service, hasSub);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" ' +
    'xmlns:id="http://x-road.eu/xsd/identifiers" xmlns:xrd="http://x-road.eu/xsd/xroad.xsd" ' +
    'xmlns:prov="http://provider.example.org/">\n' +
    '<SOAP-ENV:Header>\n' +
    clientXml('client', spec.client) +
    '\n' +
    serviceXml(spec.service, hasSub) +
    '\n' +
    (spec.securityServer ? serverXml(spec.securityServer) + '\n' : '') +
    `<xrd:id>${esc(spec.id ?? randomUUID())}</xrd:id>\n` +
    (spec.userId !== undefined ? `<xrd:userId>${esc(spec.userId)}</xrd:userId>\n` : '') +
    (spec.issue !== undefined ? `<xrd:issue>${esc(spec.issue)}</xrd:issue>\n` : '') +
    `<xrd:protocolVersion>${esc(spec.protocolVersion ?? '4.0')}</xrd:protocolVersion>\n` +
    '</SOAP-ENV:Header>\n' +
    '<SOAP-ENV:Body>\n' +
    `<prov:${code}>${spec.bodyContent ?? '<input>hello</input>'}${spec.wrapperExtra ?? ''}</prov:${code}>\n` +
    '</SOAP-ENV:Body>\n' +
    '</SOAP-ENV:Envelope>\n'
  );
}
