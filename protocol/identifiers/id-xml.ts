// XML form of identifiers (ID-001/002): an element carrying a qualified `id:objectType` attribute and
// child elements in ns http://x-road.eu/xsd/identifiers, e.g.
//   <xroad:client id:objectType="MEMBER"><id:xRoadInstance>EE</id:xRoadInstance>...</xroad:client>
// Two readers of the same form exist in X-Road and they differ on one rule, so both are offered:
// - 'strict' (IdentifierTypeConverter, used for stand-alone identifier XML): objectType decides the
//   client shape, MEMBER with a subsystemCode or SUBSYSTEM without one -> invalid_client_identifier.
// - 'by-presence' (SaxSoapParserImpl, used for SOAP headers): objectType only has to be MEMBER or
//   SUBSYSTEM; a subsystemCode, when present, makes the id a subsystem.
import { DOMParser, type Element } from '@xmldom/xmldom';
import { ErrorCodes, XRoadError } from '../faults/index.js';
import {
  centralServiceId,
  clientId,
  globalGroupId,
  localGroupId,
  OBJECT_TYPES,
  securityServerId,
  serviceIdFromParts,
  type CentralServiceId,
  type ClientId,
  type GlobalGroupId,
  type LocalGroupId,
  type SecurityServerId,
  type ServiceId,
  type XRoadId,
  type XRoadObjectType,
} from './xroad-id.js';

export const IDENTIFIERS_NS = 'http://x-road.eu/xsd/identifiers';
export const XROAD_NS = 'http://x-road.eu/xsd/xroad.xsd';

/** Child elements in the order identifiers.xsd (and ID-001) fixes. */
export const IDENTIFIER_PARTS = [
  'xRoadInstance',
  'memberClass',
  'memberCode',
  'subsystemCode',
  'groupCode',
  'serviceCode',
  'serviceVersion',
  'serverCode',
] as const;
export type IdentifierPart = (typeof IDENTIFIER_PARTS)[number];

export type IdentifierKind = 'client' | 'service' | 'server' | 'centralService' | 'globalGroup' | 'localGroup';

export interface IdentifierOfKind {
  client: ClientId;
  service: ServiceId;
  server: SecurityServerId;
  centralService: CentralServiceId;
  globalGroup: GlobalGroupId;
  localGroup: LocalGroupId;
}

/** objectType values each kind accepts. */
export const KIND_OBJECT_TYPES: Record<IdentifierKind, readonly XRoadObjectType[]> = {
  client: ['MEMBER', 'SUBSYSTEM'],
  service: ['SERVICE'],
  server: ['SERVER'],
  centralService: ['CENTRALSERVICE'],
  globalGroup: ['GLOBALGROUP'],
  localGroup: ['LOCALGROUP'],
};

/** Child elements each kind reads; others are ignored, as X-Road ignores them. */
export const KIND_PARTS: Record<IdentifierKind, readonly IdentifierPart[]> = {
  client: ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode'],
  service: ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode', 'serviceCode', 'serviceVersion'],
  server: ['xRoadInstance', 'memberClass', 'memberCode', 'serverCode'],
  centralService: ['xRoadInstance', 'serviceCode'],
  globalGroup: ['xRoadInstance', 'groupCode'],
  localGroup: ['groupCode'],
};

export interface IdentifierFields {
  /** Value of the qualified objectType attribute, undefined when absent. */
  readonly objectType: string | undefined;
  readonly parts: Partial<Record<IdentifierPart, string>>;
}

export type SubsystemRule = 'strict' | 'by-presence';

function kindOfObjectType(objectType: XRoadObjectType): IdentifierKind {
  for (const kind of Object.keys(KIND_OBJECT_TYPES) as IdentifierKind[]) {
    if (KIND_OBJECT_TYPES[kind].includes(objectType)) return kind;
  }
  /* c8 ignore next */
  throw new XRoadError(ErrorCodes.invalidXml, `Unknown objectType: ${objectType}`);
}

/** Checks objectType the way X-Road does (missing / unknown / unexpected -> invalid_xml). */
export function checkObjectType(objectType: string | undefined, expected?: readonly XRoadObjectType[]): XRoadObjectType {
  if (objectType === undefined) throw new XRoadError(ErrorCodes.invalidXml, 'Missing objectType attribute');
  if (!(OBJECT_TYPES as readonly string[]).includes(objectType)) {
    throw new XRoadError(ErrorCodes.invalidXml, `Unknown objectType: ${objectType}`);
  }
  const type = objectType as XRoadObjectType;
  if (expected && !expected.includes(type)) throw new XRoadError(ErrorCodes.invalidXml, `Unexpected objectType: ${type}`);
  return type;
}

/**
 * Builds a typed identifier from the objectType and child values read from XML.
 * Errors: invalid_xml (objectType), the kind's identifier code (blank or missing parts, subsystem rule).
 */
