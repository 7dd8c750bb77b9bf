// A one-pass scanner for the documents a security server sees all day: it checks well-formedness
// of the whole text and builds only the shallow tree parseXmlDocument promises (the rest is kept as
// raw inner XML), without the validator pass, the preserveOrder tree and the whole-document regexes
// of the reference parser (xml-tree.ts), which cost ~4x more time and most of the garbage per message.
//
// It is a strict subset of the reference: whatever it cannot vouch for, it does not judge — it
// returns undefined and the reference parser decides, with its own verdict and message. So it only
// accepts plain well-formed XML (ASCII names, quoted attributes, predefined entities and character
// references, comments without "--", CDATA, an XML declaration at offset 0 and no other PI, no
// DOCTYPE) for which the reference parser is known to build the same tree; xml-scan.test.ts
// compares the two on generated well-formed and malformed documents.
import { decodeXmlText, normaliseNewlines, XmlSyntaxError } from './xml-text.js';

export interface ScannedElement<E> {
  readonly scope: ReadonlyMap<string, string>;
  readonly children: E[];
}

/** Builds one element (see elementFrom in xml-tree.ts); may throw XmlSyntaxError. */
export type ElementFactory<E> = (
  qname: string,
  rawAttrs: readonly string[],
  parentScope: ReadonlyMap<string, string>,
  pieces: string[],
  rawContent: string | undefined,
) => E;

export interface ScanOptions {
  maxDepth?: number;
  shallowChildOfRoot?: string;
}

/** Thrown inside the scanner when the document is outside what it vouches for. */
class Unsure {}
const UNSURE = new Unsure();

const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const SLASH = 0x2f;
const COLON = 0x3a;
const EQ = 0x3d;
const QUOT = 0x22;
const APOS = 0x27;
const BANG = 0x21;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
}

/**
 * Names fast-xml-parser renames or refuses (prototype-pollution guards): the reference tree would
 * differ, so the scanner leaves such documents to it.
 */
const GUARDED_NAMES = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

/** Cheap pre-check: the guarded names start with one of _ c p h t v. */
function mayBeGuarded(t: string, at: number): boolean {
  const c = t.charCodeAt(at);
  return c === 0x5f || c === 0x63 || c === 0x70 || c === 0x68 || c === 0x74 || c === 0x76;
}

/** The only XML declaration accepted: at offset 0, version 1.x, optional encoding and standalone. */
const DECLARATION = /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*\?>/;

class Scanner<E extends ScannedElement<E>> {
  i = 0;
  readonly n: number;
  /** Position of the next '&' at or after which no reference has been checked yet (n when none). */
  nextAmp: number;
  /** Element prefixes used in raw content; each must be declared somewhere (as the reference requires). */
  readonly usedPrefixes = new Set<string>();
  readonly declaredPrefixes = new Set<string>(['xml', 'xmlns']);
  private lastPrefix = '';
  /** Open elements in raw content as [start, end) of their names (reused; only the part below the pointer is live). */
  private readonly rawStack: number[] = [];
  /** Attribute names of the tag being read (flat name/value pairs when building). */
  private readonly attrNames: number[] = [];

  constructor(
    readonly text: string,
    readonly factory: ElementFactory<E>,
  ) {
    this.n = text.length;
    const a = text.indexOf('&');
    this.nextAmp = a < 0 ? this.n : a;
  }

  /** Checks every reference in text content [from, to): predefined entity or character reference. */
  checkReferences(from: number, to: number): void {
    if (this.nextAmp < from) this.advanceAmp(from);
    while (this.nextAmp < to) {
      const end = referenceEnd(this.text, this.nextAmp);
      if (end < 0 || end > to) throw UNSURE;
      this.advanceAmp(end);
    }
  }

  /** Skips references inside comments and CDATA, which are not references. */
  advanceAmp(from: number): void {
    if (this.nextAmp >= from) return;
    const a = this.text.indexOf('&', from);
    this.nextAmp = a < 0 ? this.n : a;
  }

  /** Whether the last name read contains '.' (a path separator in fast-xml-parser's stop-node rules). */
  dotted = false;

