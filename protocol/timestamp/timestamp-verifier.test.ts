import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { faultCodesEqual, isXRoadError } from '../faults/index.js';
import { describeWithVectors, readVector, vectorPath } from '../test-support/vectors.js';
import type { ApprovedTsa } from '../trust/index.js';
import { digest } from './hash-algorithms.js';
import {
  approvedTsasFromSharedParams,
  certFromLooseText,
  ocspResponderCertsFromSharedParams,
  trustFromExtractedDir,
} from './testing/vector-trust.js';
import { parseTimestampToken } from './timestamp-token.js';
import { verifyTimestampSignature, verifyTimestampToken, type TimestampTrust } from './timestamp-verifier.js';
import { codeOf } from '../test-support/fault-code.js';


describeWithVectors('verifyTimestampToken on X-Road TimestampVerifierTest vectors (CATALOG: RFC 3161 timestamps)', () => {
  let trust: TimestampTrust;
  let sharedParams: string;
  let valid: Buffer;
  let invalidSignature: Buffer;
  let stampedData: Buffer;

  beforeAll(() => {
    sharedParams = readVector('globalconf', 'dirs', 'globalconf_good_v2', 'EE', 'shared-params.xml').toString('utf8');
    trust = { approvedTsas: approvedTsasFromSharedParams(sharedParams) };
    valid = readVector('timestamps', 'globalconf-impl', 'valid');
    invalidSignature = readVector('timestamps', 'globalconf-impl', 'invalid-signature');
    stampedData = readVector('timestamps', 'globalconf-impl', 'stamped-data');
  });

  it('takes the approvedTSA cert from shared-params, equal to certs/common-test/tsp.pem', () => {
    const tsp = certFromLooseText(readVector('certs', 'common-test', 'tsp.pem').toString('latin1'));
    expect(trust.approvedTsas).toHaveLength(1);
    expect(trust.approvedTsas[0]!.cert.raw.equals(tsp.raw)).toBe(true);
  });

  it('valid + stamped-data: valid, genTime 2012-11-29T13:10:04Z, although the TSA cert expired in 2014', () => {
    const r = verifyTimestampToken(valid, { stampedData, trust });
    expect(r.genTime.toISOString()).toBe('2012-11-29T13:10:04.000Z');
    expect(r.signerCert.subject).toContain('CN=timestamp1');
    expect(r.tstInfo.messageImprint.hashAlgorithm).toBe('sha256');
    expect(r.signingTime?.toISOString()).toBe('2012-11-29T13:10:04.000Z');
  });

  it('accepts the imprint instead of the data, and refuses a wrong one', () => {
    expect(verifyTimestampToken(valid, { imprint: { digest: digest('sha256', stampedData) }, trust }).genTime).toBeInstanceOf(Date);
    expect(codeOf(() => verifyTimestampToken(valid, { imprint: { digest: digest('sha256', Buffer.from('x')) }, trust }))).toBe('malformed_signature');
    expect(codeOf(() => verifyTimestampToken(valid, { imprint: { hashAlgorithm: 'sha512', digest: digest('sha512', stampedData) }, trust }))).toBe(
      'malformed_signature',
    );
  });

  it('stamped-data with byte[42]=0x01: malformed_signature "Timestamp hashes do not match"', () => {
    const tampered = Buffer.from(stampedData);
    expect(tampered[42]).not.toBe(0x01);
    tampered[42] = 0x01;
    let err: unknown;
    try {
      verifyTimestampToken(valid, { stampedData: tampered, trust });
    } catch (e) {
      err = e;
    }
    expect(isXRoadError(err) && faultCodesEqual(err.code, 'MalformedSignature')).toBe(true);
    expect((err as Error).message).toContain('Timestamp hashes do not match');
  });

  it('TSP list = OCSP responder certs: mlog.tsp_certificate_not_found', () => {
    const ocspCerts = ocspResponderCertsFromSharedParams(sharedParams);
    expect(ocspCerts.length).toBeGreaterThan(0);
    const wrongTrust = { approvedTsas: ocspCerts.map((cert, i): ApprovedTsa => ({ name: `ocsp${i}`, url: '', cert })) };
    expect(codeOf(() => verifyTimestampToken(valid, { stampedData, trust: wrongTrust }))).toBe('mlog.tsp_certificate_not_found');
  });

  it('no approved TSA at all: mlog.no_timestamping_provider_found', () => {
    expect(codeOf(() => verifyTimestampToken(valid, { stampedData, trust: { approvedTsas: [] } }))).toBe('mlog.no_timestamping_provider_found');
  });

  it('invalid-signature + stamped-data: mlog.timestamp_signer_verification_failed', () => {
    expect(codeOf(() => verifyTimestampToken(invalidSignature, { stampedData, trust }))).toBe('mlog.timestamp_signer_verification_failed');
  });

  it('tsp.response: granted, nonce 0x075BCD15, token signature verifies against tsp.pem', async () => {
    const { parseTimestampResponse } = await import('./timestamp-response.js');
    const resp = parseTimestampResponse(readVector('timestamps', 'tsp-response', 'tsp.response'));
    expect(resp.status).toBe('granted');
    expect(resp.tstInfo?.nonce).toBe(0x075bcd15n);
    expect(resp.tstInfo?.genTime.toISOString()).toBe('2014-05-06T08:28:49.000Z');
    const tsp = certFromLooseText(readFileSync(vectorPath('certs', 'common-test', 'tsp.pem'), 'latin1'));
    const r = verifyTimestampSignature(resp.token!, { approvedTsas: [{ name: 'tsp', url: '', cert: tsp }] });
    expect(r.signerCert.raw.equals(tsp.raw)).toBe(true);
    // The same token with one signature byte flipped must not verify.
    const bad = Buffer.from(resp.token!);
    bad[bad.length - 5] ^= 0x01;
    expect(codeOf(() => verifyTimestampSignature(bad, { approvedTsas: [{ name: 'tsp', url: '', cert: tsp }] }))).toBe(
      'mlog.timestamp_signer_verification_failed',
    );
  });
});

