import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { faultCodeEndsWith, faultCodesEqual } from '../faults/index.js';
import { codeOf as errorCode } from '../signature/testing/codes.js';
import { describeWithVectors, readVector } from '../test-support/vectors.js';
import { DigestMethods } from '../xml/dsig-algorithms.js';
import { verifyHashChain, type HashChainInputs, type HashChainResolver } from './hash-chain-verifier.js';

const hc = (name: string) => readVector('hashchain', 'hc-verifier', name);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest();
const SHA256 = DigestMethods.sha256;

function resolver(map: Record<string, Uint8Array | string>, shouldResolve?: (uri: string) => boolean): HashChainResolver {
  return {
    resolve: (uri) => (uri in map ? Buffer.from(map[uri]) : undefined),
    shouldResolve: shouldResolve ? (uri) => shouldResolve(uri) : undefined,
  };
}

describeWithVectors('hash chain verification: X-Road hc-verifier vectors (CATALOG "Hash chains")', () => {
  const chain1 = { '/hashchain.xml': hc('hc-verifier1-hashchain.xml') };

  it('hc-verifier1, input detached (resolved): valid', () => {
    const inputs: HashChainInputs = new Map([['/message.xml', null]]);
    expect(errorCode(() => verifyHashChain(hc('hc-verifier1-hashchainresult.xml'), resolver({ ...chain1, '/message.xml': hc('hc-verifier1-message.xml') }), inputs))).toBe('ok');
  });

  it('hc-verifier1, input attached (SHA-256 digest supplied): valid', () => {
    const inputs: HashChainInputs = new Map([['/message.xml', { method: SHA256, value: sha256(hc('hc-verifier1-message.xml')) }]]);
    expect(errorCode(() => verifyHashChain(hc('hc-verifier1-hashchainresult.xml'), resolver(chain1), inputs))).toBe('ok');
  });

  it('hc-verifier1 + extra inputs /unused1, /unused2: hashchain_unused_inputs', () => {
    const inputs: HashChainInputs = new Map([['/message.xml', { method: SHA256, value: sha256(hc('hc-verifier1-message.xml')) }], ['/unused1', null], ['/unused2', null]]);
    const code = errorCode(() => verifyHashChain(hc('hc-verifier1-hashchainresult.xml'), resolver(chain1), inputs));
    expect(faultCodeEndsWith(code, 'HashChainUnusedInputs')).toBe(true);
    expect(code).toBe('hashchain_unused_inputs');
  });

  it('hc-verifier1 with /message.xml digest = SHA-256(hashchain.xml): invalid_hash_chain', () => {
    const inputs: HashChainInputs = new Map([['/message.xml', { method: SHA256, value: sha256(hc('hc-verifier1-hashchain.xml')) }]]);
    const code = errorCode(() => verifyHashChain(hc('hc-verifier1-hashchainresult.xml'), resolver(chain1), inputs));
    expect(faultCodesEqual(code, 'InvalidHashChain')).toBe(true);
  });

  it('hc-verifier2: message + 3 attachments given as raw digests: valid; also with attachments unresolvable', () => {
    const chain2 = { '/hashchain.xml': hc('hc-verifier2-hashchain.xml') };
    const d = (b: number) => ({ method: SHA256, value: Buffer.from([b]) });
    const all: HashChainInputs = new Map([['/message.xml', d(11)], ['/attachment1', d(12)], ['/attachment2', d(13)], ['/attachment3', d(14)]]);
    expect(errorCode(() => verifyHashChain(hc('hc-verifier2-hashchainresult.xml'), resolver(chain2), all))).toBe('ok');
    const onlyMessage: HashChainInputs = new Map([['/message.xml', d(11)]]);
    const noAttachments = resolver(chain2, (uri) => !/^\/attachment[123]$/.test(uri));
    expect(errorCode(() => verifyHashChain(hc('hc-verifier2-hashchainresult.xml'), noAttachments, onlyMessage))).toBe('ok');
    // a wrong attachment digest changes the tree: the result no longer matches
    const wrong: HashChainInputs = new Map([...all, ['/attachment2', d(99)]]);
    expect(errorCode(() => verifyHashChain(hc('hc-verifier2-hashchainresult.xml'), resolver(chain2), wrong))).toBe('invalid_hash_chain');
  });

  it('hc-verifier3: chain with a c14n transform: valid', () => {
    const r = resolver({ '/hashchain.xml': hc('hc-verifier3-hashchain.xml'), '/message.xml': hc('hc-verifier3-message.xml') });
    expect(errorCode(() => verifyHashChain(hc('hc-verifier3-hashchainresult.xml'), r, new Map([['/message.xml', null]])))).toBe('ok');
  });

  it('hc-verifier3-hashchain-invalid: transform missing, DataRef digest wrong: invalid_hash_chain_ref', () => {
    const r = resolver({ '/hashchain.xml': hc('hc-verifier3-hashchain-invalid.xml'), '/message.xml': hc('hc-verifier3-message.xml') });
    const code = errorCode(() => verifyHashChain(hc('hc-verifier3-hashchainresult.xml'), r, new Map([['/message.xml', null]])));
    expect(faultCodeEndsWith(code, 'InvalidHashChainRef')).toBe(true);
  });

  it('hc-verifier5-hashchain-invalid-schema: malformed_hash_chain (exact)', () => {
    const r = resolver({ '/hashchain.xml': hc('hc-verifier5-hashchain-invalid-schema.xml'), '/message.xml': hc('hc-verifier3-message.xml') });
    const code = errorCode(() => verifyHashChain(hc('hc-verifier3-hashchainresult.xml'), r, new Map([['/message.xml', null]])));
    expect(faultCodesEqual(code, 'MalformedHashChain')).toBe(true);
  });

  it('the batch signature vector: hash-chain-result.xml over hash-chain-1.xml, message-1.xml and "blaah"', () => {
    const g = (n: string) => readVector('signatures', 'globalconf-impl', n);
    const r = resolver({ '/sig-hashchain.xml': g('hash-chain-1.xml'), '/message.xml': g('message-1.xml'), '/attachment1': 'blaah' });
    expect(errorCode(() => verifyHashChain(g('hash-chain-result.xml'), r, new Map()))).toBe('ok');
    const tampered = resolver({ '/sig-hashchain.xml': g('hash-chain-1.xml'), '/message.xml': g('message-1.xml'), '/attachment1': 'blaah!' });
    expect(errorCode(() => verifyHashChain(g('hash-chain-result.xml'), tampered, new Map()))).toBe('invalid_hash_chain_ref');
  });
});

