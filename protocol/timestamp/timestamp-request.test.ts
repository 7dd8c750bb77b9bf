import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digest, hashAlgorithmOid } from './hash-algorithms.js';
import { buildTimestampRequest, parseTimestampRequest, TimestampRequestError } from './timestamp-request.js';

function opensslQuery(data: Buffer, args: string[]): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'roadtest-tsq-'));
  const file = join(dir, 'data.bin');
  writeFileSync(file, data);
  return new Promise((resolve, reject) => {
    execFile('openssl', ['ts', '-query', '-data', file, ...args], { encoding: 'buffer', timeout: 15_000 }, (err, stdout) => {
      rmSync(dir, { recursive: true, force: true });
      if (err) reject(err);
      else resolve(stdout);
    });
  });
}

function failInfoOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof TimestampRequestError) return e.failInfo;
    throw e;
  }
  throw new Error('expected a TimestampRequestError');
}

const data = Buffer.from('signature value bytes');

describe('TimeStampReq (TSA-001)', () => {
  it('defaults to X-Road: SHA-512 imprint, no nonce, certReq false', () => {
    const req = buildTimestampRequest({ data });
    expect(req.messageImprint.hashAlgorithm).toBe('sha512');
    expect(req.messageImprint.hashAlgorithmOid).toBe(hashAlgorithmOid('sha512'));
    expect(req.messageImprint.hashedMessage.equals(digest('sha512', data))).toBe(true);
    expect(req.nonce).toBeUndefined();
    expect(req.certReq).toBe(false);
  });

  for (const alg of ['sha256', 'sha384', 'sha512'] as const) {
    it(`is byte-identical to openssl ts -query -${alg} -no_nonce`, async () => {
      const ours = buildTimestampRequest({ data, hashAlgorithm: alg }).der;
      const theirs = await opensslQuery(data, [`-${alg}`, '-no_nonce']);
      expect(ours.toString('hex')).toBe(theirs.toString('hex'));
    });
  }

  it('matches openssl with certReq and a policy', async () => {
    const ours = buildTimestampRequest({ data, hashAlgorithm: 'sha256', certReq: true, reqPolicy: '1.2.3.4' }).der;
    const theirs = await opensslQuery(data, ['-sha256', '-no_nonce', '-cert', '-tspolicy', '1.2.3.4']);
    expect(ours.equals(theirs)).toBe(true);
  });

  it('reads openssl requests with a nonce', async () => {
    const req = parseTimestampRequest(await opensslQuery(data, ['-sha384', '-cert']));
    expect(req.nonce).toBeTypeOf('bigint');
    expect(req.certReq).toBe(true);
    expect(req.messageImprint.hashedMessage.equals(digest('sha384', data))).toBe(true);
  });

  it('supports a given or a random nonce, and a precomputed digest', () => {
    expect(buildTimestampRequest({ data, nonce: 0x075bcd15n }).nonce).toBe(0x075bcd15n);
    const a = buildTimestampRequest({ data, nonce: true }).nonce!;
    const b = buildTimestampRequest({ data, nonce: true }).nonce!;
    expect(a > 0n && b > 0n && a !== b).toBe(true);
    const d = digest('sha256', data);
    expect(buildTimestampRequest({ digest: d, hashAlgorithm: 'sha256' }).messageImprint.hashedMessage.equals(d)).toBe(true);
    expect(() => buildTimestampRequest({ digest: d, hashAlgorithm: 'sha512' })).toThrow(RangeError);
  });

  it('names the RFC 3161 failInfo for bad requests', () => {
    expect(failInfoOf(() => parseTimestampRequest(Buffer.from('not asn1')))).toBe('badDataFormat');
    expect(failInfoOf(() => parseTimestampRequest(Buffer.alloc(0)))).toBe('badDataFormat');
    const good = buildTimestampRequest({ data }).der;
    expect(failInfoOf(() => parseTimestampRequest(Buffer.concat([good, Buffer.from([0])])))).toBe('badDataFormat');
    // SHA-512's OID 2.16.840.1.101.3.4.2.3 -> .10 (SHA3-512): an algorithm we do not serve.
    const unknownAlg = Buffer.from(good);
    const at = unknownAlg.indexOf(Buffer.from('608648016503040203', 'hex'));
    unknownAlg[at + 8] = 0x0a;
    expect(failInfoOf(() => parseTimestampRequest(unknownAlg))).toBe('badAlg');
    // A SHA-512 imprint that is 63 bytes long.
    const short = buildTimestampRequest({ data, hashAlgorithm: 'sha256' }).der;
    const wrongLen = Buffer.from(short);
    wrongLen.set(Buffer.from('608648016503040203', 'hex'), wrongLen.indexOf(Buffer.from('608648016503040201', 'hex')));
    expect(failInfoOf(() => parseTimestampRequest(wrongLen))).toBe('badDataFormat');
    const v2 = Buffer.from(good);
    v2[v2.indexOf(Buffer.from([0x02, 0x01, 0x01]), 0) + 2] = 0x02;
    expect(failInfoOf(() => parseTimestampRequest(v2))).toBe('badRequest');
  });
});
