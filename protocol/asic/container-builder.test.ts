import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { faultCodeOf } from '../test-support/fault-code.js';
import { AsicErrorCodes } from './asic-error-codes.js';
import { buildAsicContainer, type AsicContainerParts } from './container-builder.js';
import { readAsicContainer } from './container-reader.js';
import { ASIC_MIMETYPE } from './entries.js';

const dir = mkdtempSync(join(tmpdir(), 'asic-builder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const batch: AsicContainerParts = {
  message: '<SOAP-ENV:Envelope/>',
  signatureXml: '<asic:XAdESSignatures/>',
  sigHashChainResult: '<HashChainResult/>',
  sigHashChain: '<HashChain/>',
  batchTimestamp: { tokenDer: Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]), hashChainResult: '<HashChainResult ts/>', hashChain: '<HashChain ts/>' },
  attachments: [Buffer.from('{"body":1}'), Buffer.from([0, 1, 2, 255])],
  creationTime: new Date('2024-07-11T12:50:00Z'),
};

function unzipList(file: string): string[] {
  const r = spawnSync('unzip', ['-Z1', file], { encoding: 'utf8', timeout: 10_000 });
  return r.stdout.trim().split('\n');
}

describe('ASiC container builder', () => {
  it('lays entries out in X-Road order with mimetype first, stored, at offset 38', async () => {
    const bytes = await buildAsicContainer(batch);
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    expect(bytes.readUInt16LE(8)).toBe(0); // compression method: stored
    expect(bytes.subarray(30, 38).toString()).toBe('mimetype');
    expect(bytes.subarray(38, 38 + ASIC_MIMETYPE.length).toString()).toBe(ASIC_MIMETYPE);
    const file = join(dir, 'batch.asice');
    writeFileSync(file, bytes);
    expect(spawnSync('unzip', ['-tq', file], { timeout: 10_000 }).status).toBe(0);
    expect(unzipList(file)).toEqual([
      'mimetype', 'message.xml', 'META-INF/signatures.xml', 'sig-hashchainresult.xml', 'sig-hashchain.xml',
      'ts-hashchainresult.xml', 'ts-hashchain.xml', 'META-INF/manifest.xml', 'META-INF/ASiCManifest.xml',
      'META-INF/timestamp.tst', 'attachment1', 'attachment2',
    ]);
    expect(spawnSync('unzip', ['-z', file], { encoding: 'utf8', timeout: 10_000 }).stdout).toContain(`mimetype=${ASIC_MIMETYPE}`);
  });

  it('round-trips through the reader: entries, attachment digests, manifests', async () => {
    const c = await readAsicContainer(await buildAsicContainer(batch));
    expect(c.message!.toString()).toBe(batch.message);
    expect(c.timestampToken!.equals(batch.batchTimestamp!.tokenDer)).toBe(true);
    expect(c.getAttachmentDigest('/attachment2')!.equals(createHash('sha512').update(batch.attachments![1]).digest())).toBe(true);
    const manifest = c.manifest!.toString();
    expect(manifest).toContain('manifest:full-path="message.xml"');
    expect(manifest).toContain('manifest:full-path="attachment2"');
    expect(manifest).not.toContain('META-INF/signatures.xml');
    const digest = createHash('sha512').update('<HashChainResult ts/>').digest('base64');
    expect(c.asicManifest!.toString()).toContain(`<ds:DigestValue>${digest}</ds:DigestValue>`);
  });

  it('leaves timestamp.tst and the ASiC manifest out for an embedded time-stamp', async () => {
    const c = await readAsicContainer(await buildAsicContainer({ message: '<m/>', signatureXml: '<s/>' }));
    expect(c.entryNames).toEqual(['mimetype', 'message.xml', 'META-INF/signatures.xml', 'META-INF/manifest.xml']);
  });

  it('refuses to build a container X-Road would not read', async () => {
    const fails = (p: AsicContainerParts) => faultCodeOf(() => void buildAsicContainer(p), 'built');
    expect(fails({ message: ' ', signatureXml: '<s/>' })).toBe(AsicErrorCodes.messageNotFound);
    expect(fails({ message: '<m/>', signatureXml: '' })).toBe(AsicErrorCodes.signatureNotFound);
    expect(fails({ message: '<m/>', signatureXml: '<s/>', sigHashChainResult: '<r/>' })).toBe(AsicErrorCodes.hashChainNotFound);
    expect(fails({ message: '<m/>', signatureXml: '<s/>', batchTimestamp: { tokenDer: Buffer.alloc(0), hashChainResult: '<r/>', hashChain: '<c/>' } }))
      .toBe(AsicErrorCodes.timestampNotFound);
  });
});
