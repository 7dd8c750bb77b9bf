import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type IssuedCert, type TestPki } from '../../simulators/pki/index.js';
import { faultCodeOf } from '../test-support/fault-code.js';
import { digestBase64, signatureAlgorithmFor, type DigestName } from './algorithms.js';
import { readDirectoryContent, trustFromDirectoryContent } from './directory-content.js';
import { buildSignedDirectory, buildSignedEnvelope, configurationFiles, formatExpireDate, generationFolder, type DirectorySigningKey } from './directory-signer.js';
import { buildFetchIntervalParameters, buildMonitoringParameters, buildNextUpdateParameters } from './optional-parts-builder.js';
import { buildPrivateParameters } from './private-params-builder.js';
import { buildSharedParameters } from './shared-params-builder.js';
import { verifySignedDirectory } from './signed-directory.js';
import { fullPrivateInput, fullSharedInput, type FixtureCerts } from './test-fixture.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const EXPIRE = new Date('2026-11-23T10:10:00Z');

const code = (fn: () => unknown): string => faultCodeOf(fn, 'valid');

function key(c: IssuedCert, extra: Partial<DirectorySigningKey> = {}): DirectorySigningKey {
  return { privateKey: c.privateKey, cert: c.certDer, ...extra };
}

/** openssl as the independent verifier of the signature over the exact signed bytes. */
function opensslVerifies(signer: IssuedCert, data: Buffer, sig: Buffer, digest: DigestName, pss = false): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'gconf-openssl-'));
  try {
    writeFileSync(join(dir, 'cert.pem'), signer.certPem);
    writeFileSync(join(dir, 'data'), data);
    writeFileSync(join(dir, 'sig'), sig);
    const pub = spawnSync('openssl', ['x509', '-in', join(dir, 'cert.pem'), '-pubkey', '-noout', '-out', join(dir, 'pub.pem')], { timeout: 20_000 });
    if (pub.status !== 0) return false;
    const pssArgs = pss ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest', '-sigopt', `rsa_mgf1_md:${digest}`] : [];
    const r = spawnSync('openssl', ['dgst', `-${digest}`, ...pssArgs, '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'sig'), join(dir, 'data')], { encoding: 'utf8', timeout: 20_000 });
    return r.status === 0 && r.stdout.includes('Verified OK');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('directory signer (corrections.md §3 layout) and our verifier', () => {
  let pki: TestPki;
  let ecPki: TestPki;
  let certs: FixtureCerts;
  beforeAll(async () => {
    [pki, ecPki] = await Promise.all([createTestPki({ withIntermediate: true }), createTestPki({ keyAlgorithm: 'ec' })]);
    certs = {
      rootCa: pki.rootCa.certDer,
      intermediateCa: pki.intermediateCa!.certDer,
      ocsp: pki.ocspSigner.certDer,
      tsa: pki.tsaSigner.certDer,
      csSigner: pki.centralServerSigner.certDer,
      authCerts: [pki.securityServers.SS1.auth.certDer, pki.securityServers.SS2.auth.certDer],
    };
  });

  const files = (kind: 'internal' | 'external', version: 2 | 3 | 4 | 5 | 6 = 6, withOptional = false) =>
    configurationFiles({
      kind,
      version,
      instanceIdentifier: 'DEV',
      folder: generationFolder(NOW),
      sharedParams: buildSharedParameters(fullSharedInput(certs), version),
      privateParams: kind === 'internal' ? buildPrivateParameters(fullPrivateInput(certs), version) : undefined,
      optionalParts: withOptional
        ? {
            monitoring: buildMonitoringParameters({ monitoringClientId: { objectType: 'MEMBER', xRoadInstance: 'DEV', memberClass: 'COM', memberCode: '1234' } }),
            nextUpdate: buildNextUpdateParameters({ verifyNextUpdate: false }),
            fetchInterval: buildFetchIntervalParameters({ ocspFetchInterval: 20 }),
          }
        : undefined,
    });

  it('writes the exact byte layout of corrections §3', () => {
    const f = files('external');
    const built = buildSignedDirectory({ expireDate: EXPIRE, version: 6, files: f, signer: key(pki.centralServerSigner), boundaries: { outer: 'OUTERxxxxxxxxxxxxxxx', inner: 'INNERxxxxxxxxxxxxxxx' } });
    const h = digestBase64('sha512', Buffer.from(f[0].content as string));
    const certHash = digestBase64('sha512', pki.centralServerSigner.certDer);
    const expected = [
      'Content-Type: multipart/related; charset=UTF-8; boundary=OUTERxxxxxxxxxxxxxxx',
      '',
      '--OUTERxxxxxxxxxxxxxxx',
      'Content-Type: multipart/mixed; charset=UTF-8; boundary=INNERxxxxxxxxxxxxxxx',
      '',
      '--INNERxxxxxxxxxxxxxxx',
      'Expire-date: 2026-11-23T10:10:00Z',
      'Version: 6',
      '',
      '--INNERxxxxxxxxxxxxxxx',
      'Content-type: application/octet-stream',
      'Content-transfer-encoding: base64',
      "Content-identifier: SHARED-PARAMETERS; instance='DEV'",
      'Content-location: /V6/20261123100000000000000/shared-params.xml',
      'Hash-algorithm-id: http://www.w3.org/2001/04/xmlenc#sha512',
      '',
      h,
      '--INNERxxxxxxxxxxxxxxx--',
      '',
      '--OUTERxxxxxxxxxxxxxxx',
      'Content-Type: application/octet-stream',
      'Content-Transfer-Encoding: base64',
      'Signature-Algorithm-Id: http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
      `Verification-certificate-hash: ${certHash}; hash-algorithm-id="http://www.w3.org/2001/04/xmlenc#sha512"`,
      '',
      built.signature.toString('base64'),
      '--OUTERxxxxxxxxxxxxxxx--',
      '',
    ].join('\r\n');
    expect(built.body.toString('utf8')).toBe(expected);
    expect(built.signedData.toString()).toBe(expected.slice(expected.indexOf('--INNER'), expected.indexOf('--INNERxxxxxxxxxxxxxxx--') + 26));
    expect(opensslVerifies(pki.centralServerSigner, built.signedData, built.signature, 'sha512')).toBe(true);
  });

  it('random boundaries are 20 alphanumerics; generation folders are uuuuMMddHHmmss + 9-digit nanos', () => {
    const b = buildSignedDirectory({ expireDate: EXPIRE, version: 6, files: files('external'), signer: key(pki.centralServerSigner) });
    expect(b.outerBoundary).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(b.innerBoundary).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(b.innerBoundary).not.toBe(b.outerBoundary);
    expect(generationFolder(new Date('2025-11-10T17:00:00.548Z'), 26000)).toBe('20251110170000548026000');
    expect(formatExpireDate(new Date('2035-11-11T03:07:40.123Z'))).toBe('2035-11-11T03:07:40Z');
  });

  it.each([
    ['RSA SHA-256', () => key(pki.centralServerSigner, { signatureAlgorithm: signatureAlgorithmFor('rsa', 'sha256') }), 'sha256', false],
    ['RSA SHA-512', () => key(pki.centralServerSigner), 'sha512', false],
    ['RSA-PSS SHA-512 (MGF1, salt = hash length)', () => key(pki.centralServerSigner, { signatureAlgorithm: 'http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1' }), 'sha512', true],
    ['ECDSA P-256 SHA-256', () => key(ecPki.centralServerSigner), 'sha256', false],
    ['ECDSA P-256 SHA-512, SHA-256 cert hash', () => key(ecPki.centralServerSigner, { signatureAlgorithm: signatureAlgorithmFor('ecdsa', 'sha512'), certHashAlgorithm: 'sha256' }), 'sha512', false],
  ] as const)('%s: our verifier and openssl accept it; a byte flip in the signed part fails', (_n, signer, digest, pss) => {
    const s = signer();
    const issued = s.privateKey === ecPki.centralServerSigner.privateKey ? ecPki.centralServerSigner : pki.centralServerSigner;
    const built = buildSignedDirectory({ expireDate: EXPIRE, version: 6, files: files('internal'), signer: s });
    const d = verifySignedDirectory(built.body, { verificationCerts: [issued.certPem, pki.rootCa.certDer], now: NOW });
    expect(d.signatureAlgorithm.digest).toBe(digest);
    expect(opensslVerifies(issued, built.signedData, built.signature, digest, pss)).toBe(true);
    const flipped = Buffer.from(built.signedData);
    flipped[5] ^= 0x20;
    expect(opensslVerifies(issued, flipped, built.signature, digest, pss)).toBe(false);
    const start = built.body.indexOf(built.signedData);
    const tampered = Buffer.from(built.body);
    tampered[start + 5] ^= 0x20;
    expect(code(() => verifySignedDirectory(tampered, { verificationCerts: [issued.certDer], now: NOW }))).toBe('global_conf_signature_verification_failure');
  });

  it('any byte flip anywhere in the signed part fails verification (property)', () => {
    const built = buildSignedDirectory({ expireDate: EXPIRE, version: 6, files: files('internal', 6, true), signer: key(pki.centralServerSigner) });
    const start = built.body.indexOf(built.signedData);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: built.signedData.length - 1 }), fc.integer({ min: 1, max: 255 }), (offset, mask) => {
        const t = Buffer.from(built.body);
        t[start + offset] ^= mask;
        return code(() => verifySignedDirectory(t, { verificationCerts: [pki.centralServerSigner.certDer], now: NOW })) === 'global_conf_signature_verification_failure';
      }),
      { numRuns: 300 },
    );
  });

  it('internalconf: SHARED, PRIVATE and the optional parts; externalconf: SHARED only; contents hash, parse and give trust', () => {
    const internal = buildSignedDirectory({ expireDate: EXPIRE, version: 6, files: files('internal', 6, true), signer: key(pki.centralServerSigner) });
    const d = verifySignedDirectory(internal.body, { verificationCerts: [pki.centralServerSigner.certDer], now: NOW, instanceIdentifier: 'DEV' });
    expect(d.parts.map((p) => p.contentIdentifier)).toEqual(['SHARED-PARAMETERS', 'PRIVATE-PARAMETERS', 'MONITORING', 'NEXTUPDATE', 'FETCHINTERVAL']);
    expect(d.parts.every((p) => p.instance === 'DEV')).toBe(true);
    const byLocation = new Map(files('internal', 6, true).map((f) => [f.contentLocation, Buffer.from(f.content)]));
    const content = readDirectoryContent(d, (p) => byLocation.get(p.contentLocation)!);
    const dev = content.instances.get('DEV')!;
    expect(dev.monitoring?.monitoringClientId?.memberCode).toBe('1234');
    expect(dev.fetchInterval?.ocspFetchInterval).toBe(20);
    const trust = trustFromDirectoryContent(content, 'DEV');
    expect(trust.verifyNextUpdate).toBe(false);
    expect(trust.ocspFreshnessSeconds).toBe(600);
    expect(trust.approvedCas[0].intermediateCas[0].fingerprint256).toBe(pki.intermediateCa!.cert.fingerprint256);
    expect(trust.approvedCas[0].ocspResponders.map((o) => o.url)).toEqual(['http://127.0.0.1:4001/ocsp', 'http://127.0.0.1:4001/ocsp-int']);
    expect(trust.approvedTsas[0].cert.fingerprint256).toBe(pki.tsaSigner.cert.fingerprint256);

    const external = buildSignedDirectory({ expireDate: EXPIRE, version: 6, files: files('external'), signer: key(pki.centralServerSigner) });
    const e = verifySignedDirectory(external.body, { verificationCerts: [pki.centralServerSigner.certDer], now: NOW });
    expect(e.parts.map((p) => p.contentIdentifier)).toEqual(['SHARED-PARAMETERS']);
    expect(() => configurationFiles({ kind: 'internal', version: 6, instanceIdentifier: 'DEV', folder: 'x', sharedParams: 'x' })).toThrow(/private-params/);
  });

  it.each([2, 3, 4, 5, 6] as const)('version %i directory round-trips through verifier and content reader', (v) => {
    const built = buildSignedDirectory({ expireDate: EXPIRE, version: v === 2 ? undefined : v, files: files('internal', v), signer: key(pki.centralServerSigner) });
    const d = verifySignedDirectory(built.body, { verificationCerts: [pki.centralServerSigner.certDer], now: NOW });
    const byLocation = new Map(files('internal', v).map((f) => [f.contentLocation, Buffer.from(f.content)]));
    const content = readDirectoryContent(d, (p) => byLocation.get(p.contentLocation)!);
    expect(content.version).toBe(v);
    expect(content.instances.get('DEV')!.shared!.version).toBe(v);
  });

  it('LF-only directories are read too', () => {
    const built = buildSignedDirectory({ expireDate: EXPIRE, version: 6, files: files('internal'), signer: key(pki.centralServerSigner), lineEnding: '\n' });
    expect(built.body.includes('\r')).toBe(false);
    expect(verifySignedDirectory(built.body, { verificationCerts: [pki.centralServerSigner.certDer], now: NOW }).parts).toHaveLength(2);
  });

  it('an unknown signer, a signature over other bytes, an expired directory each get their code', () => {
    const other = pki.securityServers.SS1.auth;
    const unknown = buildSignedDirectory({ expireDate: EXPIRE, version: 6, files: files('internal'), signer: key(other) });
    expect(code(() => verifySignedDirectory(unknown.body, { verificationCerts: [pki.centralServerSigner.certDer], now: NOW }))).toBe('global_conf_missing_verification_cert');
    const wrong = buildSignedDirectory({ expireDate: EXPIRE, version: 6, files: files('internal'), signer: key(pki.centralServerSigner), signOver: (b) => Buffer.concat([b, Buffer.from('x')]) });
    expect(code(() => verifySignedDirectory(wrong.body, { verificationCerts: [pki.centralServerSigner.certDer], now: NOW }))).toBe('global_conf_signature_verification_failure');
    const ok = buildSignedDirectory({ expireDate: EXPIRE, version: 6, files: files('internal'), signer: key(pki.centralServerSigner) });
    expect(code(() => verifySignedDirectory(ok.body, { verificationCerts: [pki.centralServerSigner.certDer], now: new Date(EXPIRE.getTime() + 1) }))).toBe('global_conf_outdated');
    expect(code(() => verifySignedDirectory(ok.body, { verificationCerts: [pki.centralServerSigner.certDer], now: EXPIRE }))).toBe('valid');
  });

  describe('header rules (each defect correctly signed, so only the rule under test can fire)', () => {
    const resign = (mutate: (signed: string) => string, outerMutate: (body: string) => string = (b) => b) => {
      const base = buildSignedDirectory({ expireDate: EXPIRE, version: 6, files: files('internal'), signer: key(pki.centralServerSigner), boundaries: { inner: 'IIIIIIIIIIIIIIIIIIII', outer: 'OOOOOOOOOOOOOOOOOOOO' } });
      const signedData = Buffer.from(mutate(base.signedData.toString('utf8')), 'utf8');
      const env = buildSignedEnvelope({ signedData, innerBoundary: 'IIIIIIIIIIIIIIIIIIII', outerBoundary: 'OOOOOOOOOOOOOOOOOOOO', signer: key(pki.centralServerSigner) });
      const body = Buffer.from(outerMutate(env.body.toString('utf8')), 'utf8');
      return code(() => verifySignedDirectory(body, { verificationCerts: [pki.centralServerSigner.certDer], now: NOW }));
    };
    it.each([
      ['unchanged', (s: string) => s, 'valid'],
      ['no Expire-date', (s: string) => s.replace(/Expire-date: [^\r]*\r\n/, ''), 'global_conf_header_field_missing'],
      ['Expire-date without offset', (s: string) => s.replace(/(Expire-date: [^Z]*)Z/, '$1'), 'global_conf_header_field_wrong_value'],
      ['Expire-date with +02:00 offset', (s: string) => s.replace(/Expire-date: [^\r]*/, 'Expire-date: 2026-11-23T12:10:00+02:00'), 'valid'],
      ['non-numeric Version', (s: string) => s.replace('Version: 6', 'Version: six'), 'global_conf_header_field_wrong_value'],
      ['part with Content-transfer-encoding quoted-printable', (s: string) => s.replace('Content-transfer-encoding: base64', 'Content-transfer-encoding: quoted-printable'), 'global_conf_header_field_wrong_value'],
      ['part with Content-type text/xml', (s: string) => s.replace('Content-type: application/octet-stream', 'Content-type: text/xml'), 'global_conf_header_field_wrong_value'],
      ['part without Content-location', (s: string) => s.replace(/Content-location: [^\r]*\r\n/, ''), 'global_conf_header_field_missing'],
      ['part without Hash-algorithm-id', (s: string) => s.replace(/Hash-algorithm-id: [^\r]*\r\n/, ''), 'global_conf_header_field_missing'],
      ['SHARED-PARAMETERS without instance', (s: string) => s.replace("SHARED-PARAMETERS; instance='DEV'", 'SHARED-PARAMETERS'), 'global_conf_header_field_missing_parameter'],
      ['unknown content identifier', (s: string) => s.replace("PRIVATE-PARAMETERS; instance='DEV'", "SOMETHING-NEW; instance='DEV'"), 'valid'],
      ['instance in double quotes', (s: string) => s.replace("instance='DEV'", 'instance="DEV"'), 'valid'],
    ])('%s -> %s', (_n, mutate, expected) => {
      expect(resign(mutate)).toBe(expected);
    });
    it.each([
      ['signature part Content-Transfer-Encoding 8bit', (b: string) => b.replace('Content-Transfer-Encoding: base64', 'Content-Transfer-Encoding: 8bit'), 'global_conf_header_field_wrong_value'],
      ['no Signature-Algorithm-Id', (b: string) => b.replace(/Signature-Algorithm-Id: [^\r]*\r\n/, ''), 'global_conf_header_field_missing'],
      ['unknown Signature-Algorithm-Id', (b: string) => b.replace(/Signature-Algorithm-Id: [^\r]*/, 'Signature-Algorithm-Id: urn:x'), 'global_conf_header_field_wrong_value'],
      ['hash-algorithm-id parameter missing', (b: string) => b.replace(/; hash-algorithm-id="[^"]*"/, ''), 'global_conf_header_field_missing_parameter'],
      ['Hash-Algorithm-Id parameter in other case (case-sensitive)', (b: string) => b.replace('; hash-algorithm-id=', '; Hash-Algorithm-Id='), 'global_conf_header_field_missing_parameter'],
      ['signature not base64', (b: string) => b.replace(/\r\n\r\n([A-Za-z0-9+/=]{20,})\r\n--OOOO/, '\r\n\r\n@@@@\r\n--OOOO'), 'global_conf_signature_decode_failure'],
      ['no signature part', (b: string) => b.slice(0, b.lastIndexOf('\r\n--OOOOOOOOOOOOOOOOOOOO\r\n')), 'global_conf_missing_signed_data_expiration_date'],
      ['no parts at all', (b: string) => b.slice(0, b.indexOf('--OOOO')), 'global_conf_missing_signed_data'],
      ['no multipart Content-Type line', (b: string) => b.replace(/^Content-Type: [^\r]*/, 'X-Other: 1'), 'global_conf_parsing_downloaded_conf_directory_failure'],
      ['Content-Type line that is not multipart', (b: string) => b.replace(/^Content-Type: [^\r]*/, 'Content-Type: text/plain'), 'global_conf_parsing_downloaded_conf_directory_failure'],
    ])('%s -> %s', (_n, outerMutate, expected) => {
      expect(resign((s) => s, outerMutate)).toBe(expected);
    });

    it('a PRIVATE file for another instance than its part header -> global_conf_part_invalid_instance_identifier', () => {
      const f = files('internal');
      f[1] = { ...f[1], instance: 'OTHER' };
      const built = buildSignedDirectory({ expireDate: EXPIRE, version: 6, files: f, signer: key(pki.centralServerSigner) });
      const d = verifySignedDirectory(built.body, { verificationCerts: [pki.centralServerSigner.certDer], now: NOW });
      const byLocation = new Map(f.map((x) => [x.contentLocation, Buffer.from(x.content)]));
      expect(code(() => readDirectoryContent(d, (p) => byLocation.get(p.contentLocation)!))).toBe('global_conf_part_invalid_instance_identifier');
      expect(code(() => readDirectoryContent(d, () => { throw new Error('ECONNRESET'); }))).toBe('global_conf_part_download_failure');
    });
  });
});
