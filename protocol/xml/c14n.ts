// Canonical XML 1.0 (inclusive) and Exclusive XML Canonicalization 1.0, over an @xmldom/xmldom
// tree, for a whole document or for the subtree of one element *in the context of its document*
// (SignedInfo, SignedProperties, a Manifest): the subtree keeps the namespace declarations it
// inherits from ancestors, which is what makes X-Road's SignedInfo canonical form carry
// xmlns:asic/ds/xades/xsi from the asic:XAdESSignatures root (sign-0.xml).
//
// Written here rather than taken from xml-crypto: its inclusive c14n renders the inherited
// declarations in the wrong order for such subtrees (c14n.test.ts shows the difference), and one
// wrong byte breaks every SignatureValue. Ordering and escaping follow REC-xml-c14n-20010315 §2.2,
// §4 and xml-exc-c14n §3.
import type { Attr, Element, Node } from '@xmldom/xmldom';
import { NS_XML, NS_XMLNS } from './namespaces.js';

export const C14N_10 = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
export const C14N_10_WITH_COMMENTS = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments';
export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const EXC_C14N_WITH_COMMENTS = 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments';

export interface C14nOptions {
  exclusive?: boolean;
  withComments?: boolean;
  /** Exclusive c14n InclusiveNamespaces PrefixList; `#default` names the default namespace. */
  inclusivePrefixes?: readonly string[];
}

const ELEMENT = 1, TEXT = 3, CDATA = 4, PI = 7, COMMENT = 8, DOCUMENT = 9;

/** Options for a canonicalisation algorithm URI, or undefined if the URI is not one we implement. */
export function c14nOptionsFor(algorithm: string): C14nOptions | undefined {
  switch (algorithm) {
    case C14N_10: return { exclusive: false, withComments: false };
    case C14N_10_WITH_COMMENTS: return { exclusive: false, withComments: true };
    case EXC_C14N: return { exclusive: true, withComments: false };
    case EXC_C14N_WITH_COMMENTS: return { exclusive: true, withComments: true };
    default: return undefined;
  }
}

/** Compares by Unicode code point, as c14n requires (JS `<` compares UTF-16 code units). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca - cb;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

export function escapeC14nText(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#xD;'));
}

export function escapeC14nAttr(s: string): string {
  return s.replace(/[&<"\t\n\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '"' ? '&quot;' : c === '\t' ? '&#x9;' : c === '\n' ? '&#xA;' : '&#xD;');
}

type NsMap = Map<string, string>;

function isNsDecl(a: Attr): boolean {
  return a.namespaceURI === NS_XMLNS;
}

function nsDeclPrefix(a: Attr): string {
  return a.prefix === 'xmlns' ? (a.localName ?? '') : '';
}

function attributesOf(el: Element): Attr[] {
  const out: Attr[] = [];
  for (let i = 0; i < el.attributes.length; i++) out.push(el.attributes.item(i)!);
  return out;
}

/** Namespace declarations in scope at `el` (prefix -> URI; '' is the default namespace, '' URI = none). */
function inScopeNamespaces(el: Element): NsMap {
  const chain: Element[] = [];
  for (let n: Node | null = el; n && n.nodeType === ELEMENT; n = n.parentNode) chain.unshift(n as Element);
  const scope: NsMap = new Map();
  for (const e of chain) applyDeclarations(scope, e);
  return scope;
}

function hasDeclarations(el: Element): boolean {
  const attrs = el.attributes;
  for (let i = 0; i < attrs.length; i++) if (isNsDecl(attrs.item(i)!)) return true;
  return false;
}

function applyDeclarations(scope: NsMap, el: Element): void {
  for (const a of attributesOf(el)) if (isNsDecl(a)) scope.set(nsDeclPrefix(a), a.value);
}

/** xml:* attributes inherited from ancestors (c14n 1.0 §2.4: rendered on the apex of a subset). */
function inheritedXmlAttributes(el: Element): Attr[] {
  const found = new Map<string, Attr>();
  for (const a of attributesOf(el)) if (a.namespaceURI === NS_XML) found.set(a.localName ?? '', a);
  const own = new Set(found.keys());
  for (let p = el.parentNode; p && p.nodeType === ELEMENT; p = p.parentNode) {
    for (const a of attributesOf(p as Element)) {
      const name = a.localName ?? '';
      if (a.namespaceURI === NS_XML && !found.has(name)) found.set(name, a);
    }
  }
  return [...found.entries()].filter(([k]) => !own.has(k)).map(([, a]) => a);
}

interface Frame {
  el: Element;
  /** What the nearest output ancestor has put in scope (prefix -> URI). */
  rendered: NsMap;
  /** Namespaces in scope in the document at this element. */
  scope: NsMap;
}

/**
 * Canonicalises `node` (a Document, or an Element taken with its whole subtree) and returns the
 * canonical form as a string; encode it as UTF-8 to get the octets that are digested or signed.
 */
