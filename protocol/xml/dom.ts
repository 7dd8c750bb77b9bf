// Small DOM helpers for reading signature documents and writing XML text. xmldom's tree has no
// `children`/`querySelector`, and X-Road's readers match elements by namespace + local name
// (JAXB) or by prefixed tag name (Santuario's `ds:Signature` lookup), so both are offered.
import type { Document, Element, Node } from '@xmldom/xmldom';
import { ErrorCodes, XRoadError } from '../faults/index.js';

const ELEMENT = 1;

export function isElement(n: Node | null | undefined): n is Element {
  return !!n && n.nodeType === ELEMENT;
}

export function childElements(parent: Node): Element[] {
  const out: Element[] = [];
  for (let c = parent.firstChild; c; c = c.nextSibling) if (isElement(c)) out.push(c);
  return out;
}

export function isNamed(el: Element, ns: string, localName: string): boolean {
  return el.namespaceURI === ns && el.localName === localName;
}

export function childElementsNamed(parent: Node, ns: string, localName: string): Element[] {
  return childElements(parent).filter((e) => isNamed(e, ns, localName));
}

export function firstChildNamed(parent: Node, ns: string, localName: string): Element | undefined {
  return childElements(parent).find((e) => isNamed(e, ns, localName));
}

/** Elements (document order) whose qualified tag name is exactly `qname` — Santuario's lookup. */
export function elementsByTagName(root: Node, qname: string): Element[] {
  const out: Element[] = [];
  walkElements(root, (e) => {
    if (e.nodeName === qname) out.push(e);
  });
  return out;
}

/** Calls `visit` for every element under (and including) `root`, document order, without recursion. */
export function walkElements(root: Node, visit: (e: Element) => void): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (isElement(n)) visit(n);
    const kids: Node[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) if (isElement(c)) kids.push(c);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}

/** First element in document order with an unqualified `Id` attribute equal to `id` ('#' optional). */
export function getElementById(doc: Document | Element, id: string): Element | undefined {
  const want = id.startsWith('#') ? id.slice(1) : id;
  let found: Element | undefined;
  walkElements(doc, (e) => {
    if (!found && e.getAttribute('Id') === want && e.hasAttribute('Id')) found = e;
  });
  return found;
}

/** Concatenated text of all descendant text nodes (DOM `textContent`). */
export function textOf(n: Node): string {
  return n.textContent ?? '';
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes xs:base64Binary content as X-Road's JAXB and commons-codec readers do: whitespace
 * (including the `&#13;` line ends of Java's 76-column output) is ignored; other junk is an error.
 */
export function decodeBase64(text: string, what: string, code: string = ErrorCodes.malformedSignature): Buffer {
  const s = text.replace(/[\s]/g, '');
  if (!BASE64.test(s) || s.length % 4 === 1) throw new XRoadError(code, `${what} is not valid base64`);
  return Buffer.from(s, 'base64');
}

export function escapeXmlText(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

export function escapeXmlAttr(s: string): string {
  return s.replace(/[&<>"\t\n\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : `&#${c.charCodeAt(0)};`);
}

/** Base64 in lines of 76 characters, as Java's XML security library writes DigestValue/certs. */
export function base64Lines(data: Uint8Array, lineBreak = '\n'): string {
  const s = Buffer.from(data).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < s.length; i += 76) lines.push(s.slice(i, i + 76));
  return lines.join(lineBreak);
}