  /** Reads a (possibly prefixed) ASCII name at i; returns its end. */
  nameEnd(i: number): number {
    const t = this.text;
    if (!isNameStart(t.charCodeAt(i))) throw UNSURE;
    i++;
    let colon = -1;
    this.dotted = false;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 0x2e) {
        this.dotted = true;
        i++;
      } else if (isNameChar(c)) i++;
      else if (c === COLON && colon < 0 && isNameStart(t.charCodeAt(i + 1))) {
        colon = i;
        i += 2;
      } else return i;
    }
  }

  /** Notes the prefix of an element name in raw content [start, end). */
  notePrefix(start: number, end: number): void {
    const t = this.text;
    const colon = t.indexOf(':', start);
    if (colon < 0 || colon >= end) return;
    const last = this.lastPrefix;
    if (last.length === colon - start && t.startsWith(last, start)) return;
    this.lastPrefix = t.slice(start, colon);
    this.usedPrefixes.add(this.lastPrefix);
  }

  /**
   * Reads the attributes of a start tag from i (just after its name) to '>' or '/>'. Returns the
   * position after the tag, negated when the tag is self-closing. Fills `out` with name/value pairs
   * when given (the built part); in raw content nothing is sliced.
   */
  attributes(i: number, out: string[] | undefined): number {
    const t = this.text;
    // [start, end) of the names read so far, for the duplicate check.
    const names = this.attrNames;
    let count = 0;
    for (;;) {
      let c = t.charCodeAt(i);
      let spaced = false;
      while (isSpace(c)) {
        c = t.charCodeAt(++i);
        spaced = true;
      }
      if (c === GT) return i + 1;
      if (c === SLASH) {
        if (t.charCodeAt(i + 1) !== GT) throw UNSURE;
        return -(i + 2);
      }
      if (!spaced) throw UNSURE;
      const nameStart = i;
      i = this.nameEnd(i);
      for (let k = 0; k < count; k += 2) if (sameText(t, names[k], names[k + 1], nameStart, i)) throw UNSURE;
      names[count++] = nameStart;
      names[count++] = i;
      const nameEnd = i;
      c = t.charCodeAt(i);
      while (isSpace(c)) c = t.charCodeAt(++i);
      if (c !== EQ) throw UNSURE;
      c = t.charCodeAt(++i);
      while (isSpace(c)) c = t.charCodeAt(++i);
      if (c !== QUOT && c !== APOS) throw UNSURE;
      const valueStart = i + 1;
      const valueEnd = t.indexOf(c === QUOT ? '"' : "'", valueStart);
      if (valueEnd < 0) throw UNSURE;
      for (let k = valueStart; k < valueEnd; k++) {
        const v = t.charCodeAt(k);
        if (v === LT) throw UNSURE;
        if (v === AMP) {
          const end = referenceEnd(t, k);
          if (end < 0 || end > valueEnd) throw UNSURE;
          k = end - 1;
        }
      }
      if (nameEnd - nameStart > 6 && t.startsWith('xmlns:', nameStart)) this.declaredPrefixes.add(t.slice(nameStart + 6, nameEnd));
      if (out) {
        const name = t.slice(nameStart, nameEnd);
        if (mayBeGuarded(t, nameStart) && GUARDED_NAMES.has(name)) throw UNSURE;
        out.push(name, t.slice(valueStart, valueEnd));
      }
      i = valueEnd + 1;
    }
  }

  /** Skips a comment or CDATA section at i ('<!' seen); returns its end, or calls onCdata with its text. */
  special(i: number, onCdata: ((raw: string) => void) | undefined): number {
    const t = this.text;
    if (t.startsWith('<!--', i)) {
      // The first "--" must end the comment: XML (§2.5) refuses "--" inside and "--->".
      const end = t.indexOf('--', i + 4);
      if (end < 0 || t.charCodeAt(end + 2) !== GT) throw UNSURE;
      this.advanceAmp(end + 3);
      return end + 3;
    }
    if (t.startsWith('<![CDATA[', i)) {
      const end = t.indexOf(']]>', i + 9);
      if (end < 0) throw UNSURE;
      if (onCdata) onCdata(t.slice(i + 9, end));
      this.advanceAmp(end + 3);
      return end + 3;
    }
    throw UNSURE;
  }

  /** Whitespace and comments outside the root element, from i; returns the next position. */
  misc(i: number): number {
    const t = this.text;
    for (;;) {
      while (i < this.n && isSpace(t.charCodeAt(i))) i++;
      if (i < this.n && t.startsWith('<!--', i)) i = this.special(i, undefined);
      else return i;
    }
  }

  /**
   * Raw content of an element whose start tag ended at `from`, named text[nameStart, nameEnd):
   * checks it is well formed and returns the position of its end tag's '<'.
   */
  rawContent(from: number, nameStart: number, nameEnd: number): number {
    const t = this.text;
    // Open elements as [start, end) of their names, the raw element itself at the bottom.
    const stack = this.rawStack;
    stack[0] = nameStart;
    stack[1] = nameEnd;
    let sp = 2;
    let i = from;
    for (;;) {
      const lt = t.indexOf('<', i);
      if (lt < 0) throw UNSURE;
      this.checkReferences(i, lt);
      const c = t.charCodeAt(lt + 1);
      if (c === SLASH) {
        let k = endTagNameEnd(t, lt, stack[sp - 2], stack[sp - 1]);
        let d = t.charCodeAt(k);
        if (isNameChar(d) || d === COLON) throw UNSURE;
        while (isSpace(d)) d = t.charCodeAt(++k);
        if (d !== GT) throw UNSURE;
        sp -= 2;
        if (sp === 0) return lt;
        i = k + 1;
      } else if (c === BANG) {
        i = this.special(lt, undefined);
      } else {
        const ne = this.nameEnd(lt + 1);
        this.notePrefix(lt + 1, ne);
        const after = this.attributes(ne, undefined);
        if (after < 0) i = -after;
        else {
          stack[sp++] = lt + 1;
          stack[sp++] = ne;
          i = after;
        }
      }
    }
  }
}

