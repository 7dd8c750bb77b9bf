import { expect, it } from 'vitest';
import { faultCodesEqual } from '../faults/index.js';
import { loadConfigurationDirectory } from '../globalconf/index.js';
import { memberId } from '../identifiers/index.js';
import { verifyArchiveSequence, ZipStreamReader } from '../message-archive/index.js';
import { describeWithVectors, readVector, vectorPath } from '../test-support/vectors.js';
import { verifyAsicContainer } from './container-verifier.js';
import { writeRawZip } from './test-zip.js';
import { UnusableInputError } from './unusable-input.js';
import { readZipBuffer } from './zip-buffer-reader.js';

const trustOf = (dir: string) => loadConfigurationDirectory(vectorPath('globalconf/dirs', dir)).trust;

describeWithVectors('ASiC container full verification (CATALOG table, trust globalconf_good2_v3)', () => {
  const trust = trustOf('globalconf_good2_v3');
  const rows: [string, string][] = [
    ['valid-signed-message.asice', 'valid'],
    ['valid-non-batch-rest.asice', 'valid'],
    ['valid-signed-hashchain.asice', 'valid'],
    ['wrong-message.asice', 'invalid_signature_value'],
    ['invalid-hashchain-modified-message.asice', 'malformed_signature.hashchain_unused_inputs'],
    ['invalid-not-signed-hashchain.asice', 'valid'],
    ['invalid-incorrect-references.asice', 'malformed_signature'],
    ['invalid-ts-hashchainresult.asice', 'malformed_signature'],
    ['attachments.asice', 'asic_message_not_found'],
  ];
  for (const [file, expected] of rows) {
    it(`${file} -> ${expected}`, async () => {
      const v = await verifyAsicContainer(readVector('asic/verifier-cli', file), { trust });
      if (expected === 'valid') {
        expect(v, v.message).toMatchObject({ valid: true });
      } else {
        expect(v.valid).toBe(false);
        expect(faultCodesEqual(v.code!, expected), `${v.code}: ${v.message}`).toBe(true);
      }
    });
  }
});

/** All entries of a vector container, so that tests can change one and zip them again. */
async function entriesOf(path: string): Promise<Map<string, Buffer>> {
  const r = await readZipBuffer(readVector(path), () => 'keep');
  return new Map(r.kept.map((e) => [e.name, e.data]));
}

async function rezip(entries: Map<string, Buffer>): Promise<Buffer> {
  return writeRawZip([...entries].map(([name, data]) => ({ name, data, compress: name !== 'mimetype' })));
}

