// Strict, namespace-aware XML parsing for signature documents, hash chains and the messages their
// transforms canonicalise. @xmldom/xmldom is lenient by default (it logs and carries on), so every
// error it reports is made fatal here: X-Road's parsers (Xerces, secure processing) reject the same
// inputs with `invalid_xml`.
import { createRequire } from 'node:module';
import { DOMParser, type Document } from '@xmldom/xmldom';
import { ErrorCodes, XRoadError } from '../faults/index.js';

// xmldom 0.9's SAX parser calls grammar.reg('^', QName_group, S_OPT, '$') for EVERY end tag (and
// grammar.reg('^', x) for every comment/CDATA): a fresh RegExp from a ~1 kB Unicode character class,
// compiled each time: a third of all parse time on a signature document. No parser option avoids
// it, so the module's `reg` is memoised here. Its arguments are always the grammar's constant
// pieces, the result has only the `u` flag (no `g`/`y`, so exec keeps no state in lastIndex) and
// is never mutated by sax.js, so sharing one RegExp per source is indistinguishable.
interface XmldomGrammar { reg: (this: unknown, ...parts: Array<RegExp | string>) => RegExp; __roadtestMemo?: true }
const grammar = createRequire(import.meta.url)('@xmldom/xmldom/lib/grammar.js') as XmldomGrammar;
interface MemoNode { next: Map<RegExp | string, MemoNode>; re?: RegExp }
if (!grammar.__roadtestMemo && typeof grammar.reg === 'function') {
  const original = grammar.reg;
  // A trie keyed by argument identity (the grammar's RegExp objects, or strings): reading
  // `.source` of those large expressions to build a string key would cost most of what is saved.
  const root: MemoNode = { next: new Map() };
  let entries = 0;
  grammar.reg = function memoisedReg(this: unknown, ...parts: Array<RegExp | string>): RegExp {
    // Called unbound (not as grammar.reg), reg checks for misuse of '|': leave that to the original.
    if (this === undefined) return original.apply(this, parts);
    let node = root;
    for (const p of parts) {
      let child = node.next.get(p);
      if (!child) {
        if (entries >= 256) return original.apply(this, parts);
        child = { next: new Map() };
        node.next.set(p, child);
        entries++;
      }
      node = child;
    }
    return (node.re ??= original.apply(this, parts));
  };
  grammar.__roadtestMemo = true;
}

export type XmlInput = Uint8Array | string;

/** XML 1.0 §2.11 only: xmldom's default also folds U+0085/U+2028/U+2029, which XML 1.0 keeps. */
function normalizeLineEndings(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

const ENCODING_DECL = /^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;

/** Decodes document bytes: BOM first, then the encoding declaration, else UTF-8 (XML 1.0 §4.3.3). */
export function decodeXmlBytes(bytes: Uint8Array): string {
  let label = 'utf-8';
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else {
    const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
    const m = ENCODING_DECL.exec(head);
    if (m) label = m[1].toLowerCase();
  }
  try {
    const text = new TextDecoder(label, { fatal: true }).decode(bytes.subarray(start));
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (e) {
    throw new XRoadError(ErrorCodes.invalidXml, `Cannot decode XML as ${label}: ${(e as Error).message}`);
  }
}

/**
 * Parses an XML document. Throws XRoadError `invalid_xml` for anything not well-formed, for a
 * missing root element, and for a DOCTYPE (X-Road's parsers disallow DTDs; they also make entity
 * expansion attacks impossible here).
 */
export function parseXml(input: XmlInput, what = 'XML document'): Document {
  const text = typeof input === 'string' ? input : decodeXmlBytes(input);
  const parser = new DOMParser({
    // No line/column on every node: nothing reads them, and error messages never carried them
    // (onError throws first). Tracking them ran a line-break RegExp over the whole input.
    locator: false,
    normalizeLineEndings,
    onError: (level: string, message: string) => {
      if (level !== 'warning') throw new Error(message);
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(text, 'text/xml');
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    throw new XRoadError(ErrorCodes.invalidXml, `Cannot parse ${what}: ${msg}`);
  }
  for (let n = doc.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 10) throw new XRoadError(ErrorCodes.invalidXml, `Cannot parse ${what}: DOCTYPE is not allowed`);
  }
  if (!doc.documentElement) throw new XRoadError(ErrorCodes.invalidXml, `Cannot parse ${what}: missing root element`);
  return doc;
}
