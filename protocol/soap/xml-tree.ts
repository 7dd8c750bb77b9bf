// A namespace-resolved element tree, just deep enough for the X-Road header and the body wrapper.
// Plain documents are read by the one-pass scanner of xml-scan.ts; the rest (malformed ones among
// them) by the reference parser below: fast-xml-parser's validator checks the whole document is well
// formed, then its parser builds the tree. The two build the same tree; the reference gives the verdicts.
// Below `maxDepth` elements are kept as raw text (fast-xml-parser "stop nodes"): a SOAP body's payload
// is opaque to X-Road, and not building it keeps a 10 kB message well under a millisecond.
// What the fast-xml-parser validator lets through and Xerces (X-Road's parser) does not is checked
// here: a DOCTYPE (X-Road disallows it), a second root or trailing text, an undeclared entity, an
// unbound namespace prefix (element prefixes anywhere; attribute prefixes in the built part).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { scanXmlDocument } from './xml-scan.js';
import { decodeXmlText, normaliseNewlines, XmlSyntaxError } from './xml-text.js';

export { decodeXmlText, XmlSyntaxError } from './xml-text.js';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export interface XmlAttribute {
  readonly qname: string;
  readonly prefix: string;
  readonly localName: string;
  readonly namespaceUri: string | undefined;
  readonly value: string;
}

type Scope = ReadonlyMap<string, string>;
type FxpNode = Record<string, unknown>;

export class XmlElement {
  readonly prefix: string;
  readonly localName: string;
  readonly namespaceUri: string | undefined;
  readonly children: XmlElement[] = [];
  private textCache: string | undefined;

  constructor(
    readonly qname: string,
    readonly attributes: readonly XmlAttribute[],
    readonly scope: Scope,
    /** Decoded text and CDATA pieces directly inside this element (built elements only). */
    private readonly textPieces: string[],
    /** Raw inner XML of an element at the depth limit; its children were not built. */
    readonly rawContent: string | undefined,
  ) {
    const colon = qname.indexOf(':');
    this.prefix = colon < 0 ? '' : qname.slice(0, colon);
    this.localName = colon < 0 ? qname : qname.slice(colon + 1);
    this.namespaceUri = resolvePrefix(this.prefix, scope, qname);
  }

  get truncated(): boolean {
    return this.rawContent !== undefined;
  }

  /** Character data directly inside the element (what X-Road's SAX handlers collect as its value). */
  get text(): string {
    if (this.textCache === undefined) {
      if (this.rawContent === undefined) this.textCache = this.textPieces.join('');
      else if (!this.rawContent.includes('<')) this.textCache = decodeXmlText(this.rawContent);
      else this.textCache = parseXmlFragment(this.rawContent, this.scope).text;
    }
    return this.textCache;
  }

  /** Child elements; for an element at the depth limit they are built on demand from the raw content. */
  elements(): XmlElement[] {
    if (this.rawContent === undefined || !this.rawContent.includes('<')) return this.children;
    return parseXmlFragment(this.rawContent, this.scope).children;
  }

  /** Attribute by namespace (undefined for an unqualified attribute) and local name. */
  attribute(namespaceUri: string | undefined, localName: string): string | undefined {
    for (const a of this.attributes) if (a.localName === localName && a.namespaceUri === namespaceUri) return a.value;
    return undefined;
  }

  is(namespaceUri: string, localName: string): boolean {
    return this.localName === localName && this.namespaceUri === namespaceUri;
  }
}

function resolvePrefix(prefix: string, scope: Scope, qname: string): string | undefined {
  if (prefix === 'xml') return XML_NS;
  const ns = scope.get(prefix);
  if (prefix && ns === undefined) throw new XmlSyntaxError(`Unbound namespace prefix in '${qname}'`);
  return ns === '' ? undefined : ns;
}

const BASE_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  removeNSPrefix: false,
  commentPropName: '#comment',
  cdataPropName: '#cdata',
} as const;

const parsers = new Map<string, XMLParser>();
function parserFor(maxDepth: number, extraStopNode?: string): XMLParser {
  const key = `${maxDepth} ${extraStopNode ?? ''}`;
  let p = parsers.get(key);
  if (!p) {
    const stop = maxDepth > 0 ? [Array(maxDepth).fill('*').join('.')] : [];
    if (extraStopNode) stop.push(extraStopNode);
    // Bounded: one entry per envelope prefix seen, and prefixes come from the messages.
    if (parsers.size > 64) parsers.clear();
    p = new XMLParser({ ...BASE_OPTIONS, stopNodes: stop });
    parsers.set(key, p);
  }
  return p;
}

