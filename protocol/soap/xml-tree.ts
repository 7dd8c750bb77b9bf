// A namespace-resolved element tree, just deep enough for the X-Road header and the body wrapper.
// fast-xml-parser does the parsing; its validator checks the whole document is well formed.
// Below `maxDepth` elements are kept as raw text (fast-xml-parser "stop nodes"): a SOAP body's payload
// is opaque to X-Road, and not building it keeps a 10 kB message well under a millisecond.
// What the fast-xml-parser validator lets through and Xerces (X-Road's parser) does not is checked
// here: a DOCTYPE (X-Road disallows it), a second root or trailing text, an undeclared entity, an
// unbound namespace prefix (element prefixes anywhere; attribute prefixes in the built part).
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** The input is not well-formed, namespace-correct XML. */
export class XmlSyntaxError extends Error {
  override readonly name = 'XmlSyntaxError';
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Resolves entity and character references; normalises line ends (and, in attributes, whitespace). */
export function decodeXmlText(raw: string, attribute = false): string {
  let s = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  if (attribute) s = s.replace(/[\t\n]/g, ' ');
  if (!s.includes('&')) return s;
  return s.replace(/&([^&;<\s]*)(;?)/g, (_m, name: string, semi: string) => {
    if (!semi) throw new XmlSyntaxError(`Unterminated reference '&${name}'`);
    if (name.startsWith('#')) {
      const cp = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      const digits = name[1] === 'x' ? /^#x[0-9A-Fa-f]+$/ : /^#[0-9]+$/;
      if (!digits.test(name) || !isXmlChar(cp)) throw new XmlSyntaxError(`Invalid character reference '&${name};'`);
      return String.fromCodePoint(cp);
    }
    const v = PREDEFINED[name];
    if (v === undefined) throw new XmlSyntaxError(`Undeclared entity '&${name};'`);
    return v;
  });
}

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

function build(tag: string, node: FxpNode, parentScope: Scope, depth: number, stops: Stops, raw: boolean): XmlElement {
  const rawAttrs = node[':@'] as Record<string, string> | undefined;
  let scope = parentScope;
  const plain: [string, string][] = [];
  if (rawAttrs) {
    for (const name in rawAttrs) {
      const value = decodeXmlText(String(rawAttrs[name]), true);
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (scope === parentScope) scope = new Map(parentScope);
        (scope as Map<string, string>).set(name === 'xmlns' ? '' : name.slice(6), value);
      }
      plain.push([name, value]);
    }
  }
  const attributes: XmlAttribute[] = plain.map(([qname, value]) => {
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const localName = colon < 0 ? qname : qname.slice(colon + 1);
    const namespaceUri = qname === 'xmlns' || prefix === 'xmlns' ? XMLNS_NS : prefix ? resolvePrefix(prefix, scope, qname) : undefined;
    return { qname, prefix, localName, namespaceUri, value };
  });
  const content = (node[tag] as FxpNode[] | undefined) ?? [];
  if (raw) {
    const inner = content.length > 0 ? String((content[0] as FxpNode)['#text'] ?? '') : '';
    return new XmlElement(tag, attributes, scope, [], inner);
  }
  const childrenRaw = depth + 1 === stops.maxDepth || (depth === 2 && tag === stops.shallowQName);
  const pieces: string[] = [];
  const el = new XmlElement(tag, attributes, scope, pieces, undefined);
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
  const raw = inner.map((n) => String(n['#text'] ?? '')).join('');
  return raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
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

/** Parses a whole document, checks it is well formed, and returns its root element. */
export function parseXmlDocument(text: string, options: ParseXmlOptions = {}): XmlElement {
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
