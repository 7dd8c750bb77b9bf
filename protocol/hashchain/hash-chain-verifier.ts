// Verifies a set of inputs against a HashChainResult, as X-Road's HashChainVerifier does:
// resolve the step the result points at, digest it, compare (`invalid_hash_chain`), then demand
// that every input was referenced (`hashchain_unused_inputs`). A DataRef given as an input digest
// with the same method is taken as is; otherwise its data is resolved, transformed and digested
// and must equal the DataRef's DigestValue (`invalid_hash_chain_ref`). Structure and step URI
// errors are `malformed_hash_chain`. Errors are unprefixed; a signature verifier prefixes them.
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { digest, hashForDigestMethod } from '../xml/dsig-algorithms.js';
import type { XmlInput } from '../xml/parse.js';
import { concatDigests, type DigestValue } from './digest-list.js';
import { readHashChain, readHashChainResult, type HashChainDocument, type HashStepValue } from './hash-chain-document.js';
import { applyTransforms } from './transforms.js';

export interface HashChainResolver {
  /** Bytes of a hash chain document or a data part, or undefined if it cannot be resolved. */
  resolve(uri: string): Uint8Array | undefined;
  /**
   * Whether a DataRef's data should be fetched and checked; when false its DigestValue is taken on
   * trust (ASiC containers: attachments are not in the container). Default: always.
   */
  shouldResolve?(uri: string, digestValue: Uint8Array): boolean;
}

/** Inputs by URI: a digest to use instead of the data, or null to resolve the data. */
export type HashChainInputs = ReadonlyMap<string, DigestValue | null>;

// Same caps as X-Road (HashChainVerifier MAX_DEPTH/MAX_STEPS/MAX_VALUES): legitimate chains are
// depth ceil(log2 N); the caps only stop crafted documents.
export const MAX_DEPTH = 64;
export const MAX_STEPS = 1024;
export const MAX_VALUES = 10_000;

function malformed(message: string): XRoadError {
  return new XRoadError(ErrorCodes.malformedHashChain, message);
}

function hashOf(method: string) {
  const h = hashForDigestMethod(method);
  if (!h) throw malformed(`Unknown digest method ${method}`);
  return h;
}

/**
 * Throws XRoadError with `invalid_hash_chain`, `invalid_hash_chain_ref`, `malformed_hash_chain`,
 * `hashchain_unused_inputs` or `invalid_reference`; returns normally when the chain holds.
 */
export function verifyHashChain(hashChainResultXml: XmlInput, resolver: HashChainResolver, inputs: HashChainInputs): void {
  new Verification(resolver, inputs).run(hashChainResultXml);
}

class Verification {
  private readonly chains = new Map<string, HashChainDocument>();
  private readonly resolvedSteps = new Map<string, Buffer>();
  private readonly activePath = new Set<string>();
  private readonly usedInputs = new Set<string>();
  private stepsResolved = 0;
  private valuesResolved = 0;

  constructor(private readonly resolver: HashChainResolver, private readonly inputs: HashChainInputs) {}

  run(resultXml: XmlInput): void {
    const result = readHashChainResult(resultXml);
    const stepData = this.resolveStep(result.uri, undefined);
    if (!result.digestMethod) throw malformed('HashChainResult has no DigestMethod');
    const calculated = digest(hashOf(result.digestMethod), stepData);
    if (!calculated.equals(result.digestValue)) {
      throw new XRoadError(ErrorCodes.invalidHashChain, 'Hash chain result does not match hash chain calculation');
    }
    const unused = [...this.inputs.keys()].filter((k) => !this.usedInputs.has(k));
    if (unused.length > 0) {
      throw new XRoadError(ErrorCodes.hashChainUnusedInputs, `Some inputs were not referenced by hash chain: ${unused.join(', ')}`);
    }
  }

