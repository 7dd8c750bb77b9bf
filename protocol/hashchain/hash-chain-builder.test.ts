import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeWithVectors, readVector } from '../test-support/vectors.js';
import { DigestMethods, type HashName } from '../xml/dsig-algorithms.js';
import { concatDigests, digestHashStep } from './digest-list.js';
import { buildHashChains } from './hash-chain-builder.js';
import { readHashChain, readHashChainResult } from './hash-chain-document.js';
import { verifyHashChain, type HashChainInputs } from './hash-chain-verifier.js';
import { codeOf as errorCode } from '../signature/testing/codes.js';
import { attachment, MESSAGE, SIG_HASH_CHAIN } from './message-file-names.js';

const h = (alg: HashName, b: Uint8Array) => createHash(alg).update(b).digest();

describe('DigestList encoding (SIG-008)', () => {
  it('is DER SEQUENCE OF SEQUENCE { OCTET STRING, UTF8String, SEQUENCE {} }', () => {
    const der = concatDigests([{ method: 'urn:x', value: Buffer.from([0xab]) }]);
    expect(der.toString('hex')).toBe('300e' + '300c' + '0401ab' + '0c05' + Buffer.from('urn:x').toString('hex') + '3000');
  });

  it('uses long-form lengths past 127 bytes', () => {
    const der = concatDigests([{ method: DigestMethods.sha512, value: Buffer.alloc(64) }, { method: DigestMethods.sha512, value: Buffer.alloc(64) }]);
    expect(der[0]).toBe(0x30);
    expect(der[1]).toBe(0x81); // one length byte follows
    expect(der[2]).toBe(der.length - 3);
  });
});

describeWithVectors('hash chain builder reproduces X-Road output byte for byte', () => {
  const g = (n: string) => readVector('signatures', 'globalconf-impl', n);

  it('single multi-part input: hash-chain-1.xml and hash-chain-result.xml', () => {
    const chain = readHashChain(g('hash-chain-1.xml'));
    const parts = chain.steps[0].values.map((v) => (v.kind === 'DataRef' ? v.digestValue : Buffer.alloc(0)));
    expect(parts[0]).toEqual(h('sha512', g('message-1.xml')));
    expect(parts[1]).toEqual(h('sha512', Buffer.from('blaah')));
    const build = buildHashChains([parts], 'sha512');
    expect(build.hashChainXmls(MESSAGE)).toEqual([g('hash-chain-1.xml').toString('utf8')]);
    expect(build.hashChainResultXml(SIG_HASH_CHAIN)).toBe(g('hash-chain-result.xml').toString('utf8'));
  });

  it('three single-part inputs (orphan promoted): hash-chain-2.xml is the chain of input 0', () => {
    const d = readHashChain(g('hash-chain-2.xml')).steps[1].values[0];
    const digest = d.kind === 'DataRef' ? d.digestValue : Buffer.alloc(0);
    const build = buildHashChains([[digest], [digest], [digest]], 'sha512');
    expect(build.hashChainXmls(MESSAGE)[0]).toBe(g('hash-chain-2.xml').toString('utf8'));
  });
});

describe('hash chain builder: tree shape', () => {
  it('promotes orphans: 3 inputs give root = H(H(a,b), c)', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((s) => h('sha256', Buffer.from(s)));
    const build = buildHashChains([[a], [b], [c]], 'sha256');
    expect(build.treeTop).toEqual(digestHashStep(DigestMethods.sha256, [digestHashStep(DigestMethods.sha256, [a, b]), c]));
  });

  it('refuses what X-Road refuses: no inputs, or one input without attachments', () => {
    expect(() => buildHashChains([])).toThrow(RangeError);
    const single = buildHashChains([[h('sha512', Buffer.from('x'))]]);
    expect(() => single.hashChainResultXml(SIG_HASH_CHAIN)).toThrow(RangeError);
    expect(() => single.hashChainXmls(MESSAGE)).toThrow(RangeError);
  });
});

// Round trip: every chain the builder makes verifies; any change to a part, a digest or the
// documents fails with the code X-Road would give.
const message = fc.uint8Array({ minLength: 0, maxLength: 64 });
const batch = fc.array(fc.array(message, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 19 })
  .filter((inputs) => !(inputs.length === 1 && inputs[0].length === 1));
const hashName = fc.constantFrom<HashName>('sha256', 'sha384', 'sha512');

interface Built { chains: string[]; result: string; hash: HashName; inputs: Uint8Array[][] }

function build(inputs: Uint8Array[][], hash: HashName): Built {
  const b = buildHashChains(inputs.map((parts) => parts.map((p) => h(hash, p))), hash);
  return { chains: b.hashChainXmls(MESSAGE), result: b.hashChainResultXml(SIG_HASH_CHAIN), hash, inputs };
}

function partName(j: number): string {
  return j === 0 ? MESSAGE : attachment(j);
}