export function identifierFromFields<K extends IdentifierKind>(
  kind: K,
  fields: IdentifierFields,
  rule: SubsystemRule = 'strict',
): IdentifierOfKind[K] {
  const type = checkObjectType(fields.objectType, KIND_OBJECT_TYPES[kind]);
  const p = fields.parts;
  const s = (v: string | undefined) => v as string; // blank/missing values are rejected by the factories
  let id: XRoadId;
  switch (kind) {
    case 'client': {
      if (rule === 'strict' && type === 'SUBSYSTEM' && p.subsystemCode === undefined) {
        throw new XRoadError(ErrorCodes.invalidClientIdentifier, 'Missing required subsystem code');
      }
      if (rule === 'strict' && type === 'MEMBER' && p.subsystemCode !== undefined) {
        throw new XRoadError(ErrorCodes.invalidClientIdentifier, 'Redundant subsystem code');
      }
      id = clientId(s(p.xRoadInstance), s(p.memberClass), s(p.memberCode), p.subsystemCode);
      break;
    }
    case 'service':
      id = serviceIdFromParts({
        xRoadInstance: s(p.xRoadInstance),
        memberClass: s(p.memberClass),
        memberCode: s(p.memberCode),
        subsystemCode: p.subsystemCode,
        serviceCode: s(p.serviceCode),
        serviceVersion: p.serviceVersion,
      });
      break;
    case 'server':
      id = securityServerId(s(p.xRoadInstance), s(p.memberClass), s(p.memberCode), s(p.serverCode));
      break;
    case 'centralService':
      id = centralServiceId(s(p.xRoadInstance), s(p.serviceCode));
      break;
    case 'globalGroup':
      id = globalGroupId(s(p.xRoadInstance), s(p.groupCode));
      break;
    default:
      id = localGroupId(s(p.groupCode));
  }
  return id as IdentifierOfKind[K];
}

/** Reads an identifier from a DOM element (xmldom or any W3C DOM). Kind defaults to what objectType says. */
export function parseIdentifierElement<K extends IdentifierKind>(element: Element, kind?: K): IdentifierOfKind[K] {
  const objectType = element.hasAttributeNS(IDENTIFIERS_NS, 'objectType')
    ? (element.getAttributeNS(IDENTIFIERS_NS, 'objectType') ?? undefined)
    : undefined;
  const effectiveKind = (kind ?? kindOfObjectType(checkObjectType(objectType))) as K;
  const wanted = KIND_PARTS[effectiveKind];
  const parts: Partial<Record<IdentifierPart, string>> = {};
  for (let n = element.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    const child = n as Element;
    if (child.namespaceURI !== IDENTIFIERS_NS) continue;
    const name = child.localName as IdentifierPart;
    if (!wanted.includes(name)) continue;
    if (parts[name] !== undefined) throw new XRoadError(ErrorCodes.invalidXml, `Duplicate identifier element '${name}'`);
    parts[name] = child.textContent ?? '';
  }
  return identifierFromFields(effectiveKind, { objectType, parts }, 'strict');
}

/** Parses a document whose root element is an identifier (as in the X-Road identifier vectors). */
export function parseIdentifierXml<K extends IdentifierKind>(xml: string | Uint8Array, kind?: K): IdentifierOfKind[K] {
  const text = typeof xml === 'string' ? xml : Buffer.from(xml).toString('utf8').replace(/^\uFEFF/, '');
  let root: Element | null;
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        throw new Error(`${level}: ${message}`);
      },
    }).parseFromString(text, 'text/xml');
    root = doc.documentElement;
  } catch (e) {
    throw new XRoadError(ErrorCodes.invalidXml, `Malformed identifier XML: ${(e as Error).message}`, undefined, { cause: e });
  }
  if (!root) throw new XRoadError(ErrorCodes.invalidXml, 'Malformed identifier XML: no root element');
  return parseIdentifierElement(root, kind);
}

export interface FormatIdentifierOptions {
  /** Local name of the element; defaults to client / service / securityServer / centralService / group. */
  localName?: string;
  /** Prefix of the element (its namespace defaults to the X-Road message namespace). */
  prefix?: string;
  namespaceUri?: string;
  /** Prefix bound to http://x-road.eu/xsd/identifiers. */
  idPrefix?: string;
  /** Declare both prefixes on the element (off when an enclosing element already declares them). */
  declareNamespaces?: boolean;
}

const DEFAULT_LOCAL_NAME: Record<XRoadObjectType, string> = {
  MEMBER: 'client',
  SUBSYSTEM: 'client',
  SERVICE: 'service',
  SERVER: 'securityServer',
  CENTRALSERVICE: 'centralService',
  GLOBALGROUP: 'group',
  LOCALGROUP: 'group',
};

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

/** Serialises an identifier with its children in identifiers.xsd order. */
export function formatIdentifierXml(id: XRoadId, options: FormatIdentifierOptions = {}): string {
  const prefix = options.prefix ?? 'xroad';
  const idPrefix = options.idPrefix ?? 'id';
  const qname = (prefix ? `${prefix}:` : '') + (options.localName ?? DEFAULT_LOCAL_NAME[id.objectType]);
  const ns =
    options.declareNamespaces === false
      ? ''
      : ` xmlns${prefix ? `:${prefix}` : ''}="${escapeAttr(options.namespaceUri ?? XROAD_NS)}" xmlns:${idPrefix}="${IDENTIFIERS_NS}"`;
  const values = id as unknown as Partial<Record<IdentifierPart, string>>;
  let children = '';
  for (const part of IDENTIFIER_PARTS) {
    const v = values[part];
    if (v !== undefined) children += `<${idPrefix}:${part}>${escapeText(v)}</${idPrefix}:${part}>`;
  }
  return `<${qname}${ns} ${idPrefix}:objectType="${id.objectType}">${children}</${qname}>`;
}
