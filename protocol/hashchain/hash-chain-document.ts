// Reads HashChain and HashChainResult documents (ns http://cyber.ee/hashchain, SIG-007) into typed
// values, enforcing what X-Road's hashchain.xsd enforces (JAXB unmarshalling with the schema on):
// element order, required attributes, no stray elements or attributes, unique step ids, base64
// digests. Any violation is `malformed_hash_chain` (hc-verifier5-hashchain-invalid-schema.xml).
import type { Element } from '@xmldom/xmldom';
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { childElements, decodeBase64, isNamed, textOf } from '../xml/dom.js';
import { NS_DS, NS_HASHCHAIN, NS_XMLNS } from '../xml/namespaces.js';
import { parseXml, type XmlInput } from '../xml/parse.js';

export interface Transform {
  algorithm: string;
  /** The ds:Transform element, for algorithm parameters (InclusiveNamespaces). */
  element: Element;
}

export type HashStepValue =
  | { kind: 'HashValue'; digestMethod?: string; transforms?: Transform[]; digestValue: Buffer }
  | { kind: 'StepRef'; digestMethod?: string; uri: string }
  | { kind: 'DataRef'; digestMethod?: string; transforms?: Transform[]; uri: string; digestValue: Buffer };

export interface HashStep {
  id?: string;
  values: HashStepValue[];
}

export interface HashChainDocument {
  defaultDigestMethod?: string;
  steps: HashStep[];
}

export interface HashChainResultDocument {
  uri: string;
  digestMethod?: string;
  digestValue: Buffer;
}

function malformed(message: string): XRoadError {
  return new XRoadError(ErrorCodes.malformedHashChain, `Parsing hash chain failed: ${message}`);
}

const NCNAME = /^[A-Za-z_][\w.-]*$/u;

function checkAttributes(el: Element, allowed: readonly string[], required: readonly string[] = []): void {
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    if (a.namespaceURI === NS_XMLNS) continue;
    if (a.namespaceURI || !allowed.includes(a.name)) throw malformed(`attribute ${a.name} is not allowed on ${el.localName}`);
  }
  for (const r of required) if (!el.hasAttribute(r)) throw malformed(`${el.localName} lacks attribute ${r}`);
}

function checkNoText(el: Element): void {
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if ((c.nodeType === 3 || c.nodeType === 4) && (c.textContent ?? '').trim() !== '') throw malformed(`${el.localName} has text content`);
  }
}

/** Reads the element sequence of `el` against an ordered list of [ns, name, min, max] particles. */
function sequence(el: Element, particles: ReadonlyArray<[string, string, number, number]>): Element[][] {
  checkNoText(el);
  const kids = childElements(el);
  const out: Element[][] = particles.map(() => []);
  let k = 0;
  particles.forEach(([ns, name, min, max], p) => {
    while (k < kids.length && isNamed(kids[k], ns, name) && out[p].length < max) out[p].push(kids[k++]);
    if (out[p].length < min) throw malformed(`${el.localName} lacks ${name}`);
  });
  if (k < kids.length) throw malformed(`element ${kids[k].localName} is not expected in ${el.localName}`);
  return out;
}

function digestMethodOf(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  checkAttributes(el, ['Algorithm'], ['Algorithm']);
  return el.getAttribute('Algorithm')!;
}

function transformsOf(el: Element | undefined): Transform[] | undefined {
  if (!el) return undefined;
  checkAttributes(el, []);
  const [transforms] = sequence(el, [[NS_DS, 'Transform', 1, Infinity]]);
  return transforms.map((t) => {
    checkAttributes(t, ['Algorithm'], ['Algorithm']);
    return { algorithm: t.getAttribute('Algorithm')!, element: t };
  });
}

function digestValueOf(el: Element): Buffer {
  checkAttributes(el, []);
  for (const c of childElements(el)) throw malformed(`element ${c.localName} is not expected in DigestValue`);
  return decodeBase64(textOf(el), 'DigestValue', ErrorCodes.malformedHashChain);
}

function readValue(el: Element): HashStepValue {
  const name = el.localName;
  if (name === 'StepRef') {
    checkAttributes(el, ['URI'], ['URI']);
    const [dm] = sequence(el, [[NS_DS, 'DigestMethod', 0, 1]]);
    return { kind: 'StepRef', digestMethod: digestMethodOf(dm[0]), uri: el.getAttribute('URI')! };
  }
  const isDataRef = name === 'DataRef';
  checkAttributes(el, isDataRef ? ['URI'] : [], isDataRef ? ['URI'] : []);
  const [dm, tr, dv] = sequence(el, [[NS_DS, 'DigestMethod', 0, 1], [NS_DS, 'Transforms', 0, 1], [NS_DS, 'DigestValue', 1, 1]]);
  const common = { digestMethod: digestMethodOf(dm[0]), transforms: transformsOf(tr[0]), digestValue: digestValueOf(dv[0]) };
  return isDataRef ? { kind: 'DataRef', uri: el.getAttribute('URI')!, ...common } : { kind: 'HashValue', ...common };
}

function rootOf(xml: XmlInput, localName: string): Element {
  let root: Element;
  try {
    root = parseXml(xml, localName).documentElement!;
  } catch (e) {
    throw malformed((e as Error).message);
  }
  if (!isNamed(root, NS_HASHCHAIN, localName)) throw malformed(`expected root element ${localName}, found ${root.localName}`);
  return root;
}

export function readHashChain(xml: XmlInput): HashChainDocument {
  const root = rootOf(xml, 'HashChain');
  checkAttributes(root, []);
  const [dm, stepEls] = sequence(root, [[NS_HASHCHAIN, 'DefaultDigestMethod', 0, 1], [NS_HASHCHAIN, 'HashStep', 0, Infinity]]);
  const ids = new Set<string>();
  const steps = stepEls.map((s): HashStep => {
    checkAttributes(s, ['id']);
    checkNoText(s);
    const id = s.hasAttribute('id') ? s.getAttribute('id')! : undefined;
    if (id !== undefined) {
      if (!NCNAME.test(id)) throw malformed(`step id ${id} is not an NCName`);
      if (ids.has(id)) throw malformed(`duplicate step id ${id}`);
      ids.add(id);
    }
    const values = childElements(s).map((v) => {
      if (v.namespaceURI !== NS_HASHCHAIN || !['HashValue', 'StepRef', 'DataRef'].includes(v.localName ?? '')) {
        throw malformed(`element ${v.localName} is not expected in HashStep`);
      }
      return readValue(v);
    });
    return { id, values };
  });
  return { defaultDigestMethod: digestMethodOf(dm[0]), steps };
}

export function readHashChainResult(xml: XmlInput): HashChainResultDocument {
  const root = rootOf(xml, 'HashChainResult');
  checkAttributes(root, ['URI'], ['URI']);
  const [dm, dv] = sequence(root, [[NS_DS, 'DigestMethod', 0, 1], [NS_DS, 'DigestValue', 1, 1]]);
  return { uri: root.getAttribute('URI')!, digestMethod: digestMethodOf(dm[0]), digestValue: digestValueOf(dv[0]) };
}
