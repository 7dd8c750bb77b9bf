// Dereferencing and checking ds:References the way X-Road's verifier (Santuario plus X-Road's
// resolvers) does: `#id` is the first element with that unqualified Id (IdResolver), canonicalised
// without comments unless a Transform says otherwise; `/message.xml`, `/sig-hashchainresult.xml`
// and `/attachmentN` come from the caller as bytes or as a ready digest. A ready digest is compared
// with DigestValue as is, whatever DigestMethod says (XMLSignatureDigestInput; corrections.md §1:
// "An attachment reference is compared with the SHA-512 of the ASiC entry").
import type { Element } from '@xmldom/xmldom';
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { applyTransforms, inclusivePrefixesOf, type TransformSpec } from '../hashchain/transforms.js';
import { c14nOptionsFor, canonicalize, C14N_10 } from '../xml/c14n.js';
import { getElementById, type ElementLookup } from '../xml/dom.js';
import { digest, hashForDigestMethod } from '../xml/dsig-algorithms.js';
import type { SignatureDocument, SignatureReference } from './signature-document.js';

export type ResolvedReference = { data: Uint8Array } | { digest: Uint8Array };

/** Resolves a non-fragment reference URI, or returns undefined when it cannot. */
export type ReferenceResolver = (uri: string) => ResolvedReference | undefined;

function malformed(message: string): XRoadError {
  return new XRoadError(ErrorCodes.malformedSignature, message);
}

/** Canonical octets of `el` in its document, by a CanonicalizationMethod/Transform algorithm URI. */
export function canonicalizeElement(el: Element, algorithm: string, transformElement?: Element): Buffer {
  const options = c14nOptionsFor(algorithm);
  if (!options) throw malformed(`Unsupported canonicalization algorithm ${algorithm}`);
  const inclusivePrefixes = options.exclusive ? inclusivePrefixesOf(transformElement) : undefined;
  return Buffer.from(canonicalize(el, { ...options, inclusivePrefixes }), 'utf8');
}

/** The octets the SignatureValue is computed over. */
export function canonicalSignedInfo(doc: SignatureDocument): Buffer {
  const options = c14nOptionsFor(doc.canonicalizationMethod);
  if (!options) throw malformed(`Unsupported canonicalization algorithm ${doc.canonicalizationMethod}`);
  return Buffer.from(canonicalize(doc.signedInfo, { ...options, inclusivePrefixes: doc.canonicalizationPrefixes }), 'utf8');
}

function nodeSetOctets(el: Element, transforms: readonly TransformSpec[], uri: string): Buffer {
  if (transforms.length === 0) return canonicalizeElement(el, C14N_10);
  const [first, ...rest] = transforms;
  if (!c14nOptionsFor(first.algorithm)) throw malformed(`Unsupported transform ${first.algorithm} in reference to ${uri}`);
  const octets = canonicalizeElement(el, first.algorithm, first.element);
  return rest.length === 0 ? octets : applyTransforms(octets, rest, uri, ErrorCodes.malformedSignature);
}

/** The digest a reference resolves to, or undefined if the URI cannot be resolved. */
export function referenceDigest(doc: SignatureDocument, ref: SignatureReference, resolve: ReferenceResolver, byId?: ElementLookup): Buffer | undefined {
  const uri = ref.uri ?? '';
  const hash = hashForDigestMethod(ref.digestMethod);
  if (!hash) throw malformed(`Unknown digest method ${ref.digestMethod} in reference to ${uri}`);
  if (uri.startsWith('#')) {
    const el = byId ? byId(uri) : getElementById(doc.document, uri);
    return el ? digest(hash, nodeSetOctets(el, ref.transforms, uri)) : undefined;
  }
  const resolved = resolve(uri);
  if (!resolved) return undefined;
  if ('digest' in resolved) return Buffer.from(resolved.digest);
  const octets = ref.transforms.length > 0 ? applyTransforms(resolved.data, ref.transforms, uri, ErrorCodes.malformedSignature) : resolved.data;
  return digest(hash, octets);
}

export interface ReferenceCheck {
  reference: SignatureReference;
  /** 'mismatch': digest differs; 'unresolved': the URI could not be dereferenced. */
  problem?: 'mismatch' | 'unresolved';
}

/**
 * Checks all references. Santuario records a digest mismatch and goes on, but throws on a
 * reference it cannot dereference, so an unresolvable reference wins over a mismatch.
 */
export function checkReferences(
  doc: SignatureDocument, references: readonly SignatureReference[], resolve: ReferenceResolver, byId?: ElementLookup,
): ReferenceCheck | undefined {
  let mismatch: ReferenceCheck | undefined;
  for (const reference of references) {
    const d = referenceDigest(doc, reference, resolve, byId);
    if (!d) return { reference, problem: 'unresolved' };
    if (!mismatch && !d.equals(reference.digestValue)) mismatch = { reference, problem: 'mismatch' };
  }
  return mismatch;
}