describeWithVectors('ASiC full verification: defects the vectors do not cover', () => {
  const trust = trustOf('globalconf_good2_v3');
  const codeFor = async (bytes: Buffer, opts: Partial<Parameters<typeof verifyAsicContainer>[1]> = {}) => {
    const v = await verifyAsicContainer(bytes, { trust, ...opts });
    return v.valid ? 'valid' : v.code!;
  };

  it('a rebuilt but unchanged container still verifies (the rezip itself changes nothing)', async () => {
    expect(await codeFor(await rezip(await entriesOf('asic/verifier-cli/valid-signed-message.asice')))).toBe('valid');
    expect(await codeFor(await rezip(await entriesOf('asic/verifier-cli/valid-non-batch-rest.asice')))).toBe('valid');
  });

  it('a changed SignatureValue under an embedded time-stamp fails as malformed_signature (time-stamp first)', async () => {
    const e = await entriesOf('asic/verifier-cli/valid-signed-message.asice');
    const xml = e.get('META-INF/signatures.xml')!.toString();
    const m = /(<ds:SignatureValue[^>]*>\s*)([A-Za-z0-9+/])/.exec(xml)!;
    const at = m.index + m[1].length;
    e.set('META-INF/signatures.xml', Buffer.from(xml.slice(0, at) + (m[2] === 'A' ? 'B' : 'A') + xml.slice(at + 1)));
    const v = await verifyAsicContainer(await rezip(e), { trust });
    expect(v.code).toBe('malformed_signature');
    expect(v.message).toMatch(/hashes do not match/i);
  });

  it('a changed signatures.xml under a batch time-stamp breaks the ts hash chain: malformed_signature', async () => {
    const e = await entriesOf('asic/verifier-cli/valid-non-batch-rest.asice');
    e.set('META-INF/signatures.xml', Buffer.concat([e.get('META-INF/signatures.xml')!, Buffer.from('\n')]));
    const v = await verifyAsicContainer(await rezip(e), { trust });
    expect(v.code).toBe('malformed_signature');
    expect(v.message).toContain('time-stamp hash chain');
  });

  it('a changed REST body (attachment1, referenced directly) is invalid_signature_value', async () => {
    const e = await entriesOf('asic/verifier-cli/valid-non-batch-rest.asice');
    e.set('attachment1', Buffer.from('{"message": "tampered"}'));
    expect(await codeFor(await rezip(e))).toBe('invalid_signature_value');
  });

  it('a container without any time-stamp is asic_timestamp_not_found', async () => {
    const e = await entriesOf('asic/verifier-cli/valid-signed-message.asice');
    const xml = e.get('META-INF/signatures.xml')!.toString().replace(/<xades:SignatureTimeStamp>[\s\S]*?<\/xades:SignatureTimeStamp>/, '');
    e.set('META-INF/signatures.xml', Buffer.from(xml));
    expect(await codeFor(await rezip(e))).toBe('asic_timestamp_not_found');
  });

  it('needs the TSA in the trust: without it mlog.tsp_certificate_not_found', async () => {
    const other = trustOf('messagelog-CS');
    expect(await codeFor(readVector('asic/verifier-cli/valid-signed-message.asice'), { trust: other })).toBe('mlog.tsp_certificate_not_found');
  });

  it('checks an expected signer against the certificate and notes a differing message sender', async () => {
    const bytes = readVector('asic/verifier-cli/valid-signed-message.asice');
    expect(await codeFor(bytes, { expectedSigner: memberId('DEV', 'COM', '4321') })).toBe('valid');
    const v = await verifyAsicContainer(bytes, { trust, expectedSigner: memberId('DEV', 'COM', '9999') });
    expect(faultCodesEqual(v.code!, 'IncorrectCertificate')).toBe(true);
    expect(v.warnings.join()).toContain('message.xml names DEV/COM/4321/TestClient');
  });

  it('gives the verification details X-Road prints', async () => {
    const v = await verifyAsicContainer(readVector('asic/verifier-cli/valid-non-batch-rest.asice'), { trust });
    expect(v.details).toMatchObject({ signer: 'DEV/COM/1234/TestService', batchTimestamp: true, batchSignature: false, timestampSigner: 'Test TSA' });
    expect(v.details.timestampGenTime?.toISOString()).toBe('2024-07-11T12:51:12.000Z');
    expect(v.details.ocspProducedAt).toBeInstanceOf(Date);
  });

  it('reports an uncoded failure inside verification as internal_error, as X-Road does', async () => {
    const broken = { ...trust, approvedCas: null } as unknown as typeof trust;
    const v = await verifyAsicContainer(readVector('asic/verifier-cli/valid-signed-message.asice'), { trust: broken });
    expect(v).toMatchObject({ valid: false, code: 'internal_error' });
  });

  it('throws unusable input for a truncated container instead of giving a verdict', async () => {
    const bytes = readVector('asic/verifier-cli/valid-signed-message.asice');
    await expect(verifyAsicContainer(bytes.subarray(0, 3000), { trust })).rejects.toBeInstanceOf(UnusableInputError);
  });
});

describeWithVectors('message-archive inner containers (trust globalconf/dirs/messagelog-CS)', () => {
  it('the signed record in message-archive-0.zip verifies, inside the chain check too', async () => {
    const trust = trustOf('messagelog-CS');
    const zip = await ZipStreamReader.open(vectorPath('asic/message-archive/message-archive-0.zip'));
    const inner = await zip.readEntry(zip.entries.find((e) => e.name.endsWith('.asice'))!);
    await zip.close();
    const v = await verifyAsicContainer(inner, { trust });
    expect(v, v.message).toMatchObject({ valid: true, details: { signer: 'CS/GOV/0245437-2', batchSignature: true } });
    expect(v.details.timestampGenTime?.toISOString()).toBe('2023-10-23T12:13:27.000Z');
    const report = await verifyArchiveSequence([vectorPath('asic/message-archive/message-archive-0.zip')], {
      prevDigest: '',
      verifyContainer: (bytes) => verifyAsicContainer(bytes, { trust }),
    });
    expect(report).toMatchObject({ valid: true, containersVerified: 1, badContainers: [] });
    const wrongTrust = await verifyArchiveSequence([vectorPath('asic/message-archive/message-archive-0.zip')], {
      prevDigest: '',
      verifyContainer: (bytes) => verifyAsicContainer(bytes, { trust: trustOf('globalconf_good2_v3') }),
    });
    expect(wrongTrust.valid).toBe(false);
    expect(wrongTrust.findings).toEqual([]);
    expect(wrongTrust.badContainers[0].verdict.code).toBe('mlog.tsp_certificate_not_found');
  });
});
