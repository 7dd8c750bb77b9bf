// The RFC 3161 client against the TSA simulator's knobs (TSA-001/002): what it sends, what it
// accepts, the mlog.* code for each refusal, and falling through to the next TSA.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTimestampRequest, parseTimestampToken, type TimestampRequest } from '../../../protocol/timestamp/index.js';
import type { ApprovedTsa } from '../../../protocol/trust/index.js';
import type { TsaKnobName, TsaKnobSettings } from '../../tsa/index.js';
import { logFixture, type LogFixture } from './test-fixture.js';
import { ALL_TSAS_FAILED, requestTimestamp, timestampFromTsa } from './tsa-client.js';

let f: LogFixture;
let capture: Server;
let captured: { contentType?: string; method?: string; request?: TimestampRequest } = {};
let captureTsa: ApprovedTsa;
const data = Buffer.from('stamp me');

beforeAll(async () => {
  f = await logFixture();
  capture = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      captured = { contentType: req.headers['content-type'], method: req.method, request: parseTimestampRequest(Buffer.concat(chunks)) };
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((r) => capture.listen(0, '127.0.0.1', () => r()));
  captureTsa = { name: 'capture', url: `http://127.0.0.1:${(capture.address() as AddressInfo).port}/`, cert: f.tsa.approvedTsa.cert };
});

afterAll(async () => {
  await new Promise<void>((r) => capture.close(() => r()));
  await f.stop();
});

async function withKnob<K extends TsaKnobName>(name: K, value: TsaKnobSettings[K], fn: () => Promise<void>) {
  await f.tsa.knobs.set(name, value);
  try {
    await fn();
  } finally {
    await f.tsa.knobs.clear();
  }
}

describe('timestampFromTsa', () => {
  it('POSTs application/timestamp-query with a SHA-512 imprint, no nonce, certReq not set (TSA-001)', async () => {
    await expect(timestampFromTsa(data, captureTsa, f.trust)).rejects.toMatchObject({ code: 'mlog.timestamping_non_ok_response' });
    expect(captured.method).toBe('POST');
    expect(captured.contentType).toBe('application/timestamp-query');
    const req = captured.request!;
    expect(req.nonce).toBeUndefined();
    expect(req.certReq).toBe(false);
    expect(req.messageImprint.hashAlgorithm).toBe('sha512');
    expect(req.messageImprint.hashedMessage.equals(createHash('sha512').update(data).digest())).toBe(true);
  });

  it('accepts granted and grantedWithMods tokens over the data from the approved TSA', async () => {
    const granted = await timestampFromTsa(data, f.tsa.approvedTsa, f.trust);
    expect(parseTimestampToken(granted.tokenDer).tstInfo.messageImprint.hashedMessage.equals(createHash('sha512').update(data).digest())).toBe(true);
    await withKnob('grantedWithMods', true, async () => {
      await expect(timestampFromTsa(data, f.tsa.approvedTsa, f.trust)).resolves.toMatchObject({ tsa: f.tsa.approvedTsa });
    });
  });

  const refusals: Array<[TsaKnobName, TsaKnobSettings[TsaKnobName], string]> = [
    ['rejection', { statusString: 'simulated rejection' }, 'mlog.timestamp_non_granted_response'],
    ['wrongImprint', true, 'mlog.timestamp_response_validation_failed'],
    ['badSignature', true, 'mlog.timestamp_signer_verification_failed'],
    ['unknownSigner', true, 'mlog.tsp_certificate_not_found'],
    ['httpError', { status: 500 }, 'mlog.timestamping_non_ok_response'],
    ['down', true, 'mlog.timestamp_provider_connection_failed'],
  ];
  for (const [knob, value, code] of refusals) {
    it(`refuses the ${knob} knob with ${code} (TSA-002)`, async () => {
      await withKnob(knob, value, async () => {
        await expect(timestampFromTsa(data, f.tsa.approvedTsa, f.trust, { timeoutMs: 2000 })).rejects.toMatchObject({ code });
      });
    });
  }

  it('gives up on a slow TSA after the time limit', async () => {
    await withKnob('slow', { delayMs: 2000 }, async () => {
      const started = Date.now();
      await expect(timestampFromTsa(data, f.tsa.approvedTsa, f.trust, { timeoutMs: 200 })).rejects.toMatchObject({ code: 'mlog.timestamp_request_timed_out' });
      expect(Date.now() - started).toBeLessThan(1500);
    });
  });
});

describe('requestTimestamp', () => {
  it('tries the next TSA when one fails', async () => {
    const outcome = await requestTimestamp(data, f.trust, { tsas: [captureTsa, f.tsa.approvedTsa] });
    expect(outcome.tsa).toBe(f.tsa.approvedTsa);
  });

  it('fails with timestamping_failed naming every TSA when all fail, and when none is configured', async () => {
    const err = await requestTimestamp(data, f.trust, { tsas: [captureTsa, { ...captureTsa, url: 'http://127.0.0.1:1/' }] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'timestamping_failed', message: ALL_TSAS_FAILED });
    const detail = (err as { detail: string }).detail.split('\n');
    expect(detail).toHaveLength(2);
    expect(detail[0]).toContain('mlog.timestamping_non_ok_response');
    expect(detail[1]).toContain('mlog.timestamp_provider_connection_failed');
    await expect(requestTimestamp(data, { approvedTsas: [] })).rejects.toMatchObject({ code: 'timestamping_failed' });
  });
});
