import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isXRoadError } from '../faults/index.js';
import { clientId, serviceId } from '../identifiers/index.js';
import { buildRequest } from './envelope-builder.js';
import { parseSoapEnvelope } from './envelope.js';
import { decodeXmlText, parseXmlDocument, XmlSyntaxError } from './xml-tree.js';

const request = buildRequest({
  client: clientId('EE', 'BUSINESS', 'consumer'),
  service: serviceId(clientId('EE', 'BUSINESS', 'producer'), 'testQuery'),
  id: 'abc',
  userId: 'EE1',
  wrapper: { content: '<a x="1"><b>t&amp;u</b><![CDATA[<c/>]]><!-- z --></a>' },
});

describe('xml tree', () => {
  it('resolves namespaces and keeps elements below the depth limit raw', () => {
    const root = parseXmlDocument('<r xmlns="urn:d" xmlns:p="urn:p"><p:a q="&lt;" p:z="1"><b><c>x</c></b></p:a></r>', { maxDepth: 2 });
    const a = root.children[0];
    expect(a.namespaceUri).toBe('urn:p');
    expect(a.attribute(undefined, 'q')).toBe('<');
    expect(a.attribute('urn:p', 'z')).toBe('1');
    expect(a.truncated).toBe(true);
    expect(a.rawContent).toBe('<b><c>x</c></b>');
    expect(a.elements()[0].namespaceUri).toBe('urn:d');
    expect(root.namespaceUri).toBe('urn:d');
  });

  it('decodes references and refuses unknown or invalid ones', () => {
    expect(decodeXmlText('a&lt;&#65;&#x42;&quot;\r\nz')).toBe('a<AB"\nz');
    expect(decodeXmlText('a\tb\nc', true)).toBe('a b c');
    expect(() => decodeXmlText('&nbsp;')).toThrow(XmlSyntaxError);
    expect(() => decodeXmlText('&#0;')).toThrow(XmlSyntaxError);
    expect(() => decodeXmlText('&amp')).toThrow(XmlSyntaxError);
  });

  it('keeps the children of the shallow element raw, whatever its depth below', () => {
    const root = parseXmlDocument('<s:E xmlns:s="urn:s"><s:H><h><i>1</i></h></s:H><s:B><w a="1"><x>&amp;</x></w></s:B></s:E>', {
      maxDepth: 4,
      shallowChildOfRoot: 'B',
    });
    const [h, b] = root.children;
    expect(h.children[0].children[0].text).toBe('1');
    expect(b.children[0].truncated).toBe(true);
    expect(b.children[0].attribute(undefined, 'a')).toBe('1');
    expect(b.children[0].elements()[0].text).toBe('&');
  });

  it('refuses an unbound attribute prefix in the built part', () => {
    expect(() => parseXmlDocument('<r><a q:x="1"/></r>', { maxDepth: 3 })).toThrow(XmlSyntaxError);
  });
});

describe('robustness: bad input gives an XRoadError, never a crash or a hang', () => {
  it('survives random byte strings', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          parseSoapEnvelope(bytes);
        } catch (e) {
          expect(isXRoadError(e)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('survives random edits of a valid request', () => {
    fc.assert(
      fc.property(fc.nat(request.length - 1), fc.nat(20), fc.string({ maxLength: 8 }), (at, cut, insert) => {
        const mutated = request.slice(0, at) + insert + request.slice(at + cut);
        try {
          const m = parseSoapEnvelope(Buffer.from(mutated));
          expect(m.header).toBeDefined();
        } catch (e) {
          if (!isXRoadError(e)) throw e;
        }
      }),
      { numRuns: 1500 },
    );
  });
});

describe('speed (MESS parse of a ~10 kB request)', () => {
  it('stays well under a millisecond per message on average', () => {
    let content = '';
    while (content.length < 9500) content += `<item id="${content.length}"><name>foo &amp; bar</name><age>35</age><desc>lorem ipsum dolor</desc></item>\n`;
    const big = Buffer.from(
      buildRequest({
        client: clientId('EE', 'BUSINESS', 'consumer'),
        service: serviceId(clientId('EE', 'BUSINESS', 'producer'), 'testQuery'),
        id: 'abc',
        wrapper: { content },
      }),
    );
    for (let i = 0; i < 200; i++) parseSoapEnvelope(big);
    const n = 1000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) parseSoapEnvelope(big);
    const ms = (performance.now() - t0) / n;
    console.info(`[soap] parseSoapEnvelope: ${big.length} bytes in ${ms.toFixed(3)} ms`);
    // Generous bound so a loaded CI machine does not flake; the figure is printed above.
    expect(ms).toBeLessThan(5);
  });
});
