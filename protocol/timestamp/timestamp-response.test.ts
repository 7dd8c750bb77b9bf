import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../simulators/pki/index.js';
import { buildTimestampRequest } from './timestamp-request.js';
import { buildTimestampResponse } from './timestamp-response-builder.js';
import { parseTimestampResponse, validateTimestampResponse } from './timestamp-response.js';
import { buildTimestampToken } from './timestamp-token-builder.js';
import { codeOf } from '../test-support/fault-code.js';


function opensslReplyText(resp: Buffer): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'roadtest-tsr-'));
  const file = join(dir, 'resp.der');
  writeFileSync(file, resp);
  return new Promise((resolve, reject) => {
    execFile('openssl', ['ts', '-reply', '-in', file, '-text'], { timeout: 15_000 }, (err, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      if (err) reject(new Error(stderr));
      else resolve(stdout);
    });
  });
}

const data = Buffer.from('stamped');

describe('TimeStampResp', () => {
  let pki: TestPki;
  beforeAll(async () => {
    pki = await createTestPki();
  });

  const tokenFor = (hashedMessage: Buffer, extra: { nonce?: bigint; policy?: string; hashAlgorithm?: 'sha256' | 'sha512' } = {}) =>
    buildTimestampToken({
      messageImprint: { hashAlgorithm: extra.hashAlgorithm ?? 'sha512', hashedMessage },
      signer: pki.tsaSigner,
      policy: extra.policy ?? '1.2.3',
      serialNumber: 1n,
      nonce: extra.nonce,
    }).der;

  it('a rejection carries status 2, status strings and failInfo bits that openssl reads the same way', async () => {
    const der = buildTimestampResponse({ status: 'rejection', statusStrings: ['no'], failInfo: ['badAlg', 'systemFailure'] });
    const r = parseTimestampResponse(der);
    expect(r.status).toBe('rejection');
    expect(r.statusValue).toBe(2);
    expect(r.statusStrings).toEqual(['no']);
    expect(r.failInfo).toEqual(['badAlg', 'systemFailure']);
    expect(r.token).toBeUndefined();
    const text = await opensslReplyText(der);
    expect(text).toMatch(/Status: Rejected/);
    expect(text).toMatch(/unrecognized or unsupported algorithm identifier/i);
    expect(text).toMatch(/the request cannot be handled due to system failure/);
  });

  it('validateTimestampResponse: granted and matching is accepted', () => {
    const req = buildTimestampRequest({ data, nonce: 5n });
    const resp = parseTimestampResponse(buildTimestampResponse({ status: 'granted', token: tokenFor(req.messageImprint.hashedMessage, { nonce: 5n }) }));
    expect(validateTimestampResponse(resp, req).tstInfo.nonce).toBe(5n);
    const mods = parseTimestampResponse(buildTimestampResponse({ status: 'grantedWithMods', token: tokenFor(req.messageImprint.hashedMessage, { nonce: 5n }) }));
    expect(validateTimestampResponse(mods, req).tstInfo.serialNumber).toBe(1n);
  });

  it('validateTimestampResponse: each mismatch is refused with X-Road codes', () => {
    const req = buildTimestampRequest({ data, nonce: 5n, reqPolicy: '1.2.3' });
    const h = req.messageImprint.hashedMessage;
    const check = (resp: Buffer, r = req) => codeOf(() => validateTimestampResponse(parseTimestampResponse(resp), r));
    expect(check(buildTimestampResponse({ status: 'rejection', failInfo: ['badRequest'] }))).toBe('mlog.timestamp_non_granted_response');
    expect(check(buildTimestampResponse({ status: 'waiting' }))).toBe('mlog.timestamp_non_granted_response');
    expect(check(buildTimestampResponse({ status: 'granted' }))).toBe('mlog.timestamp_response_validation_failed');
    expect(check(buildTimestampResponse({ status: 'granted', token: tokenFor(h, { nonce: 6n }) }))).toBe('mlog.timestamp_response_validation_failed');
    const wrong = Buffer.from(h);
    wrong[0]! ^= 1;
    expect(check(buildTimestampResponse({ status: 'granted', token: tokenFor(wrong, { nonce: 5n }) }))).toBe('mlog.timestamp_response_validation_failed');
    expect(check(buildTimestampResponse({ status: 'granted', token: tokenFor(h, { nonce: 5n, policy: '1.2.4' }) }))).toBe(
      'mlog.timestamp_response_validation_failed',
    );
    const req256 = buildTimestampRequest({ data, hashAlgorithm: 'sha256' });
    expect(check(buildTimestampResponse({ status: 'granted', token: tokenFor(h) }), req256)).toBe('mlog.timestamp_response_validation_failed');
  });

  it('an unreadable body is mlog.reading_timestamp_response_failed; a broken token mlog.timestamp_response_object_creation_failed', () => {
    expect(codeOf(() => parseTimestampResponse(Buffer.from('<html>502</html>')))).toBe('mlog.reading_timestamp_response_failed');
    expect(codeOf(() => parseTimestampResponse(Buffer.alloc(0)))).toBe('mlog.reading_timestamp_response_failed');
    const broken = buildTimestampResponse({ status: 'granted', token: Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00]) });
    expect(codeOf(() => parseTimestampResponse(broken))).toBe('mlog.timestamp_response_object_creation_failed');
  });
});
