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
  walkUntil(root, (e) => {
    visit(e);
    return false;
  });
}

/** The first element in document order whose qualified tag name is exactly `qname`, or undefined. */
export function firstElementByTagName(root: Node, qname: string): Element | undefined {
  let found: Element | undefined;
  walkUntil(root, (e) => e.nodeName === qname && ((found = e), true));
  return found;
}

/**
 * Pre-order walk by first-child / next-sibling / parent links (no stack, no per-node arrays) that
 * stops at the first element for which `visit` returns true. The visitor must not restructure the
 * tree (none does: they collect or look).
 */
function walkUntil(root: Node, visit: (e: Element) => boolean): void {
  let n: Node | null = root;
  while (n) {
    if (isElement(n) && visit(n)) return;
    let next: Node | null = n.firstChild;
    while (next && !isElement(next)) next = next.nextSibling;
    if (!next) {
      for (let up: Node | null = n; up && up !== root; up = up.parentNode) {
        next = up.nextSibling;
        while (next && !isElement(next)) next = next.nextSibling;
        if (next) break;
      }
    }
    n = next;
  }
}

/** First element in document order with an unqualified `Id` attribute equal to `id` ('#' optional). */
export function getElementById(doc: Document | Element, id: string): Element | undefined {
  const want = id.startsWith('#') ? id.slice(1) : id;
  let found: Element | undefined;
  walkUntil(doc, (e) => e.getAttribute('Id') === want && e.hasAttribute('Id') && ((found = e), true));
  return found;
}

/** Finds elements by `Id` the way getElementById does ('#' optional). */
export type ElementLookup = (id: string) => Element | undefined;

/**
 * getElementById for many look-ups in a tree that does not change meanwhile: one walk, on the
 * first look-up, indexes every `Id` (the first element in document order wins, as in
 * getElementById), instead of a walk per reference, certificate and manifest.
 */
export function elementIdIndex(doc: Document | Element): ElementLookup {
  let index: Map<string, Element> | undefined;
  return (id) => {
    if (!index) {
      const built = new Map<string, Element>();
      walkElements(doc, (e) => {
        if (!e.hasAttribute('Id')) return;
        const value = e.getAttribute('Id') ?? '';
        if (!built.has(value)) built.set(value, e);
      });
      index = built;
    }
    return index.get(id.startsWith('#') ? id.slice(1) : id);
  };
}

/** Concatenated text of all descendant text nodes (DOM `textContent`). */
export function textOf(n: Node): string {
  return n.textContent ?? '';
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
// The same language as BASE64 after stripping \s, for text whose only whitespace is ASCII: the
// alphabet and whitespace in any order, then at most two '=' each followed by whitespace only.
const BASE64_ASCII_SPACED = /^[A-Za-z0-9+/\t\n\r ]*(?:=[\t\n\r ]*){0,2}$/;

/**
 * Decodes xs:base64Binary content as X-Road's JAXB and commons-codec readers do: whitespace
 * (including the `&#13;` line ends of Java's 76-column output) is ignored; other junk is an error.
 */
export function decodeBase64(text: string, what: string, code: string = ErrorCodes.malformedSignature): Buffer {
  // Fast path (certificates and OCSP responses in every signature): no stripped copy, Node's
  // decoder skips the ASCII whitespace itself; only the length rule needs the characters counted.
  if (BASE64_ASCII_SPACED.test(text)) {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) n++;
    }
    if (n % 4 === 1) throw new XRoadError(code, `${what} is not valid base64`);
    return Buffer.from(text, 'base64');
  }
  return decodeBase64Stripped(text, what, code);
}

/** The general path (any Unicode whitespace): strip, check, decode. */
export function decodeBase64Stripped(text: string, what: string, code: string = ErrorCodes.malformedSignature): Buffer {
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
