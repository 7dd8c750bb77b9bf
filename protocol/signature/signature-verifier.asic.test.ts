// Signatures X-Road 7.x wrote into real ASiC containers, verified directly (as AsicContainerVerifier
// calls SignatureVerifier: schema off, time = the time-stamp's genTime from CATALOG, ASiC-style
// resolvers). The time-stamp itself is protocol/timestamp's and protocol/asic's business.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { memberId, subsystemId } from '../identifiers/index.js';
import { describeWithVectors, readVector } from '../test-support/vectors.js';
import { verifySignature, type SignatureVerificationInput } from './signature-verifier.js';
import { codeOf } from './testing/codes.js';
import { devTrust } from './testing/vector-trust.js';
import { zipEntry } from '../test-support/zip-entry.js';

const asic = (name: string) => readVector('asic', 'verifier-cli', `${name}.asice`);

async function asAsicVerifierWould(container: Buffer, entries: string[], rest: Partial<SignatureVerificationInput>) {
  const files = new Map<string, Buffer>();
  for (const e of entries) files.set('/' + e, await zipEntry(container, e));
  const signatureXml = await zipEntry(container, 'META-INF/signatures.xml');
  return (atDate: Date, extra: Partial<SignatureVerificationInput> = {}) => codeOf(() => verifySignature({
    signatureXml, trust: devTrust(), atDate, verifySchema: false, signer: memberId('DEV', 'COM', '4321'),
    parts: [{ name: '/message.xml' }],
    hashChainResult: files.get('/sig-hashchainresult.xml'),
    hashChainResolver: { resolve: (uri) => files.get(uri), shouldResolve: (uri) => files.has(uri) },
    resolveReference: (uri) => {
      if (uri === '/attachment1' && files.has(uri)) return { digest: createHash('sha512').update(files.get(uri)!).digest() };
      const data = files.get(uri);
      return data ? { data } : undefined;
    },
    ...rest,
    ...extra,
  }));
}

describeWithVectors('real X-Road signatures from ASiC vectors', () => {
  it('valid-signed-message.asice: single signature over /message.xml, at TS genTime', async () => {
    const verify = await asAsicVerifierWould(asic('valid-signed-message'), ['message.xml'], { signer: subsystemId('DEV', 'COM', '4321', 'TestClient') });
    expect(verify(new Date('2024-12-05T13:16:35Z'))).toBe('ok');
    expect(verify(new Date('2024-12-05T15:16:35Z'))).toBe('invalid_cert_path.incorrect_validation_info');
    expect(verify(new Date('2024-12-05T13:16:35Z'), { signer: memberId('DEV', 'COM', '1234') })).toBe('incorrect_certificate');
  });

  it('wrong-message.asice: message.xml altered after signing: invalid_signature_value', async () => {
    const verify = await asAsicVerifierWould(asic('wrong-message'), ['message.xml'], {});
    expect(verify(new Date('2024-12-05T13:16:35Z'))).toBe('invalid_signature_value');
  });

  it('valid-signed-hashchain.asice: batch signature, sig-hashchain.xml links /message.xml; unresolvable attachment taken on trust', async () => {
    const verify = await asAsicVerifierWould(asic('valid-signed-hashchain'), ['message.xml', 'sig-hashchain.xml', 'sig-hashchainresult.xml'], {});
    expect(verify(new Date('2024-12-05T12:37:50Z'))).toBe('ok');
  });

  it('invalid-hashchain-modified-message.asice: /message.xml not referenced by the chain: malformed_signature.hashchain_unused_inputs', async () => {
    const verify = await asAsicVerifierWould(readVector('asic', 'verifier-cli', 'invalid-hashchain-modified-message.asice'), ['message.xml', 'sig-hashchain.xml', 'sig-hashchainresult.xml'], {});
    expect(verify(new Date('2024-12-05T12:37:50Z'))).toBe('malformed_signature.hashchain_unused_inputs');
  });

  it('valid-non-batch-rest.asice: second layout REST response signed by the x-road-service member, /attachment1 by digest', async () => {
    const verify = await asAsicVerifierWould(asic('valid-non-batch-rest'), ['message.xml', 'attachment1'], { signer: memberId('DEV', 'COM', '1234') });
    expect(verify(new Date('2024-07-11T12:51:12Z'))).toBe('ok');
    expect(verify(new Date('2024-07-11T12:51:12Z'), { signer: subsystemId('DEV', 'COM', '4422', 'TestClient') })).toBe('incorrect_certificate');
  });
});