function tagOf(node: FxpNode): string {
  for (const k in node) if (k !== ':@') return k;
  return '';
}

/** Which elements fast-xml-parser kept raw: those at maxDepth, and the children of the shallow element. */
interface Stops {
  maxDepth: number;
  /** Qualified name of the depth-2 element whose children are raw. */
  shallowQName?: string;
}

/**
 * An element from its qualified name and its attributes as written (flat name, raw value pairs, in
 * document order): declarations extend the parent's scope, values are decoded, prefixes resolved.
 * Shared by the scanner and the reference parser so that both give the same element.
 */
export function elementFrom(qname: string, rawAttrs: readonly string[], parentScope: Scope, pieces: string[], rawContent: string | undefined): XmlElement {
  let scope = parentScope;
  const n = rawAttrs.length;
  if (n === 0) return new XmlElement(qname, NO_ATTRIBUTES, scope, pieces, rawContent);
  const values: string[] = new Array<string>(n >> 1);
  for (let k = 0; k < n; k += 2) {
    const name = rawAttrs[k];
    const value = decodeXmlText(rawAttrs[k + 1], true);
    values[k >> 1] = value;
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      if (scope === parentScope) scope = new Map(parentScope);
      (scope as Map<string, string>).set(name === 'xmlns' ? '' : name.slice(6), value);
    }
  }
  const attributes: XmlAttribute[] = new Array<XmlAttribute>(n >> 1);
  for (let k = 0; k < n; k += 2) {
    const qn = rawAttrs[k];
    const colon = qn.indexOf(':');
    const prefix = colon < 0 ? '' : qn.slice(0, colon);
    const localName = colon < 0 ? qn : qn.slice(colon + 1);
    const namespaceUri = qn === 'xmlns' || prefix === 'xmlns' ? XMLNS_NS : prefix ? resolvePrefix(prefix, scope, qn) : undefined;
    attributes[k >> 1] = { qname: qn, prefix, localName, namespaceUri, value: values[k >> 1] };
  }
  return new XmlElement(qname, attributes, scope, pieces, rawContent);
}

const NO_ATTRIBUTES: readonly XmlAttribute[] = Object.freeze([]);

function build(tag: string, node: FxpNode, parentScope: Scope, depth: number, stops: Stops, raw: boolean): XmlElement {
  const rawAttrs = node[':@'] as Record<string, string> | undefined;
  const flat: string[] = [];
  if (rawAttrs) for (const name in rawAttrs) flat.push(name, String(rawAttrs[name]));
  const content = (node[tag] as FxpNode[] | undefined) ?? [];
  if (raw) {
    const inner = content.length > 0 ? String((content[0] as FxpNode)['#text'] ?? '') : '';
    return elementFrom(tag, flat, parentScope, [], inner);
  }
  const childrenRaw = depth + 1 === stops.maxDepth || (depth === 2 && tag === stops.shallowQName);
  const pieces: string[] = [];
  const el = elementFrom(tag, flat, parentScope, pieces, undefined);
  const scope = el.scope;
  for (const child of content) {
    const t = tagOf(child);
    if (t === '#text') pieces.push(decodeXmlText(String(child['#text'])));
    else if (t === '#cdata') pieces.push(cdataText(child));
    else if (t === '#comment' || t.startsWith('?')) continue;
    else el.children.push(build(t, child, scope, depth + 1, stops, childrenRaw));
  }
  return el;
}

function cdataText(node: FxpNode): string {
  const inner = node['#cdata'] as FxpNode[];
  return normaliseNewlines(inner.map((n) => String(n['#text'] ?? '')).join(''));
}

