// Character-level pieces shared by the document scanner and the fast-xml-parser based reference
// parser: the syntax error type and the decoding of text and attribute values (XML 1.0 §2.11, §3.3.3, §4.1).

/** The input is not well-formed, namespace-correct XML. */
export class XmlSyntaxError extends Error {
  override readonly name = 'XmlSyntaxError';
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

export function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

const NEWLINES = /\r\n?/g;
const ATTRIBUTE_WHITESPACE = /[\t\n]/g;
const REFERENCE = /&([^&;<\s]*)(;?)/g;
const DECIMAL_REF = /^#[0-9]+$/;
const HEX_REF = /^#x[0-9A-Fa-f]+$/;

function resolveReference(_m: string, name: string, semi: string): string {
  if (!semi) throw new XmlSyntaxError(`Unterminated reference '&${name}'`);
  if (name.startsWith('#')) {
    const cp = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    const digits = name[1] === 'x' ? HEX_REF : DECIMAL_REF;
    if (!digits.test(name) || !isXmlChar(cp)) throw new XmlSyntaxError(`Invalid character reference '&${name};'`);
    return String.fromCodePoint(cp);
  }
  const v = PREDEFINED[name];
  if (v === undefined) throw new XmlSyntaxError(`Undeclared entity '&${name};'`);
  return v;
}

/** Resolves entity and character references; normalises line ends (and, in attributes, whitespace). */
export function decodeXmlText(raw: string, attribute = false): string {
  let s = raw.includes('\r') ? raw.replace(NEWLINES, '\n') : raw;
  if (attribute && (s.includes('\t') || s.includes('\n'))) s = s.replace(ATTRIBUTE_WHITESPACE, ' ');
  if (!s.includes('&')) return s;
  return s.replace(REFERENCE, resolveReference);
}

/** Line ends of a CDATA section or raw content, as an XML processor hands them on (§2.11). */
export function normaliseNewlines(raw: string): string {
  return raw.includes('\r') ? raw.replace(NEWLINES, '\n') : raw;
}
