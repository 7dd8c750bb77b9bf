// ds:Transforms on hash-chain DataRefs (hc-verifier3): X-Road runs them through Santuario on the
// resolved octets. We implement the transforms that make sense on a message part — the four
// canonicalisations and base64 — and reject others with `invalid_hash_chain_ref`, naming them.
import type { Element } from '@xmldom/xmldom';
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { c14nOptionsFor, canonicalize } from '../xml/c14n.js';
import { childElements } from '../xml/dom.js';
import { parseXml } from '../xml/parse.js';

export const BASE64_TRANSFORM = 'http://www.w3.org/2000/09/xmldsig#base64';
const NS_EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

export interface TransformSpec {
  algorithm: string;
  element?: Element;
}

/** PrefixList of an ec:InclusiveNamespaces child of an exclusive-c14n Transform. */
export function inclusivePrefixesOf(transform: Element | undefined): string[] | undefined {
  if (!transform) return undefined;
  const inc = childElements(transform).find((e) => e.namespaceURI === NS_EXC_C14N && e.localName === 'InclusiveNamespaces');
  const list = inc?.getAttribute('PrefixList');
  return list ? list.split(/\s+/).filter(Boolean) : undefined;
}

export function applyTransforms(data: Uint8Array, transforms: readonly TransformSpec[], uri: string, errorCode: string = ErrorCodes.invalidHashChainRef): Buffer {
  let current = Buffer.from(data);
  for (const t of transforms) {
    if (t.algorithm === BASE64_TRANSFORM) {
      current = Buffer.from(current.toString('latin1').replace(/\s/g, ''), 'base64');
      continue;
    }
    const options = c14nOptionsFor(t.algorithm);
    if (!options) throw new XRoadError(errorCode, `Unsupported transform ${t.algorithm} in reference to ${uri}`);
    let doc;
    try {
      doc = parseXml(current, uri);
    } catch (e) {
      throw new XRoadError(errorCode, `Transform ${t.algorithm} cannot parse ${uri}: ${(e as Error).message}`);
    }
    const inclusivePrefixes = options.exclusive ? inclusivePrefixesOf(t.element) : undefined;
    current = Buffer.from(canonicalize(doc, { ...options, inclusivePrefixes }), 'utf8');
  }
  return current;
}