function sameText(t: string, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let k = 0; k < aEnd - aStart; k++) if (t.charCodeAt(aStart + k) !== t.charCodeAt(bStart + k)) return false;
  return true;
}

/** Position after the name of the end tag at `lt` when it is text[nameStart, nameEnd); else not sure. */
function endTagNameEnd(t: string, lt: number, nameStart: number, nameEnd: number): number {
  let k = lt + 2;
  for (let m = nameStart; m < nameEnd; m++, k++) if (t.charCodeAt(k) !== t.charCodeAt(m)) throw UNSURE;
  return k;
}

const PREDEFINED_REFERENCES = ['lt;', 'gt;', 'amp;', 'apos;', 'quot;'];

/** Position just after a well-formed reference starting at '&' (predefined entity or character reference), else -1. */
function referenceEnd(t: string, i: number): number {
  let k = i + 1;
  let c = t.charCodeAt(k);
  if (c === 0x23) {
    c = t.charCodeAt(++k);
    const hex = c === 0x78;
    if (hex) c = t.charCodeAt(++k);
    const start = k;
    for (;;) {
      if (c >= 0x30 && c <= 0x39) c = t.charCodeAt(++k);
      else if (hex && ((c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46))) c = t.charCodeAt(++k);
      else break;
    }
    return k > start && c === 0x3b ? k + 1 : -1;
  }
  for (const name of PREDEFINED_REFERENCES) if (t.startsWith(name, k)) return k + name.length;
  return -1;
}

interface Frame<E> {
  el: E;
  pieces: string[];
  nameStart: number;
  nameEnd: number;
  depth: number;
  childrenRaw: boolean;
}

/**
 * The root of `text` built as parseXmlDocument builds it, or undefined when the scanner cannot
 * vouch for the document (malformed, or outside the plain subset it accepts).
 */
export function scanXmlDocument<E extends ScannedElement<E>>(text: string, options: ScanOptions, factory: ElementFactory<E>): E | undefined {
  try {
    return scan(text, options, factory);
  } catch (e) {
    if (e === UNSURE || e instanceof XmlSyntaxError) return undefined;
    throw e;
  }
}