describeWithVectors('verifyTimestampToken on tokens extracted from valid ASiC vectors (ocsp-timestamps-extracted.manifest.json)', () => {
  const manifest = JSON.parse(readVector('ocsp-timestamps-extracted.manifest.json').toString('utf8')) as {
    timestamps: Array<{ file: string; stampedData: string; source: string }>;
  };
  const trustDirFor = (file: string) => (file.includes('/cs-') ? 'cs-messagelog' : 'dev-good2_v3');

  it('lists every token in timestamps/extracted', () => {
    const onDisk = readdirSync(vectorPath('timestamps', 'extracted')).filter((f) => f.endsWith('.tst'));
    expect(onDisk.length).toBeGreaterThan(0);
    expect(manifest.timestamps.map((t) => t.file.split('/').pop()).sort()).toEqual(onDisk.sort());
  });

  for (const entry of manifest.timestamps) {
    describe(entry.file, () => {
      const trust = () => trustFromExtractedDir(vectorPath('globalconf', 'extracted-trust', trustDirFor(entry.file)));
      const token = () => readVector(entry.file);
      const data = () => readVector(entry.stampedData);

      it('verifies against its exact stamped data', () => {
        const r = verifyTimestampToken(token(), { stampedData: data(), trust: trust() });
        expect(r.signerCert.subject).toContain('TSA');
        expect(r.genTime.getTime()).toBeGreaterThan(Date.UTC(2024, 0, 1));
      });

      it('fails with malformed_signature when one stamped byte changes', () => {
        const d = data();
        d[0] ^= 0x01;
        expect(codeOf(() => verifyTimestampToken(token(), { stampedData: d, trust: trust() }))).toBe('malformed_signature');
      });

      it('fails with mlog.tsp_certificate_not_found under another instance\'s TSA', () => {
        const other = new X509Certificate(readVector('globalconf', 'extracted-trust', 'cs-messagelog', 'tsa_X-Road_Test_TSA_CN_.pem'));
        expect(codeOf(() => verifyTimestampToken(token(), { stampedData: data(), trust: { approvedTsas: [{ name: 'x', url: '', cert: other }] } }))).toBe(
          'mlog.tsp_certificate_not_found',
        );
      });

      it('parses the TSTInfo the way openssl prints it (SHA-512 imprint, TSA DirName)', () => {
        const t = parseTimestampToken(token());
        expect(t.tstInfo.messageImprint.hashAlgorithm).toBe('sha512');
        expect(t.tstInfo.tsa).toBe('DirName:O=Test, CN=Test TSA');
        expect(t.essCertId.version).toBe(1);
      });
    });
  }
});
