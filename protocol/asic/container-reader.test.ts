import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { faultCodesEqual, XRoadError } from '../faults/index.js';
import { rejectionCodeOf } from '../test-support/fault-code.js';
import { describeWithVectors, readVector, vectorPath } from '../test-support/vectors.js';
import { AsicErrorCodes } from './asic-error-codes.js';
import { readAsicContainer } from './container-reader.js';
import { ASIC_MIMETYPE } from './entries.js';
import { writeRawZip, type RawZipEntry } from './test-zip.js';
import { UnusableInputError } from './unusable-input.js';

const codeOf = (bytes: Buffer): Promise<string> =>
  rejectionCodeOf(readAsicContainer(bytes), 'valid', (e): e is XRoadError | UnusableInputError => e instanceof XRoadError || e instanceof UnusableInputError);

const SIG = '<asic:XAdESSignatures xmlns:asic="http://uri.etsi.org/02918/v1.2.1#"/>';
const good = (): RawZipEntry[] => [
  { name: 'mimetype', data: ASIC_MIMETYPE, compress: false },
  { name: 'message.xml', data: '<m/>' },
  { name: 'META-INF/signatures.xml', data: SIG },
];

describeWithVectors('ASiC container structure (CATALOG "ASiC container structure")', () => {
  const rows: [string, string, string][] = [
    ['asic/container-structure/valid-signed-message-with-attachments.asice', 'valid', ''],
    ['asic/container-structure/valid-signed-message.asice', 'valid', ''],
    ['asic/container-structure/no-mimetype.asice', 'invalid', 'asic_mime_type_not_found'],
    ['asic/container-structure/no-message.asice', 'invalid', 'asic_message_not_found'],
    ['asic/container-structure/no-signature.asice', 'invalid', 'asic_signature_not_found'],
    ['asic/container-structure/not-asic.asice', 'invalid', 'AsicMimeTypeNotFound'],
    ['asic/verifier-cli/attachments.asice', 'invalid', 'asic_message_not_found'],
    ['asic/verifier-cli/valid-signed-message.asice', 'valid', ''],
    ['asic/verifier-cli/valid-non-batch-rest.asice', 'valid', ''],
    ['asic/verifier-cli/valid-signed-hashchain.asice', 'valid', ''],
    ['asic/verifier-cli/wrong-message.asice', 'valid', ''],
    ['asic/verifier-cli/invalid-hashchain-modified-message.asice', 'valid', ''],
    ['asic/verifier-cli/invalid-not-signed-hashchain.asice', 'valid', ''],
    ['asic/verifier-cli/invalid-incorrect-references.asice', 'valid', ''],
    ['asic/verifier-cli/invalid-ts-hashchainresult.asice', 'valid', ''],
  ];
  for (const [path, verdict, code] of rows) {
    it(`${path} -> ${verdict} ${code}`, async () => {
      const got = await codeOf(readVector(path));
      if (verdict === 'valid') expect(got).toBe('valid');
      else expect(faultCodesEqual(got, code), `got ${got}`).toBe(true);
    });
  }

  it('reduces attachments to the SHA-512 of their bytes (checked against unzip)', async () => {
    const path = vectorPath('asic/container-structure/valid-signed-message-with-attachments.asice');
    const c = await readAsicContainer(readVector('asic/container-structure/valid-signed-message-with-attachments.asice'));
    expect(c.attachmentNames.sort()).toEqual(['attachment1', 'attachment2']);
    for (const a of ['attachment1', 'attachment2']) {
      const raw = spawnSync('unzip', ['-p', path, a], { timeout: 10_000 }).stdout;
      expect(raw.length).toBeGreaterThan(0);
      expect(c.getAttachmentDigest(`/${a}`)!.equals(createHash('sha512').update(raw).digest())).toBe(true);
      expect(c.getEntry(a)).toBeUndefined();
    }
  });

  it('keeps hash-chain files at the root and ignores unknown entries (messageX.xml)', async () => {
    const c = await readAsicContainer(readVector('asic/verifier-cli/invalid-hashchain-modified-message.asice'));
    expect(c.hasEntry('/sig-hashchain.xml')).toBe(true);
    expect(c.hasEntry('/messageX.xml')).toBe(false);
    expect(c.entryNames).toContain('messageX.xml');
    expect(c.message!.toString()).toContain('Envelope');
  });

  it('keeps META-INF/timestamp.tst as DER', async () => {
    const c = await readAsicContainer(readVector('asic/verifier-cli/valid-non-batch-rest.asice'));
    expect(c.hasBatchTimestamp).toBe(true);
    expect(c.timestampToken![0]).toBe(0x30);
  });

  it('calls a damaged copy of a vector unusable, not invalid', async () => {
    const v = readVector('asic/verifier-cli/valid-signed-message.asice');
    expect(await codeOf(v.subarray(0, v.length - 100))).toBe('unusable_input.corrupted_zip');
    expect(await codeOf(v.subarray(0, 40))).toBe('unusable_input.corrupted_zip');
  });
});

