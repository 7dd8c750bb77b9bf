// Builds X-Road SOAP documents: requests (MESS §2.2, Annex E.1), responses that echo the request's
// header (MESS-013: same fields, values and order; requestHash placed right after xrd:id as the
// reference provider SS does) and SOAP faults laid out byte for byte as X-Road emits them
// (SoapFault.createFaultXml, MESS-018).
import {
  formatIdentifierXml,
  type CentralServiceId,
  type ClientId,
  type SecurityServerId,
  type ServiceId,
  type XRoadId,
} from '../identifiers/index.js';
import type { SoapEnvelope } from './envelope.js';
import type { HeaderField, RepresentedParty, RequestHash, SecurityToken, XRoadHeader } from './header.js';
import {
  IDENTIFIERS_NS,
  IDENTIFIERS_PREFIX,
  REPRESENTATION_NS,
  REPRESENTATION_PREFIX,
  SECURITY_TOKEN_NS,
  SECURITY_TOKEN_PREFIX,
  SOAP_ENCODING_NS,
  SOAP_ENV_NS,
  SOAP_ENV_PREFIX,
  XROAD_NS,
  XROAD_PREFIX,
} from './namespaces.js';
import { computeRequestHash } from './request-hash.js';

export interface HeaderSpec {
  client: ClientId;
  service?: ServiceId;
  centralService?: CentralServiceId;
  securityServer?: SecurityServerId;
  id: string;
  userId?: string;
  issue?: string;
  /** Default "4.0". */
  protocolVersion?: string;
  requestHash?: RequestHash;
  representedParty?: RepresentedParty;
  securityToken?: SecurityToken;
  /** Order of the fields; fields not listed follow in DEFAULT_FIELD_ORDER. */
  fields?: readonly HeaderField[];
}

export interface WrapperSpec {
  localName: string;
  namespaceUri?: string;
  prefix?: string;
  /** Inner XML of the wrapper, inserted verbatim. */
  content?: string;
}

export interface BuildOptions {
  /** Mark the envelope RPC/encoded (SOAP-ENV:encodingStyle). */
  rpc?: boolean;
  /** Start with `<?xml version="1.0" encoding="UTF-8"?>` (default true). */
  xmlDeclaration?: boolean;
}

/** The order of X-Road's own SoapHeader serialisation, with the extensions after it. */
export const DEFAULT_FIELD_ORDER: readonly HeaderField[] = [
  'client',
  'service',
  'centralService',
  'securityServer',
  'userId',
  'representedParty',
  'issue',
  'id',
  'requestHash',
  'protocolVersion',
  'securityToken',
];

/** Namespace of the body wrapper when none is given (MESS Annex E example). */
export const DEFAULT_WRAPPER_NS = 'http://test.x-road.fi/producer';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** Text escaping as Apache StringEscapeUtils.escapeXml10, which X-Road's fault writer uses. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function simple(local: string, value: string, prefix = XROAD_PREFIX, attrs = ''): string {
  return `<${prefix}:${local}${attrs}>${escapeXml(value)}</${prefix}:${local}>`;
}

function identifier(id: XRoadId, localName: string): string {
  return formatIdentifierXml(id, { localName, prefix: XROAD_PREFIX, idPrefix: IDENTIFIERS_PREFIX, declareNamespaces: false });
}

function fieldXml(h: HeaderSpec, field: HeaderField): string | undefined {
  switch (field) {
    case 'client':
      return identifier(h.client, 'client');
    case 'service':
      return h.service && identifier(h.service, 'service');
    case 'centralService':
      return h.centralService && identifier(h.centralService, 'centralService');
    case 'securityServer':
      return h.securityServer && identifier(h.securityServer, 'securityServer');
    case 'id':
      return simple('id', h.id);
    case 'userId':
    case 'issue':
      return h[field] === undefined ? undefined : simple(field, h[field]!);
    case 'protocolVersion':
      return simple('protocolVersion', h.protocolVersion ?? '4.0');
    case 'requestHash': {
      const rh = h.requestHash;
      if (!rh) return undefined;
      return simple('requestHash', rh.value, XROAD_PREFIX, rh.algorithmId !== undefined ? ` algorithmId="${escapeXml(rh.algorithmId)}"` : '');
    }
    case 'representedParty': {
      const rp = h.representedParty;
      if (!rp) return undefined;
      const cls = rp.partyClass !== undefined ? simple('partyClass', rp.partyClass, REPRESENTATION_PREFIX) : '';
      const code = rp.partyCode !== undefined ? simple('partyCode', rp.partyCode, REPRESENTATION_PREFIX) : '';
      return `<${REPRESENTATION_PREFIX}:representedParty>${cls}${code}</${REPRESENTATION_PREFIX}:representedParty>`;
    }
    case 'securityToken': {
      const t = h.securityToken;
      if (!t) return undefined;
      const attr = t.tokenType !== undefined ? ` tokenType="${escapeXml(t.tokenType)}"` : '';
      return simple('securityToken', t.value, SECURITY_TOKEN_PREFIX, attr);
    }
  }
}

/** Header child elements in the requested order (each field once). */
export function buildHeaderFields(h: HeaderSpec): string {
  const order = [...new Set([...(h.fields ?? []), ...DEFAULT_FIELD_ORDER])];
  return order.map((f) => fieldXml(h, f) ?? '').join('');
}

