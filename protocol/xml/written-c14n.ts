// Inclusive Canonical XML 1.0 of an element straight from XML text we wrote ourselves, without
// building a DOM. The signature builder canonicalises SignedProperties and SignedInfo on every
// message; parsing them (or, worse, the whole signature document with its base64 certificates and
// OCSP responses) only to serialise them again was most of its cost besides the RSA operation.
//
// The result equals `canonicalize(el, C14N 1.0)` (c14n.ts) of the element as parsed inside its
// document, PROVIDED the ancestors in that document declare exactly `inScope` and carry no xml:*
// attributes: for a subtree, inclusive c14n 1.0 takes from outside only the in-scope namespace
// nodes (rendered on the apex, REC-xml-c14n §2.4/§4.7) and inherited xml:* attributes (§2.4).
//
// Only a narrow subset is handled — the shape our builders write: ASCII names, unprefixed
// attributes in double quotes with plain values, text whose only references are the five
// predefined entities and `&#13;`, no comments, PIs, CDATA or namespace declarations. Anything
// else (or anything not well-formed) returns undefined, and the caller parses instead; so this
// function never has to reproduce the parser's handling of an odd input.
import { compareCodePoints, escapeC14nAttr, escapeC14nText } from './c14n.js';

const NAME = '[A-Za-z_][A-Za-z0-9_.-]*';
const QNAME = `${NAME}(?::${NAME})?`;
const START_TAG = new RegExp(`<(${QNAME})((?:[ \\t\\n]+${NAME}="[^"<&>]*")*)[ \\t\\n]*(/?)>`, 'y');
const ATTRIBUTE = new RegExp(`(${NAME})="([^"]*)"`, 'g');
const END_TAG = new RegExp(`</(${QNAME})[ \\t\\n]*>`, 'y');
const TEXT = /[^<]+/y;
/** XML 1.0 Char minus CR (the parser would normalise a literal CR), tab/LF only in text. */
const CHARS = /^[\t\n\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const REFERENCE = /&([^;&]*);?/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#13': '\r' };

function decodeText(raw: string): string | undefined {
  if (raw.includes(']]>')) return undefined;
  let ok = true;
  const text = raw.replace(REFERENCE, (whole: string, name: string) => {
    const v = whole.endsWith(';') ? ENTITIES[name] : undefined;
    if (v === undefined) ok = false;
    return v ?? '';
  });
  return ok ? text : undefined;
}

function prefixOf(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? '' : qname.slice(0, i);
}

/**
 * Canonical form (C14N 1.0, no comments) of the single element `xml`, as it would be inside a
 * document whose ancestors declare `inScope` (prefix, URI) and no xml:* attributes; undefined
 * when `xml` is outside the subset this function handles (see the file comment).
 */
export function canonicalizeWrittenElement(xml: string, inScope: ReadonlyArray<readonly [string, string]>): string | undefined {
  if (!CHARS.test(xml)) return undefined;
  const scope = new Map(inScope);
  const out: string[] = [];
  const open: string[] = [];
  let at = 0;
  let done = false;
  while (at < xml.length) {
    if (done) return undefined;
    let m: RegExpExecArray | null;
    if (xml.startsWith('</', at)) {
      END_TAG.lastIndex = at;
      if (!(m = END_TAG.exec(xml)) || open.pop() !== m[1]) return undefined;
      out.push(`</${m[1]}>`);
      done = open.length === 0;
      at = END_TAG.lastIndex;
    } else if (xml.startsWith('<', at)) {
      START_TAG.lastIndex = at;
      if (!(m = START_TAG.exec(xml))) return undefined;
      const [, name, attrText, empty] = m;
      const prefix = prefixOf(name);
      if (prefix !== '' && (prefix === 'xml' || prefix === 'xmlns' || !scope.has(prefix))) return undefined;
      const attrs: Array<[string, string]> = [];
      if (attrText) {
        // exec, not matchAll: matchAll clones the RegExp on every call.
        ATTRIBUTE.lastIndex = 0;
        let a: RegExpExecArray | null;
        while ((a = ATTRIBUTE.exec(attrText))) {
          const [, n, v] = a;
          // Whitespace in a value would be normalised by the parser; keep out of that business.
          if (n === 'xmlns' || v.includes('\t') || v.includes('\n') || attrs.some(([seen]) => seen === n)) return undefined;
          attrs.push([n, v]);
        }
        attrs.sort((x, y) => compareCodePoints(x[0], y[0]));
      }
      let tag = `<${name}`;
      if (open.length === 0) {
        const decls = [...scope].filter(([p, uri]) => p !== 'xml' && !(p === '' && uri === '')).sort((a, b) => compareCodePoints(a[0], b[0]));
        for (const [p, uri] of decls) tag += p === '' ? ` xmlns="${escapeC14nAttr(uri)}"` : ` xmlns:${p}="${escapeC14nAttr(uri)}"`;
      }
      for (const [n, v] of attrs) tag += ` ${n}="${escapeC14nAttr(v)}"`;
      out.push(tag + '>');
      if (empty) {
        out.push(`</${name}>`);
        done = open.length === 0;
      } else {
        open.push(name);
      }
      at = START_TAG.lastIndex;
    } else {
      if (open.length === 0) return undefined;
      TEXT.lastIndex = at;
      m = TEXT.exec(xml)!;
      const text = decodeText(m[0]);
      if (text === undefined) return undefined;
      out.push(escapeC14nText(text));
      at = TEXT.lastIndex;
    }
  }
  return done ? out.join('') : undefined;
}