/** CDATA sections, comments and processing instructions, where markup-like text is not markup. */
const NON_MARKUP = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;
const SUSPECT_ENTITY = /&(?!(?:lt|gt|amp|apos|quot|#[0-9]+|#x[0-9A-Fa-f]+);)/;
const DECLARED_PREFIX = /xmlns:([A-Za-z_][\w.-]*)\s*=/g;

function checkWholeDocument(text: string): void {
  let markup: string | undefined;
  const withoutNonMarkup = () => (markup ??= text.replace(NON_MARKUP, ''));
  if (SUSPECT_ENTITY.test(text)) {
    const m = SUSPECT_ENTITY.exec(withoutNonMarkup());
    if (m) throw new XmlSyntaxError(`Undeclared entity near '${withoutNonMarkup().slice(m.index, m.index + 20)}'`);
  }
  const declared = new Set<string>(['xml', 'xmlns']);
  for (const m of text.matchAll(DECLARED_PREFIX)) declared.add(m[1]);
  // One native regex scan for an element prefix outside the declared set.
  const names = [...declared].map((d) => d.replace(/[.-]/g, '\\$&')).join('|');
  const undeclared = new RegExp(`<\\/?(?!(?:${names}):)([A-Za-z_][\\w.-]*):[A-Za-z_]`);
  if (undeclared.test(text)) {
    // Confirm outside CDATA/comments before failing.
    const m = undeclared.exec(withoutNonMarkup());
    if (m) throw new XmlSyntaxError(`Unbound namespace prefix '${m[1]}'`);
  }
}

/** Skips XML declaration, PIs, comments and whitespace before the root; a DOCTYPE is refused. Returns the root's offset. */
function checkProlog(text: string): number {
  let i = 0;
  for (;;) {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i);
      if (end < 0) return i;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i);
      if (end < 0) return i;
      i = end + 3;
    } else {
      if (text.startsWith('<!DOCTYPE', i)) throw new XmlSyntaxError('DOCTYPE is disallowed');
      return i;
    }
  }
}

export interface ParseXmlOptions {
  /** Elements deeper than this (root = 1) are not built; the one at the limit keeps its raw inner XML. 0 = no limit. */
  maxDepth?: number;
  /**
   * Local name of a child of the root whose children are not built either (kept raw), when it has
   * the root's prefix: the SOAP Body, whose payload X-Road never looks into.
   */
  shallowChildOfRoot?: string;
}

/**
 * Parses a whole document, checks it is well formed, and returns its root element. The scanner
 * (xml-scan.ts) takes the documents it can vouch for; anything else, every malformed document
 * included, goes to the reference parser, so that verdicts and messages stay those of fast-xml-parser.
 */
export function parseXmlDocument(text: string, options: ParseXmlOptions = {}): XmlElement {
  return scanXmlDocument(text, options, elementFrom) ?? parseXmlDocumentReference(text, options);
}

/** The fast-xml-parser based parser (validator, then a preserveOrder tree): the verdicts of record. */
export function parseXmlDocumentReference(text: string, options: ParseXmlOptions = {}): XmlElement {
  const maxDepth = options.maxDepth ?? 0;
  const verdict = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    throw new XmlSyntaxError(`${msg} (line ${line}, column ${col})`);
  }
  const rootAt = checkProlog(text);
  checkWholeDocument(text);
  let extraStop: string | undefined;
  const stops: Stops = { maxDepth };
  if (options.shallowChildOfRoot) {
    // Stop-node paths match qualified names and use '.' as separator: only simple prefixes qualify.
    const m = /^<([A-Za-z_][\w-]*)(:?)/.exec(text.slice(rootAt, rootAt + 200));
    if (m) {
      stops.shallowQName = m[2] ? `${m[1]}:${options.shallowChildOfRoot}` : options.shallowChildOfRoot;
      extraStop = `*.${stops.shallowQName}.*`;
    }
  }
  let nodes: FxpNode[];
  try {
    nodes = parserFor(maxDepth, extraStop).parse(text) as FxpNode[];
  } catch (e) {
    throw new XmlSyntaxError((e as Error).message);
  }
  let root: XmlElement | undefined;
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === '#text') {
      if (String(node['#text']).trim() !== '') throw new XmlSyntaxError('Text outside the root element');
    } else if (tag === '#comment' || tag.startsWith('?')) {
      continue;
    } else if (tag === '#cdata' || root) {
      throw new XmlSyntaxError(root ? 'More than one root element' : 'CDATA outside the root element');
    } else {
      root = build(tag, node, new Map(), 1, stops, maxDepth === 1);
    }
  }
  if (!root) throw new XmlSyntaxError('No root element');
  return root;
}

/** Builds (without depth limit) the content of an element whose raw inner XML was kept. */
export function parseXmlFragment(raw: string, scope: Scope): XmlElement {
  const nodes = parserFor(0).parse(`<fragment>${raw}</fragment>`) as FxpNode[];
  return build('fragment', nodes[0], scope, 1, { maxDepth: 0 }, false);
}