describe('ASiC structure checks on constructed containers', () => {
  it('accepts a minimal container', async () => {
    expect(await codeOf(await writeRawZip(good()))).toBe('valid');
  });

  it('checks in X-Road order: mimetype, message, signature, hash-chain pairs, timestamp, manifests', async () => {
    const without = (n: string) => good().filter((e) => e.name !== n);
    expect(await codeOf(await writeRawZip(without('mimetype').filter((e) => e.name !== 'message.xml')))).toBe(AsicErrorCodes.mimeTypeNotFound);
    expect(await codeOf(await writeRawZip(without('message.xml').filter((e) => e.name !== 'META-INF/signatures.xml')))).toBe(AsicErrorCodes.messageNotFound);
    expect(await codeOf(await writeRawZip(without('META-INF/signatures.xml')))).toBe(AsicErrorCodes.signatureNotFound);
    const withEntries = async (...extra: RawZipEntry[]) => codeOf(await writeRawZip([...good(), ...extra]));
    expect(await withEntries({ name: 'sig-hashchainresult.xml', data: '<r/>' })).toBe(AsicErrorCodes.hashChainNotFound);
    expect(await withEntries({ name: 'sig-hashchain.xml', data: '<c/>' })).toBe(AsicErrorCodes.hashChainResultNotFound);
    expect(await withEntries({ name: 'ts-hashchain.xml', data: '<c/>' })).toBe(AsicErrorCodes.hashChainResultNotFound);
    expect(await withEntries({ name: 'META-INF/timestamp.tst', data: Buffer.alloc(0) })).toBe(AsicErrorCodes.timestampNotFound);
    expect(await withEntries({ name: 'META-INF/manifest.xml', data: '  \n' })).toBe(AsicErrorCodes.manifestNotFound);
    expect(await withEntries({ name: 'META-INF/ASiCManifest.xml', data: '' })).toBe(AsicErrorCodes.manifestNotFound);
    expect(await withEntries({ name: 'unknown/thing.bin', data: 'x' })).toBe('valid');
  });

  it('treats blank entries as missing and compares the mimetype exactly (case aside)', async () => {
    const patch = (name: string, data: string) => good().map((e) => (e.name === name ? { ...e, data } : e));
    expect(await codeOf(await writeRawZip(patch('message.xml', ' \n\t')))).toBe(AsicErrorCodes.messageNotFound);
    expect(await codeOf(await writeRawZip(patch('mimetype', 'application/zip')))).toBe(AsicErrorCodes.invalidMimeType);
    expect(await codeOf(await writeRawZip(patch('mimetype', ASIC_MIMETYPE + '\n')))).toBe(AsicErrorCodes.invalidMimeType);
    expect(await codeOf(await writeRawZip(patch('mimetype', ASIC_MIMETYPE.toUpperCase())))).toBe('valid');
  });

  it('reads only META-INF/signatures.xml as the signature (META-INF/signature.xml is not it)', async () => {
    const entries = good().map((e) => (e.name === 'META-INF/signatures.xml' ? { ...e, name: 'META-INF/signature.xml' } : e));
    expect(await codeOf(await writeRawZip(entries))).toBe(AsicErrorCodes.signatureNotFound);
  });

  it('reports empty input, non-zip text, and a CRC-damaged entry distinctly', async () => {
    expect(await codeOf(Buffer.alloc(0))).toBe('unusable_input.empty_file');
    expect(await codeOf(Buffer.from('Hello world!'))).toBe(AsicErrorCodes.mimeTypeNotFound);
    const zip = await writeRawZip([...good(), { name: 'attachment1', data: 'A'.repeat(64), compress: false }]);
    const at = zip.indexOf(Buffer.from('A'.repeat(64)));
    const damaged = Buffer.from(zip);
    damaged[at + 10] = 0x42;
    expect(await codeOf(damaged)).toBe('unusable_input.corrupted_zip');
  });
});