/** A complete envelope around the given header and body wrapper. */
export function buildEnvelope(header: HeaderSpec, wrapper: WrapperSpec, options: BuildOptions = {}): string {
  const e = SOAP_ENV_PREFIX;
  let ns = ` xmlns:${e}="${SOAP_ENV_NS}" xmlns:${XROAD_PREFIX}="${XROAD_NS}" xmlns:${IDENTIFIERS_PREFIX}="${IDENTIFIERS_NS}"`;
  if (header.representedParty) ns += ` xmlns:${REPRESENTATION_PREFIX}="${REPRESENTATION_NS}"`;
  if (header.securityToken) ns += ` xmlns:${SECURITY_TOKEN_PREFIX}="${SECURITY_TOKEN_NS}"`;
  if (options.rpc) ns += ` ${e}:encodingStyle="${SOAP_ENCODING_NS}"`;

  let wrapperName = wrapper.localName;
  let wrapperNs = '';
  if (wrapper.namespaceUri === XROAD_NS && (wrapper.prefix === undefined || wrapper.prefix === XROAD_PREFIX)) {
    wrapperName = `${XROAD_PREFIX}:${wrapper.localName}`;
  } else if (wrapper.namespaceUri !== undefined) {
    const p = wrapper.prefix ?? 'prod';
    wrapperName = p ? `${p}:${wrapper.localName}` : wrapper.localName;
    wrapperNs = ` xmlns${p ? `:${p}` : ''}="${escapeXml(wrapper.namespaceUri)}"`;
  }
  const body = `<${wrapperName}${wrapperNs}>${wrapper.content ?? ''}</${wrapperName}>`;

  return (
    (options.xmlDeclaration === false ? '' : XML_DECLARATION) +
    `<${e}:Envelope${ns}><${e}:Header>${buildHeaderFields(header)}</${e}:Header>` +
    `<${e}:Body>${body}</${e}:Body></${e}:Envelope>`
  );
}

export interface RequestSpec extends HeaderSpec {
  service: ServiceId;
  /** Body wrapper; its name defaults to the service code (MESS-007), its namespace to DEFAULT_WRAPPER_NS. */
  wrapper?: Partial<WrapperSpec>;
}

/** A request as a client IS sends it. */
export function buildRequest(spec: RequestSpec, options: BuildOptions = {}): string {
  const wrapper: WrapperSpec = {
    localName: spec.wrapper?.localName ?? spec.service.serviceCode,
    namespaceUri: spec.wrapper && 'namespaceUri' in spec.wrapper ? spec.wrapper.namespaceUri : DEFAULT_WRAPPER_NS,
    prefix: spec.wrapper?.prefix ?? 'prod',
    content: spec.wrapper?.content,
  };
  return buildEnvelope(spec, wrapper, options);
}

export interface ResponseSpec {
  /** Wrapper; name defaults to `<serviceCode>Response`, namespace and prefix to the request wrapper's. */
  wrapper?: Partial<WrapperSpec>;
  /**
   * requestHash to write after xrd:id. Default: computed over the request's bytes when the request
   * is a parsed envelope. `null` writes none (as a provider IS does; its SS adds it).
   */
  requestHash?: RequestHash | null;
  /** Replace echoed values (to build deliberately inconsistent responses). */
  override?: Partial<HeaderSpec>;
}

/** A response echoing the request header in the request's order, requestHash right after xrd:id. */
export function buildResponse(request: SoapEnvelope | XRoadHeader, spec: ResponseSpec = {}, options: BuildOptions = {}): string {
  const envelope = 'bytes' in request ? request : undefined;
  const h: XRoadHeader = envelope ? envelope.header : (request as XRoadHeader);
  if (!h.client || h.id === undefined) throw new TypeError('buildResponse needs a request header with client and id');
  const hash = spec.requestHash === null ? undefined : (spec.requestHash ?? (envelope ? computeRequestHash(envelope.bytes) : h.requestHash));
  const fields: HeaderField[] = [];
  for (const f of h.fields) {
    if (f === 'requestHash') continue;
    fields.push(f);
    if (f === 'id' && hash) fields.push('requestHash');
  }
  const header: HeaderSpec = {
    ...h,
    client: h.client,
    id: h.id,
    requestHash: hash,
    fields,
    ...spec.override,
  };
  const reqWrapper = envelope?.wrapper;
  const serviceCode = header.service?.serviceCode ?? reqWrapper?.localName ?? 'response';
  const wrapper: WrapperSpec = {
    localName: spec.wrapper?.localName ?? `${serviceCode}Response`,
    namespaceUri: spec.wrapper && 'namespaceUri' in spec.wrapper ? spec.wrapper.namespaceUri : (reqWrapper?.namespaceUri ?? DEFAULT_WRAPPER_NS),
    prefix: spec.wrapper?.prefix ?? (reqWrapper?.prefix || 'prod'),
    content: spec.wrapper?.content,
  };
  return buildEnvelope(header, wrapper, { rpc: envelope?.isRpc, ...options });
}

export interface FaultSpec {
  faultCode: string;
  faultString: string;
  faultActor?: string;
  /** Goes into detail/faultDetail (X-Road puts a UUID correlating with its log there). */
  faultDetail?: string;
}

/** A SOAP 1.1 fault document, byte for byte as X-Road's SoapFault.createFaultXml writes it. */
export function buildFault(fault: FaultSpec): string {
  return (
    XML_DECLARATION +
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_ENV_NS}"><SOAP-ENV:Body><SOAP-ENV:Fault>` +
    // X-Road writes the code unescaped; codes never contain markup, so escaping changes nothing.
    `<faultcode>${escapeXml(fault.faultCode)}</faultcode>` +
    `<faultstring>${escapeXml(fault.faultString)}</faultstring>` +
    (fault.faultActor !== undefined ? `<faultactor>${escapeXml(fault.faultActor)}</faultactor>` : '') +
    (fault.faultDetail !== undefined ? `<detail><faultDetail xmlns="">${escapeXml(fault.faultDetail)}</faultDetail></detail>` : '') +
    '</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>'
  );
}
