// X-Road identifiers as they appear inside configuration files (identifiers.xsd): group members,
// management service provider, monitoring client, central service implementations.
import type { Element } from '@xmldom/xmldom';
import { childText, IDENTIFIERS_NS } from './xml-reader.js';
import { el, type ComplexType } from './xml-schema.js';
import { xmlEscape } from './xml-writer.js';

export const OBJECT_TYPES = ['MEMBER', 'SUBSYSTEM', 'SERVER', 'GLOBALGROUP', 'SECURITYCATEGORY', 'SERVICE', 'CENTRALSERVICE', 'LOCALGROUP'] as const;

export interface ClientIdentifier {
  objectType: 'MEMBER' | 'SUBSYSTEM';
  xRoadInstance: string;
  memberClass: string;
  memberCode: string;
  subsystemCode?: string;
}

export interface ServiceIdentifier {
  xRoadInstance: string;
  memberClass: string;
  memberCode: string;
  subsystemCode?: string;
  serviceCode: string;
  serviceVersion?: string;
}

const objectTypeAttr = { name: 'objectType', ns: IDENTIFIERS_NS, required: true, type: { enum: OBJECT_TYPES } } as const;

export const ClientIdentifierType: ComplexType = {
  attributes: [objectTypeAttr],
  sequence: [
    el('xRoadInstance', 'string', 1, 1, IDENTIFIERS_NS),
    el('memberClass', 'string', 1, 1, IDENTIFIERS_NS),
    el('memberCode', 'string', 1, 1, IDENTIFIERS_NS),
    el('subsystemCode', 'string', 0, 1, IDENTIFIERS_NS),
  ],
};

export const ServiceIdentifierType: ComplexType = {
  attributes: [{ ...objectTypeAttr, type: { enum: ['SERVICE'] } }],
  sequence: [
    el('xRoadInstance', 'string', 1, 1, IDENTIFIERS_NS),
    el('memberClass', 'string', 1, 1, IDENTIFIERS_NS),
    el('memberCode', 'string', 1, 1, IDENTIFIERS_NS),
    el('subsystemCode', 'string', 0, 1, IDENTIFIERS_NS),
    el('serviceCode', 'string', 1, 1, IDENTIFIERS_NS),
    el('serviceVersion', 'string', 0, 1, IDENTIFIERS_NS),
  ],
};

/** Reads an element already validated against ClientIdentifierType. */
export function readClientIdentifier(e: Element): ClientIdentifier {
  const objectType = e.getAttributeNS(IDENTIFIERS_NS, 'objectType') === 'SUBSYSTEM' ? 'SUBSYSTEM' : 'MEMBER';
  const id: ClientIdentifier = {
    objectType,
    xRoadInstance: childText(e, 'xRoadInstance', IDENTIFIERS_NS) ?? '',
    memberClass: childText(e, 'memberClass', IDENTIFIERS_NS) ?? '',
    memberCode: childText(e, 'memberCode', IDENTIFIERS_NS) ?? '',
  };
  const sub = childText(e, 'subsystemCode', IDENTIFIERS_NS);
  if (sub !== undefined) id.subsystemCode = sub;
  return id;
}

export function readServiceIdentifier(e: Element): ServiceIdentifier {
  const id: ServiceIdentifier = {
    xRoadInstance: childText(e, 'xRoadInstance', IDENTIFIERS_NS) ?? '',
    memberClass: childText(e, 'memberClass', IDENTIFIERS_NS) ?? '',
    memberCode: childText(e, 'memberCode', IDENTIFIERS_NS) ?? '',
    serviceCode: childText(e, 'serviceCode', IDENTIFIERS_NS) ?? '',
  };
  const sub = childText(e, 'subsystemCode', IDENTIFIERS_NS);
  if (sub !== undefined) id.subsystemCode = sub;
  const ver = childText(e, 'serviceVersion', IDENTIFIERS_NS);
  if (ver !== undefined) id.serviceVersion = ver;
  return id;
}

/** `INSTANCE/CLASS/CODE[/SUBSYSTEM]`, the form X-Road prints identifiers in. */
export function clientIdString(id: Omit<ClientIdentifier, 'objectType'> & { objectType?: string }): string {
  return [id.xRoadInstance, id.memberClass, id.memberCode, id.subsystemCode].filter((s) => s !== undefined).join('/');
}

/** One identifier element: the objectType attribute, then the parts given a value, in order. */
function writeIdentifier(tag: string, objectType: string, parts: Array<[string, string | undefined]>, indent: string, prefix: string): string {
  const inner = `${indent}    `;
  const lines = [`${indent}<${tag} ${prefix}:objectType="${objectType}">`];
  for (const [name, value] of parts) if (value !== undefined) lines.push(`${inner}<${prefix}:${name}>${xmlEscape(value)}</${prefix}:${name}>`);
  lines.push(`${indent}</${tag}>`);
  return lines.join('\n');
}

const memberParts = (id: Omit<ClientIdentifier, 'objectType'>): Array<[string, string | undefined]> => [
  ['xRoadInstance', id.xRoadInstance],
  ['memberClass', id.memberClass],
  ['memberCode', id.memberCode],
  ['subsystemCode', id.subsystemCode],
];

/** Writes an identifier element; `prefix` is the identifiers namespace prefix bound on the root. */
export function writeClientIdentifier(tag: string, id: ClientIdentifier, indent: string, prefix = 'id'): string {
  return writeIdentifier(tag, id.objectType, memberParts(id), indent, prefix);
}

export function writeServiceIdentifier(tag: string, id: ServiceIdentifier, indent: string, prefix = 'id'): string {
  return writeIdentifier(tag, 'SERVICE', [...memberParts(id), ['serviceCode', id.serviceCode], ['serviceVersion', id.serviceVersion]], indent, prefix);
}