export function canonicalize(node: Node, options: C14nOptions = {}): string {
  const out: string[] = [];
  const withComments = options.withComments ?? false;
  if (node.nodeType === DOCUMENT) {
    let seenRoot = false;
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === ELEMENT) {
        seenRoot = true;
        canonicalizeElement(n as Element, options, out, true);
      } else if ((n.nodeType === PI && !isXmlDeclaration(n)) || (n.nodeType === COMMENT && withComments)) {
        if (seenRoot) out.push('\n');
        out.push(leafText(n));
        if (!seenRoot) out.push('\n');
      }
    }
    return out.join('');
  }
  if (node.nodeType !== ELEMENT) throw new TypeError('canonicalize: expected a Document or an Element');
  canonicalizeElement(node as Element, options, out, (node.parentNode?.nodeType ?? DOCUMENT) === DOCUMENT);
  return out.join('');
}

/** xmldom keeps the XML declaration as a processing instruction; it is not part of the infoset. */
function isXmlDeclaration(n: Node): boolean {
  return n.nodeType === PI && (n as unknown as { target: string }).target === 'xml';
}

function leafText(n: Node): string {
  if (n.nodeType === COMMENT) return `<!--${(n as unknown as { data: string }).data}-->`;
  const pi = n as unknown as { target: string; data: string };
  return pi.data ? `<?${pi.target} ${pi.data}?>` : `<?${pi.target}?>`;
}

// Iterative walk: a deeply nested hostile document must not overflow the call stack.
function canonicalizeElement(apex: Element, options: C14nOptions, out: string[], apexIsRoot: boolean): void {
  const withComments = options.withComments ?? false;
  const apexScope = inScopeNamespaces(apex);
  // Nothing of the ancestors is output, so the apex starts from an empty rendered context.
  const stack: Array<Frame | string> = [];
  const startTag = (frame: Frame, isApex: boolean): NsMap => {
    const { el, rendered, scope } = frame;
    const decls = options.exclusive ? exclusiveDecls(el, scope, rendered, options.inclusivePrefixes) : inclusiveDecls(scope, rendered);
    const attrs = attributesOf(el).filter((a) => !isNsDecl(a));
    if (isApex && !options.exclusive && !apexIsRoot) attrs.push(...inheritedXmlAttributes(el));
    attrs.sort((a, b) => compareCodePoints(a.namespaceURI ?? '', b.namespaceURI ?? '') || compareCodePoints(a.localName ?? a.name, b.localName ?? b.name));
    decls.sort((a, b) => compareCodePoints(a[0], b[0]));
    let tag = `<${el.nodeName}`;
    for (const [prefix, uri] of decls) tag += prefix === '' ? ` xmlns="${escapeC14nAttr(uri)}"` : ` xmlns:${prefix}="${escapeC14nAttr(uri)}"`;
    for (const a of attrs) tag += ` ${a.name}="${escapeC14nAttr(a.value)}"`;
    out.push(tag + '>');
    // Frames only read their maps, so a child shares its parent's when nothing changes.
    if (decls.length === 0) return rendered;
    const next = new Map(rendered);
    for (const [prefix, uri] of decls) next.set(prefix, uri);
    return next;
  };

  stack.push({ el: apex, rendered: new Map(), scope: apexScope });
  let first = true;
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const rendered = startTag(item, first);
    first = false;
    stack.push(`</${item.el.nodeName}>`);
    const children: Array<Frame | string> = [];
    for (let c = item.el.firstChild; c; c = c.nextSibling) {
      switch (c.nodeType) {
        case ELEMENT: {
          let scope = item.scope;
          if (hasDeclarations(c as Element)) {
            scope = new Map(scope);
            applyDeclarations(scope, c as Element);
          }
          children.push({ el: c as Element, rendered, scope });
          break;
        }
        case TEXT:
        case CDATA:
          children.push(escapeC14nText((c as unknown as { data: string }).data));
          break;
        case PI:
          children.push(leafText(c));
          break;
        case COMMENT:
          if (withComments) children.push(leafText(c));
          break;
        default:
          break;
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/** Inclusive c14n: every in-scope namespace whose value the output parent does not already have. */
function inclusiveDecls(scope: NsMap, rendered: NsMap): Array<[string, string]> {
  const decls: Array<[string, string]> = [];
  for (const [prefix, uri] of scope) {
    if (prefix === 'xml') continue;
    if (prefix === '' && uri === '') continue;
    if (rendered.get(prefix) !== uri) decls.push([prefix, uri]);
  }
  // xmlns="" only undoes a default namespace the output parent rendered.
  if ((scope.get('') ?? '') === '' && (rendered.get('') ?? '') !== '') decls.push(['', '']);
  return decls;
}

/** Exclusive c14n: only prefixes the element or its attributes visibly use (plus the PrefixList). */
function exclusiveDecls(el: Element, scope: NsMap, rendered: NsMap, inclusivePrefixes?: readonly string[]): Array<[string, string]> {
  const used = new Set<string>([el.prefix ?? '']);
  for (const a of attributesOf(el)) if (!isNsDecl(a) && a.prefix) used.add(a.prefix);
  for (const p of inclusivePrefixes ?? []) {
    const prefix = p === '#default' ? '' : p;
    if (scope.has(prefix)) used.add(prefix);
  }
  const decls: Array<[string, string]> = [];
  for (const prefix of used) {
    if (prefix === 'xml') continue;
    const uri = scope.get(prefix) ?? '';
    if ((rendered.get(prefix) ?? '') !== uri) decls.push([prefix, uri]);
  }
  return decls;
}
