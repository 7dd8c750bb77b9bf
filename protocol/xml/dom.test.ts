// The fast DOM helpers (link-walking traversal, one-walk Id index, base64 without a stripped copy)
// against straightforward reference versions, on generated documents and generated base64 text.
import type { Element, Node } from '@xmldom/xmldom';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeOf } from '../test-support/fault-code.js';
import { decodeBase64, decodeBase64Stripped, elementIdIndex, firstElementByTagName, getElementById, walkElements } from './dom.js';
import { parseXml } from './parse.js';
import { genDoc, serialize } from './testing/random-xml.js';

/** Document-order elements by plain recursion: the reference traversal. */
function elementsByRecursion(n: Node, out: Element[] = []): Element[] {
  if (n.nodeType === 1) out.push(n as Element);
  for (let c = n.firstChild; c; c = c.nextSibling) elementsByRecursion(c, out);
  return out;
}

function visited(root: Node): Element[] {
  const out: Element[] = [];
  walkElements(root, (e) => out.push(e));
  return out;
}

const outcome = (f: () => Buffer): string => {
  try {
    return f().toString('hex');
  } catch (e) {
    return `error ${codeOf(() => { throw e; })}`;
  }
};

describe('tree walks', () => {
  it('walkElements visits what recursion visits, in the same order, from the document and from any element', () => {
    fc.assert(fc.property(genDoc, (g) => {
      const doc = parseXml(serialize(g));
      const all = elementsByRecursion(doc);
      expect(visited(doc)).toEqual(all);
      const sub = all[g.target % all.length];
      expect(visited(sub)).toEqual(elementsByRecursion(sub));
    }), { numRuns: 300 });
  });

  it('Id index and getElementById agree with a linear search (first in document order wins)', () => {
    const doc = parseXml('<r><a Id="x"/><b><c Id="y"/><d Id="x"/></b><e p:Id="z" xmlns:p="urn:p"/><f Id=""/></r>');
    const byId = elementIdIndex(doc);
    const linear = (id: string) => elementsByRecursion(doc).find((e) => e.hasAttribute('Id') && e.getAttribute('Id') === id.replace(/^#/, ''));
    for (const id of ['x', '#x', 'y', '#y', 'z', '', '#', 'missing']) {
      expect(byId(id)).toBe(linear(id));
      expect(getElementById(doc, id)).toBe(linear(id));
    }
    expect(byId('#x')!.nodeName).toBe('a');
    expect(byId('z')).toBeUndefined();
    expect(byId('')!.nodeName).toBe('f');
  });

  it('firstElementByTagName finds the first by qualified name, also below a non-matching subtree', () => {
    const doc = parseXml('<r xmlns:ds="urn:d"><x><ds:Object n="1"/></x><ds:Object n="2"/><Object/></r>');
    expect(firstElementByTagName(doc, 'ds:Object')!.getAttribute('n')).toBe('1');
    expect(firstElementByTagName(doc, 'Object')!.nodeName).toBe('Object');
    expect(firstElementByTagName(doc, 'ds:Signature')).toBeUndefined();
  });
});

describe('decodeBase64', () => {
  it('gives the same bytes or the same error as strip-then-decode, for any mix of alphabet, padding and whitespace', () => {
    const chars = fc.constantFrom(...'AQgw+/=*-\t\n\r \u00a0\u2028'.split(''));
    fc.assert(fc.property(fc.array(chars, { maxLength: 24 }), (cs) => {
      const text = cs.join('');
      expect(outcome(() => decodeBase64(text, 'v'))).toBe(outcome(() => decodeBase64Stripped(text, 'v')));
    }), { numRuns: 20000 });
  });

  it('decodes Java line-broken certificates on the fast path and still rejects a bad length or junk', () => {
    const der = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 37) & 0xff));
    const lines = der.toString('base64').match(/.{1,76}/g)!.join('\r\n');
    expect(decodeBase64(`\n${lines}\n`, 'v')).toEqual(der);
    expect(codeOf(() => decodeBase64(`${lines}A`, 'v'))).toBe('malformed_signature');
    expect(codeOf(() => decodeBase64(`${lines}\r\n=A`, 'v'))).toBe('malformed_signature');
    expect(codeOf(() => decodeBase64('AAAA===', 'v', 'malformed_hash_chain'))).toBe('malformed_hash_chain');
  });
});
