// A small structural validator standing in for the XSDs (xmllint is the independent check in
// tests): element order and counts, simple-type lexical forms, required attributes. It is what
// makes a v3 client reject a v3 file carrying v4-only elements, as X-Road does
// (corrections.md §2: acmeServer/authenticationCertificateProfileId -> malformed_global_conf).
import type { Element } from '@xmldom/xmldom';
import { elementChildren, hasNonWhitespaceText, textOf, XSI_NS } from './xml-reader.js';

export type SimpleType = 'string' | 'base64' | 'boolean' | 'integer' | 'int' | 'dateTime' | 'ID' | 'IDREF' | { enum: readonly string[] };

export interface AttributeDecl {
  name: string;
  ns?: string;
  required?: boolean;
  type: SimpleType;
}

export interface ComplexType {
  sequence: Particle[];
  attributes?: AttributeDecl[];
}

export interface ElementParticle {
  name: string;
  ns?: string;
  min?: number;
  max?: number;
  type: SimpleType | ComplexType;
}

export interface AnyParticle {
  any: true;
}

export type Particle = ElementParticle | AnyParticle;

export const UNBOUNDED = Number.POSITIVE_INFINITY;
export const anyElements: AnyParticle = { any: true };

export function el(name: string, type: SimpleType | ComplexType, min = 1, max = 1, ns?: string): ElementParticle {
  return { name, type, min, max, ns };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

export function isBase64Lexical(value: string): boolean {
  const compact = value.replace(/\s+/g, '');
  return compact.length % 4 === 0 && BASE64.test(compact);
}

function checkSimple(type: SimpleType, raw: string, where: string): string | undefined {
  const v = raw.trim();
  if (typeof type === 'object') return type.enum.includes(v) ? undefined : `${where}: '${v}' is not one of ${type.enum.join(', ')}`;
  switch (type) {
    case 'string':
      return undefined;
    case 'base64':
      return isBase64Lexical(raw) ? undefined : `${where}: not base64`;
    case 'boolean':
      return /^(true|false|1|0)$/.test(v) ? undefined : `${where}: '${v}' is not a boolean`;
    case 'integer':
      return /^[+-]?\d+$/.test(v) ? undefined : `${where}: '${v}' is not an integer`;
    case 'int':
      return /^[+-]?\d+$/.test(v) && Math.abs(Number(v)) <= 2 ** 31 ? undefined : `${where}: '${v}' is not an int`;
    case 'dateTime':
      return DATE_TIME.test(v) ? undefined : `${where}: '${v}' is not an xs:dateTime`;
    case 'ID':
    case 'IDREF':
      return /^[A-Za-z_][\w.-]*$/.test(v) ? undefined : `${where}: '${v}' is not an NCName`;
  }
}

function isComplex(t: SimpleType | ComplexType): t is ComplexType {
  return typeof t === 'object' && 'sequence' in t;
}

function matches(p: ElementParticle, e: Element): boolean {
  return e.localName === p.name && (e.namespaceURI ?? undefined) === p.ns;
}

function label(e: Element): string {
  return e.namespaceURI ? `{${e.namespaceURI}}${e.localName}` : String(e.localName);
}

/** Returns the first violation found, or undefined when `element` conforms to `type`. */
export function validateElement(element: Element, type: SimpleType | ComplexType, path: string): string | undefined {
  if (!isComplex(type)) {
    if (elementChildren(element).length > 0) return `${path}: element content not allowed`;
    return checkSimple(type, textOf(element), path);
  }
  const attrProblem = validateAttributes(element, type.attributes ?? [], path);
  if (attrProblem) return attrProblem;
  if (hasNonWhitespaceText(element)) return `${path}: text not allowed here`;
  const children = elementChildren(element);
  let i = 0;
  for (const p of type.sequence) {
    if ('any' in p) {
      i = children.length; // lax wildcard: whatever follows is accepted unvalidated
      break;
    }
    let count = 0;
    while (i < children.length && count < (p.max ?? 1) && matches(p, children[i])) {
      const problem = validateElement(children[i], p.type, `${path}/${p.name}`);
      if (problem) return problem;
      i++;
      count++;
    }
    if (count < (p.min ?? 1)) {
      const found = i < children.length ? `found ${label(children[i])}` : 'found end of element';
      return `${path}: expected ${p.name}, ${found}`;
    }
  }
  if (i < children.length) return `${path}: unexpected element ${label(children[i])}`;
  return undefined;
}

function validateAttributes(element: Element, decls: AttributeDecl[], path: string): string | undefined {
  for (const d of decls) {
    const value = d.ns ? element.getAttributeNS(d.ns, d.name) : element.getAttribute(d.name);
    const present = d.ns ? element.hasAttributeNS(d.ns, d.name) : element.hasAttribute(d.name);
    if (!present) {
      if (d.required) return `${path}: missing attribute ${d.name}`;
      continue;
    }
    const problem = checkSimple(d.type, value ?? '', `${path}/@${d.name}`);
    if (problem) return problem;
  }
  const attrs = element.attributes;
  for (let k = 0; k < attrs.length; k++) {
    const a = attrs.item(k);
    if (!a) continue;
    const ns = a.namespaceURI ?? undefined;
    if (a.name === 'xmlns' || a.prefix === 'xmlns' || ns === XSI_NS) continue;
    if (!decls.some((d) => d.name === a.localName && d.ns === ns)) return `${path}: unexpected attribute ${a.name}`;
  }
  return undefined;
}
