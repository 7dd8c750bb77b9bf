// Builds X-Road hash chains (SIG-006..008, BATCH-TS): inputs become leaves of a binary Merkle tree
// laid over the next power of two; a subtree whose right half is empty takes the value of its left
// half ("orphans promoted"); a multi-part input (message + attachments) is one leaf, the step
// digest of its parts. The XML mirrors X-Road's JAXB output byte for byte (hash-chain-1.xml,
// hash-chain-2.xml, hash-chain-result.xml are reproduced by the tests).
import { escapeXmlAttr } from '../xml/dom.js';
import { digestMethodFor, type HashName } from '../xml/dsig-algorithms.js';
import { NS_DS, NS_HASHCHAIN } from '../xml/namespaces.js';
import { digestHashStep } from './digest-list.js';
import { attachment } from './message-file-names.js';

export interface HashChainBuild {
  readonly digestMethod: string;
  /** Top of the Merkle tree: the digest the HashChainResult carries, i.e. what is signed or time-stamped. */
  readonly treeTop: Buffer;
  /** The HashChainResult document, pointing at `${hashChainFileName}#STEP0`. */
  hashChainResultXml(hashChainFileName: string): string;
  /** One HashChain document per input, in input order; DataRefs to the message use `dataFileName`. */
  hashChainXmls(dataFileName: string): string[];
}

type Value =
  | { kind: 'HashValue'; digest: Buffer }
  | { kind: 'StepRef'; step: number }
  | { kind: 'DataRef'; uri: string | null; digest: Buffer };

const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * @param inputs one entry per message: `[digest]` for a single part, or
 *               `[messageDigest, attachment1Digest, ...]` for a multi-part message
 * @param hash   the digest algorithm of the input digests and of the tree (X-Road default SHA-512)
 */
export function buildHashChains(inputs: ReadonlyArray<readonly Uint8Array[]>, hash: HashName = 'sha512'): HashChainBuild {
  if (inputs.length === 0) throw new RangeError('A hash chain needs at least one input');
  if (inputs.some((parts) => parts.length === 0)) throw new RangeError('Every hash chain input needs at least one part digest');
  const method = digestMethodFor(hash);
  const n = inputs.length;
  const isMultipart = (i: number) => inputs[i].length > 1;
  const leaves = inputs.map((parts) => (parts.length === 1 ? Buffer.from(parts[0]) : digestHashStep(method, parts)));
  let width = 1;
  while (width < n) width *= 2;

  const memo = new Map<string, Buffer | null>();
  const value = (lo: number, hi: number): Buffer | null => {
    if (lo >= n) return null;
    if (hi - lo === 1) return leaves[lo];
    const key = `${lo}:${hi}`;
    if (memo.has(key)) return memo.get(key)!;
    const mid = (lo + hi) / 2;
    const left = value(lo, mid)!;
    const right = value(mid, hi);
    const v = right === null ? left : digestHashStep(method, [left, right]);
    memo.set(key, v);
    return v;
  };
  /** Shrinks a range whose right half is empty to its left half, as far as that goes. */
  const collapse = (lo: number, hi: number): [number, number] => {
    while (hi - lo > 1 && value((lo + hi) / 2, hi) === null) hi = (lo + hi) / 2;
    return [lo, hi];
  };
  const treeTop = value(0, width)!;
  const requireChain = () => {
    if (n === 1 && !isMultipart(0)) throw new RangeError('Hash chains cannot be constructed for a single input without attachments');
  };

  const chainSteps = (item: number): Value[][] => {
    const steps: Value[][] = [];
    let [lo, hi] = collapse(0, width);
    while (hi - lo > 1) {
      const mid = (lo + hi) / 2;
      const mine: [number, number] = item < mid ? collapse(lo, mid) : collapse(mid, hi);
      const other = item < mid ? value(mid, hi)! : value(lo, mid)!;
      const myValue: Value = mine[1] - mine[0] === 1 && !isMultipart(item)
        ? { kind: 'DataRef', uri: null, digest: leaves[item] }
        : { kind: 'StepRef', step: steps.length + 1 };
      const otherValue: Value = { kind: 'HashValue', digest: other };
      steps.push(item < mid ? [myValue, otherValue] : [otherValue, myValue]);
      [lo, hi] = mine;
    }
    if (isMultipart(item)) {
      steps.push(inputs[item].map((d, j) => ({ kind: 'DataRef', uri: j === 0 ? null : attachment(j), digest: Buffer.from(d) })));
    }
    return steps;
  };

  return {
    digestMethod: method,
    treeTop,
    hashChainResultXml(hashChainFileName: string): string {
      requireChain();
      return XML_DECL +
        `<ns2:HashChainResult URI="${escapeXmlAttr(hashChainFileName + '#STEP0')}" xmlns="${NS_DS}" xmlns:ns2="${NS_HASHCHAIN}">\n` +
        `    <DigestMethod Algorithm="${method}"/>\n` +
        `    <DigestValue>${treeTop.toString('base64')}</DigestValue>\n` +
        '</ns2:HashChainResult>\n';
    },
    hashChainXmls(dataFileName: string): string[] {
      requireChain();
      return inputs.map((_, i) => hashChainXml(method, chainSteps(i), dataFileName));
    },
  };
}

function hashChainXml(method: string, steps: Value[][], dataFileName: string): string {
  const lines = [`<ns2:HashChain xmlns="${NS_DS}" xmlns:ns2="${NS_HASHCHAIN}">`, `    <ns2:DefaultDigestMethod Algorithm="${method}"/>`];
  steps.forEach((values, i) => {
    lines.push(`    <ns2:HashStep id="STEP${i}">`);
    for (const v of values) {
      if (v.kind === 'StepRef') {
        lines.push(`        <ns2:StepRef URI="#STEP${v.step}"/>`);
      } else if (v.kind === 'HashValue') {
        lines.push('        <ns2:HashValue>', `            <DigestValue>${v.digest.toString('base64')}</DigestValue>`, '        </ns2:HashValue>');
      } else {
        lines.push(`        <ns2:DataRef URI="${escapeXmlAttr(v.uri ?? dataFileName)}">`,
          `            <DigestValue>${v.digest.toString('base64')}</DigestValue>`, '        </ns2:DataRef>');
      }
    }
    lines.push('    </ns2:HashStep>');
  });
  lines.push('</ns2:HashChain>');
  return XML_DECL + lines.join('\n') + '\n';
}
