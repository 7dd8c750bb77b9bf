// Namespace-aware XML reading for configuration files. DTDs are refused outright: X-Road parses
// these files with secure processing, and a configuration file never needs one.
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import { childElements } from '../xml/dom.js';

export { IDENTIFIERS_NS, XROAD_NS } from '../identifiers/id-xml.js';
export { NS_XSI as XSI_NS } from '../xml/namespaces.js';

const TEXT_NODE = 3;
const CDATA_NODE = 4;
const DOCTYPE_NODE = 10;

/** Parses XML text; `fail` turns a problem description into the caller's typed error. */
export function parseXmlDocument(input: string | Uint8Array, fail: (message: string) => Error): Element {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let doc;
  try {
    doc = new DOMParser({
      onError: (level: string, message: string) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(source, 'text/xml');
  } catch (e) {
    throw fail(`not well-formed XML: ${(e as Error).message.split('\n')[0]}`);
  }
  for (let n = doc.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === DOCTYPE_NODE) throw fail('DOCTYPE declarations are not allowed');
  }
  const root = doc.documentElement;
  if (!root) throw fail('document has no root element');
  return root;
}

export const elementChildren = (el: Element): Element[] => childElements(el);

/** Character content of an element (text and CDATA children only). */
export function textOf(el: Element): string {
  let s = '';
  for (let n: Node | null = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === TEXT_NODE || n.nodeType === CDATA_NODE) s += n.nodeValue ?? '';
  }
  return s;
}

export function hasNonWhitespaceText(el: Element): boolean {
  return /\S/.test(textOf(el));
}

export function childrenNamed(el: Element, localName: string, ns: string | null = null): Element[] {
  return elementChildren(el).filter((c) => c.localName === localName && (c.namespaceURI ?? null) === ns);
}

export function childNamed(el: Element, localName: string, ns: string | null = null): Element | undefined {
  return childrenNamed(el, localName, ns)[0];
}

/** Text of an optional unqualified child, trimmed (xs:string values in these files carry no meaningful edge spaces). */
export function childText(el: Element, localName: string, ns: string | null = null): string | undefined {
  const c = childNamed(el, localName, ns);
  return c ? textOf(c).trim() : undefined;
}