/** Verifies input i with its data resolved (detached) or its digests given (attached). */
function verifyInput(b: Built, i: number, mode: 'detached' | 'attached', parts = b.inputs[i], chain: Uint8Array | string = b.chains[i], result: Uint8Array | string = b.result): string {
  const files: Record<string, Uint8Array | string> = { [SIG_HASH_CHAIN]: chain };
  const inputs = new Map<string, { method: string; value: Uint8Array } | null>();
  parts.forEach((p, j) => {
    files[partName(j)] = p;
    inputs.set(partName(j), mode === 'attached' ? { method: DigestMethods[b.hash], value: h(b.hash, p) } : null);
  });
  return errorCode(() => verifyHashChain(result, { resolve: (uri) => (uri in files ? Buffer.from(files[uri]) : undefined) }, inputs as HashChainInputs));
}

describe('hash chain round trip (fast-check)', () => {
  it('every chain of every batch verifies, detached and attached', () => {
    fc.assert(fc.property(batch, hashName, (inputs, hash) => {
      const b = build(inputs, hash);
      for (let i = 0; i < inputs.length; i++) {
        expect(verifyInput(b, i, 'detached')).toBe('ok');
        expect(verifyInput(b, i, 'attached')).toBe('ok');
      }
    }), { numRuns: 150 });
  });

  it('a flipped byte in a part fails: invalid_hash_chain_ref when resolved, invalid_hash_chain when its digest is given', () => {
    fc.assert(fc.property(batch, hashName, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), (inputs, hash, which, at, xor) => {
      const b = build(inputs, hash);
      const i = which % inputs.length;
      const j = Math.floor(which / inputs.length) % inputs[i].length;
      const parts = inputs[i].map((p) => Uint8Array.from(p));
      if (parts[j].length === 0) parts[j] = Uint8Array.of(xor);
      else parts[j][at % parts[j].length] ^= xor;
      expect(verifyInput(b, i, 'detached', parts)).toBe('invalid_hash_chain_ref');
      expect(verifyInput(b, i, 'attached', parts)).toBe('invalid_hash_chain');
    }), { numRuns: 150 });
  });

  it('a flipped byte in a digest of the chain or the result fails with the code of that digest', () => {
    fc.assert(fc.property(batch, hashName, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), (inputs, hash, which, at, xor) => {
      const b = build(inputs, hash);
      const i = which % inputs.length;
      const digestsIn = (xml: string) => [...xml.matchAll(/<DigestValue>([^<]+)<\/DigestValue>/g)];
      const targets = [...digestsIn(b.chains[i]).map((m) => ({ doc: 'chain' as const, m })), ...digestsIn(b.result).map((m) => ({ doc: 'result' as const, m }))];
      const t = targets[at % targets.length];
      const bytes = Buffer.from(t.m[1], 'base64');
      bytes[Math.floor(at / targets.length) % bytes.length] ^= xor;
      const source = t.doc === 'chain' ? b.chains[i] : b.result;
      const flipped = source.slice(0, t.m.index) + `<DigestValue>${bytes.toString('base64')}</DigestValue>` + source.slice(t.m.index! + t.m[0].length);
      const chain = t.doc === 'chain' ? flipped : b.chains[i];
      const result = t.doc === 'result' ? flipped : b.result;
      const isDataRef = t.doc === 'chain' && /<ns2:DataRef[^>]*>\s*$/.test(source.slice(0, t.m.index));
      // A DataRef digest is checked against the data when resolved; when the caller supplies the
      // input digest X-Road uses that and never looks at the DataRef's value (hence 'ok').
      expect(verifyInput(b, i, 'detached', inputs[i], chain, result)).toBe(isDataRef ? 'invalid_hash_chain_ref' : 'invalid_hash_chain');
      expect(verifyInput(b, i, 'attached', inputs[i], chain, result)).toBe(isDataRef ? 'ok' : 'invalid_hash_chain');
    }), { numRuns: 200 });
  });

  it('any byte flip in the XML of the chain or result is rejected, unless it leaves the documents meaning the same', () => {
    const codes = new Set(['malformed_hash_chain', 'invalid_hash_chain', 'invalid_hash_chain_ref', 'invalid_reference', 'hashchain_unused_inputs']);
    fc.assert(fc.property(batch, hashName, fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 255 }), (inputs, hash, inResult, at, xor) => {
      const b = build(inputs, hash);
      const source = Buffer.from(inResult ? b.result : b.chains[0]);
      source[at % source.length] ^= xor;
      const code = verifyInput(b, 0, 'detached', inputs[0], inResult ? b.chains[0] : source, inResult ? source : b.result);
      if (code === 'ok') {
        // only a flip that does not change what the document says may pass (unused base64 bits,
        // a renamed XML declaration that becomes a processing instruction)
        const read = inResult ? readHashChainResult : readHashChain;
        const original = inResult ? b.result : b.chains[0];
        expect(JSON.stringify(read(source), skipElements)).toBe(JSON.stringify(read(original), skipElements));
      } else {
        expect(codes.has(code), code).toBe(true);
      }
    }), { numRuns: 300 });
  });
});

function skipElements(key: string, value: unknown): unknown {
  return key === 'element' ? undefined : value;
}
