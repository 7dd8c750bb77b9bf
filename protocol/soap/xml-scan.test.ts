// The scanner must never judge differently from the reference parser (fast-xml-parser): for any
// document, parseXmlDocument (scanner, else reference) gives the reference's tree or its error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRequest } from './envelope-builder.js';
import { clientId, serviceId } from '../identifiers/index.js';
import { scanXmlDocument } from './xml-scan.js';
import { elementFrom, parseXmlDocument, parseXmlDocumentReference, type ParseXmlOptions, type XmlElement } from './xml-tree.js';

const SOAP = { maxDepth: 4, shallowChildOfRoot: 'Body' } satisfies ParseXmlOptions;

/** Everything a caller can read from a built tree, raw content included. */
function view(el: XmlElement, depth = 0): unknown {
  return {
    qname: el.qname,
    prefix: el.prefix,
    localName: el.localName,
    ns: el.namespaceUri,
    attrs: el.attributes.map((a) => [a.qname, a.prefix, a.localName, a.namespaceUri, a.value]),
    scope: [...el.scope.entries()],
    raw: el.rawContent,
    text: safe(() => el.text),
    children: el.children.map((c) => view(c, depth + 1)),
    // Elements built on demand from raw content (a Fault's children) come from the same code either way.
    lazy: depth < 6 && el.truncated ? safe(() => el.elements().map((c) => view(c, depth + 1))) : undefined,
  };
}

function safe<T>(f: () => T): T | string {
  try {
    return f();
  } catch (e) {
    return `throws ${(e as Error).message}`;
  }
}