describe('hash chain verification: structure and limits', () => {
  const chain = (steps: string, dm = `<ns2:DefaultDigestMethod Algorithm="${SHA256}"/>`) =>
    `<ns2:HashChain xmlns:ns2="http://cyber.ee/hashchain" xmlns="http://www.w3.org/2000/09/xmldsig#">${dm}${steps}</ns2:HashChain>`;
  const result = (uri: string, value = 'AA==') =>
    `<ns2:HashChainResult URI="${uri}" xmlns:ns2="http://cyber.ee/hashchain" xmlns="http://www.w3.org/2000/09/xmldsig#"><DigestMethod Algorithm="${SHA256}"/><DigestValue>${value}</DigestValue></ns2:HashChainResult>`;
  const hv = '<ns2:HashValue><DigestValue>AA==</DigestValue></ns2:HashValue>';
  const verify = (res: string, steps: string, dm?: string) => errorCode(() => verifyHashChain(res, resolver({ '/c.xml': chain(steps, dm) }), new Map()));

  it.each([
    ['a step URI without fragment', result('/c.xml'), `<ns2:HashStep id="S">${hv}</ns2:HashStep>`],
    ['a missing step', result('/c.xml#NOPE'), `<ns2:HashStep id="S">${hv}</ns2:HashStep>`],
    ['a cycle', result('/c.xml#S'), '<ns2:HashStep id="S"><ns2:StepRef URI="#S"/></ns2:HashStep>'],
    ['a fragment-only result URI', result('#S'), `<ns2:HashStep id="S">${hv}</ns2:HashStep>`],
    ['duplicate step ids', result('/c.xml#S'), `<ns2:HashStep id="S">${hv}</ns2:HashStep><ns2:HashStep id="S">${hv}</ns2:HashStep>`],
    ['a stray attribute', result('/c.xml#S'), `<ns2:HashStep id="S" foo="1">${hv}</ns2:HashStep>`],
    ['text in a step', result('/c.xml#S'), `<ns2:HashStep id="S">x${hv}</ns2:HashStep>`],
    ['a DataRef without URI', result('/c.xml#S'), '<ns2:HashStep id="S"><ns2:DataRef><DigestValue>AA==</DigestValue></ns2:DataRef></ns2:HashStep>'],
    ['elements out of order', result('/c.xml#S'), '<ns2:HashStep id="S"><ns2:HashValue><DigestValue>AA==</DigestValue><DigestMethod Algorithm="x"/></ns2:HashValue></ns2:HashStep>'],
    ['bad base64', result('/c.xml#S'), '<ns2:HashStep id="S"><ns2:HashValue><DigestValue>A*A=</DigestValue></ns2:HashValue></ns2:HashStep>'],
  ])('rejects %s with malformed_hash_chain', (_n, res, steps) => {
    expect(verify(res, steps)).toBe('malformed_hash_chain');
  });

  it('rejects an unknown digest method and a missing one with malformed_hash_chain', () => {
    expect(verify(result('/c.xml#S'), `<ns2:HashStep id="S">${hv}</ns2:HashStep>`, '<ns2:DefaultDigestMethod Algorithm="urn:md5"/>')).toBe('malformed_hash_chain');
    expect(verify(result('/c.xml#S'), `<ns2:HashStep id="S">${hv}</ns2:HashStep>`, '')).toBe('malformed_hash_chain');
  });

  it('caps the depth of step references at 64', () => {
    const deep = (n: number) => Array.from({ length: n }, (_, i) => `<ns2:HashStep id="S${i}">${i + 1 < n ? `<ns2:StepRef URI="#S${i + 1}"/>` : hv}</ns2:HashStep>`).join('');
    expect(verify(result('/c.xml#S0'), deep(70))).toBe('malformed_hash_chain');
    expect(verify(result('/c.xml#S0'), deep(60))).toBe('invalid_hash_chain');
  });

  it('reports an unresolvable chain or data part as invalid_reference', () => {
    expect(errorCode(() => verifyHashChain(result('/missing.xml#S'), resolver({}), new Map()))).toBe('invalid_reference');
    const steps = '<ns2:HashStep id="S"><ns2:DataRef URI="/message.xml"><DigestValue>AA==</DigestValue></ns2:DataRef></ns2:HashStep>';
    expect(verify(result('/c.xml#S'), steps)).toBe('invalid_reference');
  });

  it('rejects an unsupported or failing transform with invalid_hash_chain_ref', () => {
    const steps = (alg: string) => `<ns2:HashStep id="S"><ns2:DataRef URI="/m"><Transforms><Transform Algorithm="${alg}"/></Transforms><DigestValue>AA==</DigestValue></ns2:DataRef></ns2:HashStep>`;
    const run = (alg: string, data: string) => errorCode(() => verifyHashChain(result('/c.xml#S'), resolver({ '/c.xml': chain(steps(alg)), '/m': data }), new Map()));
    expect(run('http://www.w3.org/TR/1999/REC-xpath-19991116', '<a/>')).toBe('invalid_hash_chain_ref');
    expect(run('http://www.w3.org/TR/2001/REC-xml-c14n-20010315', 'not xml')).toBe('invalid_hash_chain_ref');
  });

  it('rejects a HashChainResult with the wrong root or no DigestValue', () => {
    expect(errorCode(() => verifyHashChain(chain(''), resolver({}), new Map()))).toBe('malformed_hash_chain');
    const noValue = `<ns2:HashChainResult URI="/c.xml#S" xmlns:ns2="http://cyber.ee/hashchain"/>`;
    expect(errorCode(() => verifyHashChain(noValue, resolver({}), new Map()))).toBe('malformed_hash_chain');
    expect(errorCode(() => verifyHashChain('<oops', resolver({}), new Map()))).toBe('malformed_hash_chain');
  });
});