function scan<E extends ScannedElement<E>>(text: string, options: ScanOptions, factory: ElementFactory<E>): E {
  const maxDepth = options.maxDepth ?? 0;
  const s = new Scanner(text, factory);
  const t = text;
  let i = 0;
  if (t.startsWith('<?xml')) {
    const m = DECLARATION.exec(t.slice(0, 200));
    if (!m) throw UNSURE;
    i = m[0].length;
  }
  i = s.misc(i);
  if (t.charCodeAt(i) !== LT) throw UNSURE;

  // The reference keeps the children of `<prefix:shallowChildOfRoot>` at depth 2 raw, the prefix
  // taken from the root's name as its stop-node rule does.
  let shallowQName: string | undefined;
  if (options.shallowChildOfRoot) {
    const m = /^<([A-Za-z_][\w-]*)(:?)/.exec(t.slice(i, i + 200));
    if (m) shallowQName = m[2] ? `${m[1]}:${options.shallowChildOfRoot}` : options.shallowChildOfRoot;
  }

  const stack: Frame<E>[] = [];
  let root: E | undefined;
  for (;;) {
    // At a '<' inside the built part (or the root's start tag).
    const c = t.charCodeAt(i + 1);
    const top = stack.length > 0 ? stack[stack.length - 1] : undefined;
    if (c === SLASH) {
      if (!top) throw UNSURE;
      let k = endTagNameEnd(t, i, top.nameStart, top.nameEnd);
      let d = t.charCodeAt(k);
      if (isNameChar(d) || d === COLON) throw UNSURE;
      while (isSpace(d)) d = t.charCodeAt(++k);
      if (d !== GT) throw UNSURE;
      stack.pop();
      i = k + 1;
      if (stack.length === 0) break;
    } else if (c === BANG) {
      if (!top) throw UNSURE;
      i = s.special(i, (raw) => top.pieces.push(normaliseNewlines(raw)));
    } else {
      const nameStart = i + 1;
      const nameEnd = s.nameEnd(nameStart);
      if (s.dotted) throw UNSURE;
      const qname = t.slice(nameStart, nameEnd);
      if (mayBeGuarded(t, nameStart) && GUARDED_NAMES.has(qname)) throw UNSURE;
      const depth = stack.length + 1;
      if (qname === shallowQName && depth !== 2) throw UNSURE;
      const attrs: string[] = [];
      let after = s.attributes(nameEnd, attrs);
      const selfClosing = after < 0;
      if (selfClosing) after = -after;
      const raw = top ? top.childrenRaw : maxDepth === 1;
      const parentScope = top ? top.el.scope : EMPTY_SCOPE;
      let el: E;
      if (raw) {
        const end = selfClosing ? after : s.rawContent(after, nameStart, nameEnd);
        el = factory(qname, attrs, parentScope, [], selfClosing ? '' : normaliseNewlines(t.slice(after, end)));
        if (!selfClosing) {
          // Past the end tag, whose name rawContent has matched.
          let k = end + 2 + (nameEnd - nameStart);
          while (t.charCodeAt(k) !== GT) k++;
          after = k + 1;
        }
      } else {
        const pieces: string[] = [];
        el = factory(qname, attrs, parentScope, pieces, undefined);
        if (!selfClosing) {
          const childrenRaw = depth + 1 === maxDepth || (depth === 2 && qname === shallowQName);
          stack.push({ el, pieces, nameStart, nameEnd, depth, childrenRaw });
        }
      }
      if (top) top.el.children.push(el);
      else root = el;
      i = after;
      if (stack.length === 0) break;
    }
    // Text up to the next markup.
    const lt = t.indexOf('<', i);
    if (lt < 0) throw UNSURE;
    if (lt > i) {
      s.checkReferences(i, lt);
      stack[stack.length - 1].pieces.push(decodeXmlText(t.slice(i, lt)));
    }
    i = lt;
  }
  if (s.misc(i) !== s.n) throw UNSURE;
  for (const p of s.usedPrefixes) if (!s.declaredPrefixes.has(p)) throw UNSURE;
  return root!;
}

const EMPTY_SCOPE: ReadonlyMap<string, string> = new Map();