  /** DER DigestList of the step `uri` names (relative URIs resolve against `currentBase`). */
  private resolveStep(uri: string, currentBase: string | undefined): Buffer {
    const hashAt = uri.indexOf('#');
    const base = hashAt < 0 ? uri : uri.slice(0, hashAt);
    const fragment = hashAt < 0 ? '' : uri.slice(hashAt + 1);
    if (!fragment) throw malformed(`Invalid hash step URI: ${uri}`);
    const chainUri = base !== '' ? base : currentBase;
    if (chainUri === undefined) throw malformed(`Invalid hash step URI: ${uri} (no hash chain to resolve it in)`);
    const fullUri = `${chainUri}#${fragment}`;
    const memo = this.resolvedSteps.get(fullUri);
    if (memo) return memo;
    if (this.activePath.has(fullUri)) throw malformed(`Cycle detected in hash chain at step: ${fullUri}`);
    if (this.activePath.size >= MAX_DEPTH) throw malformed(`Hash chain exceeds maximum depth of ${MAX_DEPTH}`);
    if (this.stepsResolved >= MAX_STEPS) throw malformed(`Hash chain exceeds maximum step count of ${MAX_STEPS}`);
    this.activePath.add(fullUri);
    this.stepsResolved++;
    try {
      const chain = this.chain(chainUri);
      const step = chain.steps.find((s) => s.id === fragment);
      if (!step) throw malformed(`Invalid hash step URI: ${uri}`);
      if (step.values.length > MAX_VALUES - this.valuesResolved) throw malformed(`Hash chain exceeds maximum value count of ${MAX_VALUES}`);
      this.valuesResolved += step.values.length;
      const digests = step.values.map((v) => this.resolveValue(v, chain, chainUri));
      const result = concatDigests(digests);
      this.resolvedSteps.set(fullUri, result);
      return result;
    } finally {
      this.activePath.delete(fullUri);
    }
  }

  private chain(uri: string): HashChainDocument {
    let chain = this.chains.get(uri);
    if (!chain) {
      const bytes = this.resolver.resolve(uri);
      if (!bytes) throw new XRoadError('invalid_reference', `Cannot resolve URI: ${uri}`);
      chain = readHashChain(bytes);
      this.chains.set(uri, chain);
    }
    return chain;
  }

  private methodOf(value: HashStepValue, chain: HashChainDocument): string {
    const method = value.digestMethod ?? chain.defaultDigestMethod;
    if (!method) throw malformed(`${value.kind} has no DigestMethod and the hash chain no DefaultDigestMethod`);
    hashOf(method);
    return method;
  }

  private resolveValue(value: HashStepValue, chain: HashChainDocument, chainUri: string): DigestValue {
    switch (value.kind) {
      case 'HashValue':
        return { method: this.methodOf(value, chain), value: value.digestValue };
      case 'StepRef': {
        const stepData = this.resolveStep(value.uri, chainUri);
        const method = this.methodOf(value, chain);
        return { method, value: digest(hashOf(method), stepData) };
      }
      case 'DataRef':
        return this.resolveDataRef(value, chain);
    }
  }

  private resolveDataRef(ref: Extract<HashStepValue, { kind: 'DataRef' }>, chain: HashChainDocument): DigestValue {
    if (this.inputs.has(ref.uri)) this.usedInputs.add(ref.uri);
    const method = this.methodOf(ref, chain);
    const input = this.inputs.get(ref.uri);
    if (input && input.method === method) return input;
    if (this.resolver.shouldResolve && !this.resolver.shouldResolve(ref.uri, ref.digestValue)) {
      return { method, value: ref.digestValue };
    }
    const data = this.resolver.resolve(ref.uri);
    if (!data) throw new XRoadError('invalid_reference', `Cannot resolve URI: ${ref.uri}`);
    const toDigest = ref.transforms ? applyTransforms(data, ref.transforms, ref.uri) : data;
    const calculated = digest(hashOf(method), toDigest);
    if (!calculated.equals(ref.digestValue)) {
      throw new XRoadError(ErrorCodes.invalidHashChainRef, `Invalid digest value in hash chain reference to ${ref.uri}`);
    }
    return { method, value: calculated };
  }
}