function outcome(parse: () => XmlElement): unknown {
  try {
    return view(parse());
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

const stats = { scanned: 0, declined: 0 };

/** The property: same outcome as the reference; a scanned tree is the reference's tree. */
function expectSameAsReference(text: string, options: ParseXmlOptions = SOAP): void {
  const reference = outcome(() => parseXmlDocumentReference(text, options));
  const scanned = scanXmlDocument(text, options, elementFrom);
  if (scanned) {
    stats.scanned++;
    expect(view(scanned), text).toEqual(reference);
  } else stats.declined++;
  expect(outcome(() => parseXmlDocument(text, options)), text).toEqual(reference);
}

const request = buildRequest({
  client: clientId('EE', 'BUSINESS', 'consumer'),
  service: serviceId(clientId('EE', 'BUSINESS', 'producer'), 'testQuery'),
  id: 'abc',
  userId: 'EE1',
  wrapper: { content: '<a x="1" y=\'&lt;&#65;&#x42;\'><b>t&amp;u</b><![CDATA[<c/>]]><!-- z --><p:q xmlns:p="urn:p" p:r="&quot;"/></a>' },
});

// Pieces a generated document is made of: names, attributes, text and markup that are fine, and
// ones that are not (or that the scanner leaves to the reference).
const GOOD = {
  names: ['a', 'b', 'Body', 'SOAP-ENV:Body', 'p:x', 'xml:z', 'x-1', '_x', 'A9'],
  attrNames: ['x', 'y', 'p:x', 'xmlns', 'xmlns:p', 'xmlns:q', 'xml:lang'],
  values: ['1', '', 'urn:p', 'a&amp;b', '&lt;', '&#65;', 'a>b', 'a\r\nb', 'a\tb', '"', "'", '&#x1F600;'],
  texts: ['', 'x', ' ', '\r\n', '\r', 'a&amp;b', '&lt;&gt;&apos;&quot;', '&#10;', '&#xD;', ']]>', '>', 'ü€😀'],
  specials: ['<!-- c -->', '<!---->', '<!-->-->', '<![CDATA[x<y>&z]]>', '<![CDATA[a\r\nb]]>', '<!-- & -->'],
  decl: ['', '<?xml version="1.0" encoding="UTF-8"?>', "<?xml version='1.0'?>\n"],
  before: ['', '\n', '<!-- lead -->'],
  root: ['SOAP-ENV:Envelope', 'Envelope'],
  after: ['', '\r\n', '<!-- tail -->'],
};
const BAD = {
  names: ['SOAP-ENV:Header', 'q:y', 'xmlns:w', 'ä', 'a.b', 'toString', 'p:toString', 'r:', 'constructor'],
  attrNames: ['q:y', 'xmlns:SOAP-ENV', 'valueOf', 'a.b', 'é', 'x'],
  values: ['&#0;', '&#x;', '&foo;', '& ', 'a<b', '&#X41;', '&#1114112;', 'http://schemas.xmlsoap.org/soap/envelope/'],
  texts: ['&#0;', '&nbsp;', '&amp', '& b', '&#xFFFE;'],
  specials: ['<!-- a -- b -->', '<!-- a --->', '<?pi x?>', '<!DOCTYPE a>', '<!x>', '<?xml version="1.0"?>'],
  decl: [' <?xml version="1.0"?>', '<?xml version="1.0" foo="x"?>', '<?xml-stylesheet x?>'],
  before: ['x', '<![CDATA[x]]>'],
  root: ['s.x:Envelope', 'toString'],
  after: ['<x/>', 'text', '<![CDATA[x]]>', '&amp;'],
};
type Kind = keyof typeof GOOD;
const pick = (kind: Kind, bad: boolean) => (bad ? fc.constantFrom(...GOOD[kind], ...BAD[kind]) : fc.constantFrom(...GOOD[kind]));

interface Node {
  name: string;
  attrs: [string, string, boolean][];
  content: (Node | string)[];
  selfClose: boolean;
}

function nodeOfDepth(depth: number, bad: boolean): fc.Arbitrary<Node> {
  const leaf = fc.oneof({ weight: 2, arbitrary: pick('texts', bad) }, { weight: 1, arbitrary: pick('specials', bad) });
  const item: fc.Arbitrary<Node | string> = depth === 0 ? leaf : fc.oneof({ weight: 3, arbitrary: nodeOfDepth(depth - 1, bad) }, { weight: 3, arbitrary: leaf });
  return fc.record({
    name: pick('names', bad),
    attrs: fc.array(fc.tuple(pick('attrNames', bad), pick('values', bad), fc.boolean()), { maxLength: 3 }),
    content: fc.array(item, { maxLength: 4 }),
    selfClose: fc.boolean(),
  });
}

function serialise(n: Node): string {
  const attrs = n.attrs.map(([k, v, single]) => (single ? ` ${k}='${v.replace(/'/g, '&apos;')}'` : ` ${k}="${v.replace(/"/g, '&quot;')}"`)).join('');
  if (n.selfClose && n.content.length === 0) return `<${n.name}${attrs}/>`;
  return `<${n.name}${attrs}>${n.content.map((c) => (typeof c === 'string' ? c : serialise(c))).join('')}</${n.name}>`;
}

function serialiseRaw(n: Node): string {
  // Quotes left as they are: the same quote inside a value breaks the attribute.
  const attrs = n.attrs.map(([k, v, single]) => (single ? ` ${k}='${v}'` : ` ${k}="${v}"`)).join('');
  if (n.selfClose && n.content.length === 0) return `<${n.name}${attrs}/>`;
  return `<${n.name}${attrs}>${n.content.map((c) => (typeof c === 'string' ? c : serialiseRaw(c))).join('')}</${n.name}>`;
}

const DECLS = ' xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:p="urn:p"';

/** A SOAP-like document: declaration or not, an Envelope with generated Header and Body content. */
function documentOf(bad: boolean): fc.Arbitrary<string> {
  const node = nodeOfDepth(4, bad);
  return fc
    .record({
      decl: pick('decl', bad),
      before: pick('before', bad),
      root: pick('root', bad),
      header: fc.array(node, { maxLength: 3 }),
      body: fc.array(node, { maxLength: 3 }),
      after: pick('after', bad),
      raw: fc.boolean(),
    })
    .map(({ decl, before, root, header, body, after, raw }) => {
      const ser = bad && raw ? serialiseRaw : serialise;
      return (
        `${decl}${before}<${root}${DECLS}><SOAP-ENV:Header>${header.map(ser).join('')}</SOAP-ENV:Header>` +
        `<SOAP-ENV:Body>${body.map(ser).join('')}</SOAP-ENV:Body></${root}>${after}`
      );
    });
}

/** Damage at one place: a markup character inserted or a character removed. */
function mutate(text: string, at: number, insert: string | undefined): string {
  const k = at % (text.length + 1);
  return insert === undefined ? text.slice(0, k) + text.slice(k + 1) : text.slice(0, k) + insert + text.slice(k);
}

describe('xml scanner against the reference parser', () => {
  it('builds the same tree for the builder request and a Fault', () => {
    expectSameAsReference(request);
    expectSameAsReference(
      '<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><SOAP-ENV:Fault>' +
        '<faultcode>Server.X</faultcode><faultstring>a &amp; b</faultstring><detail><faultDetail xmlns="">id</faultDetail></detail></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>',
    );
    expect(scanXmlDocument(request, SOAP, elementFrom)).toBeDefined();
  });

  it('declines what it does not vouch for, and the reference decides', () => {
    const declined = [
      '<!DOCTYPE a><a/>',
      '<a><?pi?></a>',
      '<a>&nbsp;</a>',
      '<a x="<"/>',
      '<a x="1"y="2"/>',
      '<a x="1" x="2"/>',
      '<a><!-- a -- b --></a>',
      '<a></b>',
      '<a/><b/>',
      '<a/>x',
      'x<a/>',
      '<a>&#0;</a>',
      '<p:a/>',
      '<a><b><c><d><p:e/></d></c></b></a>',
      '<ä/>',
      '<toString/>',
      ' <?xml version="1.0"?><a/>',
    ];
    for (const text of declined) {
      expect(scanXmlDocument(text, SOAP, elementFrom), text).toBeUndefined();
      expectSameAsReference(text);
    }
    // The reference refuses these; so does parseXmlDocument, with the reference's message.
    expect(() => parseXmlDocument('<a></b>', SOAP)).toThrow(/Expected closing tag 'a'/);
    expect(() => parseXmlDocument('<a><b><c><d><p:e/></d></c></b></a>', SOAP)).toThrow(/Unbound namespace prefix 'p'/);
  });

  it('keeps raw content as the reference does: line ends normalised, self-closing empty', () => {
    const text = '<s:E xmlns:s="urn:s"><s:H><h><i>1</i><j/><k>a\r\nb<![CDATA[\r]]></k></h></s:H><s:Body><w a="1">x\r\ny<z/></w><v/></s:Body></s:E>';
    expectSameAsReference(text, { maxDepth: 4, shallowChildOfRoot: 'Body' });
    const root = scanXmlDocument(text, { maxDepth: 4, shallowChildOfRoot: 'Body' }, elementFrom)!;
    expect(root.children[1].children[0].rawContent).toBe('x\ny<z/>');
    expect(root.children[1].children[1].rawContent).toBe('');
    expect(root.children[0].children[0].children[2].rawContent).toBe('a\nb<![CDATA[\n]]>');
  });

  it('gives the reference outcome for generated documents, well formed or not', () => {
    fc.assert(
      fc.property(documentOf(false), (text) => expectSameAsReference(text)),
      { numRuns: 700 },
    );
    fc.assert(
      fc.property(documentOf(true), (text) => expectSameAsReference(text)),
      { numRuns: 1500 },
    );
    // Not vacuous: many generated documents are scanned, and many declined.
    expect(stats.scanned).toBeGreaterThan(100);
    expect(stats.declined).toBeGreaterThan(100);
  });

  it('gives the reference outcome for damaged requests', () => {
    fc.assert(
      fc.property(fc.nat(), fc.option(fc.constantFrom('<', '>', '&', '"', "'", '/', '=', ':', ' ', '-', ']]>', '<!--', 'x'), { nil: undefined }), (at, insert) =>
        expectSameAsReference(mutate(request, at, insert)),
      ),
      { numRuns: 1500 },
    );
  });

  it('gives the reference outcome with other depth limits', () => {
    fc.assert(
      fc.property(fc.oneof(documentOf(false), documentOf(true)), fc.constantFrom(0, 1, 2, 3, 5), (text, maxDepth) => expectSameAsReference(text, { maxDepth })),
      { numRuns: 300 },
    );
  });
});
