import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { faultCodeOf } from '../test-support/fault-code.js';
import { describeWithVectors, readVector, vectorPath } from '../test-support/vectors.js';
import { anchorVerificationCerts, parseConfigurationAnchor } from './anchor.js';
import { readDirectoryContent, trustFromDirectoryContent } from './directory-content.js';
import { parseSharedParameters } from './shared-params.js';
import { partFileName, resolvePartUrl, verifyDownloadedPart, verifySignedDirectory, type SignedDirectory } from './signed-directory.js';

const CC = ['globalconf', 'signed-directory', 'configuration-client'];
const ST = ['globalconf', 'signed-directory', 'system-test', 'public'];
const consumer = () => readVector('certs', 'common-test', 'consumer.pem');
const producer = () => readVector('certs', 'common-test', 'producer.pem');
/** test-conf-simple expires 2026-05-20T17:42:55Z (CATALOG §2): pin the clock before it. */
const BEFORE_SIMPLE_EXPIRY = new Date('2026-05-20T17:42:55Z');
const TODAY = new Date('2026-11-23T12:00:00Z');
const IN_2030 = new Date('2030-01-01T00:00:00Z');

function systemTest(v: number, kind: 'internalconf' | 'externalconf'): Buffer {
  return readVector(...ST, `V${v}`, kind);
}
function systemTestFile(contentLocation: string): Buffer {
  return readFileSync(vectorPath(...ST, ...contentLocation.split('/').filter(Boolean)));
}
function sharedOf(v: number) {
  const dir = vectorPath(...ST, `V${v}`);
  const sub = readdirSync(dir).find((x) => /^\d+$/.test(x))!;
  // V3's file needs the v4 schema (corrections §2); only its certificates are used here.
  return parseSharedParameters(readFileSync(`${dir}/${sub}/shared-params.xml`), Math.max(v, 4) as 4 | 5 | 6);
}
const stAnchor = () => parseConfigurationAnchor(readVector('globalconf', 'anchors', 'system-test', 'configuration_anchor_CS_internal.xml'));

const code = (fn: () => unknown): string => faultCodeOf(fn, 'valid');

describeWithVectors('signed directories of the configuration client tests (CATALOG "Signed configuration directories")', () => {
  const cc = (f: string) => readVector(...CC, f);

  it('test-conf-simple.txt: valid before its Expire-date; PRIVATE/SHARED/FOO parts whose files hash right', () => {
    const d = verifySignedDirectory(cc('test-conf-simple.txt'), { verificationCerts: [consumer()], now: BEFORE_SIMPLE_EXPIRY, instanceIdentifier: 'EE' });
    expect(d.expireDate.toISOString()).toBe('2026-05-20T17:42:55.000Z');
    expect(d.version).toBeUndefined();
    expect(d.signatureAlgorithm.uri).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha512');
    expect(d.verificationCertHash.startsWith('JcdLt1x')).toBe(true);
    expect(d.parts.map((p) => [p.contentIdentifier, p.instance, p.contentLocation, partFileName(p)])).toEqual([
      ['PRIVATE-PARAMETERS', 'EE', '/private-params.xml', 'private-params.xml'],
      ['SHARED-PARAMETERS', 'EE', '/shared-params.xml', 'shared-params.xml'],
      ['FOO', 'EE', '/foo.xml', 'foo.xml'],
    ]);
    const files = (p: { contentLocation: string }) => readVector(...CC, 'test-conf-simple', 'EE', p.contentLocation.slice(1));
    const content = readDirectoryContent(d, files);
    expect(content.version).toBe(2);
    expect(content.instances.get('EE')!.shared?.instanceIdentifier).toBe('EE');
    expect(content.instances.get('EE')!.private?.timeStampingIntervalSeconds).toBeGreaterThan(0);
    expect(content.otherParts.map((o) => o.content.toString())).toEqual(['foo content']);
    expect(trustFromDirectoryContent(content, 'EE').instanceIdentifier).toBe('EE');
    expect(() => verifyDownloadedPart(d.parts[2], Buffer.from('bar content'))).toThrow(expect.objectContaining({ code: 'global_conf_part_downloaded_file_integrity_failure' }));
  });

  it('test-conf-simple.txt is global_conf_outdated today (2026-11-23) and one second after its Expire-date', () => {
    expect(code(() => verifySignedDirectory(cc('test-conf-simple.txt'), { verificationCerts: [consumer()], now: TODAY }))).toBe('global_conf_outdated');
    expect(code(() => verifySignedDirectory(cc('test-conf-simple.txt'), { verificationCerts: [consumer()], now: () => new Date(BEFORE_SIMPLE_EXPIRY.getTime() + 1000) }))).toBe('global_conf_outdated');
  });

  it.each([
    ['test-conf-simple.txt with producer cert as anchor cert', 'global_conf_missing_verification_cert', 'test-conf-simple.txt', producer],
    ['test-conf-malformed.txt (no signature part)', 'global_conf_missing_signed_data_expiration_date', 'test-conf-malformed.txt', consumer],
    ['test-conf-missing-date.txt', 'global_conf_header_field_missing', 'test-conf-missing-date.txt', consumer],
    ['test-conf-missing-signature.txt (empty signature)', 'global_conf_signature_verification_failure', 'test-conf-missing-signature.txt', consumer],
    ['test-conf-invalid-signature.txt', 'global_conf_signature_verification_failure', 'test-conf-invalid-signature.txt', consumer],
    ['test-conf-detached.txt', 'valid', 'test-conf-detached.txt', consumer],
    ['test-conf-simple.txt', 'valid', 'test-conf-simple.txt', consumer],
  ])('%s -> %s', (_name, expected, file, cert) => {
    expect(code(() => verifySignedDirectory(cc(file), { verificationCerts: [cert()], now: BEFORE_SIMPLE_EXPIRY }))).toBe(expected);
  });

  it('test-conf-detached.txt lists only PRIVATE-PARAMETERS, whose anchor points at test-conf-simple for the shared part', () => {
    const d = verifySignedDirectory(cc('test-conf-detached.txt'), { verificationCerts: [consumer()], now: BEFORE_SIMPLE_EXPIRY });
    expect(d.parts.map((p) => p.contentIdentifier)).toEqual(['PRIVATE-PARAMETERS']);
    const content = readDirectoryContent(d, () => readVector(...CC, 'test-conf-detached', 'EE', 'private-params.xml'));
    const anchor = content.instances.get('EE')!.private!.configurationAnchors[0];
    expect(anchor.sources[0].downloadURL).toMatch(/test-conf-simple\.txt$/);
  });
});

describeWithVectors('real central-server directories V3..V6 (system-test)', () => {
  it('V6 internalconf verifies with the anchor certificate (internal.crt); SHARED+PRIVATE hash and parse as v6', () => {
    const d = verifySignedDirectory(systemTest(6, 'internalconf'), { verificationCerts: anchorVerificationCerts(stAnchor()), now: IN_2030, instanceIdentifier: 'DEV' });
    expect(d.version).toBe(6);
    expect(d.expireDate.toISOString()).toBe('2035-11-11T03:07:40.000Z');
    expect(d.parts.map((p) => `${p.contentIdentifier}/${p.instance}`)).toEqual(['SHARED-PARAMETERS/DEV', 'PRIVATE-PARAMETERS/DEV']);
    const content = readDirectoryContent(d, (p) => systemTestFile(p.contentLocation));
    const trust = trustFromDirectoryContent(content, 'DEV');
    expect(trust.approvedCas.map((c) => c.name)).toEqual(['Test CA', 'New CA']);
    expect(trust.approvedTsas[0].url).toBe('http://testca:8899');
    expect(resolvePartUrl('http://cs/internalconf?version=6', d.parts[0])).toBe('http://cs/V6/20251110170000548026000/shared-params.xml');
    expect(code(() => verifySignedDirectory(systemTest(6, 'internalconf'), { verificationCerts: anchorVerificationCerts(stAnchor()), now: new Date('2035-11-11T03:07:41Z') }))).toBe('global_conf_outdated');
  });

  it('key rotation: V6 shared-params announce a new internal key; V6 internalconf is still signed with the anchor key', () => {
    const announced = sharedOf(6).sources[0].internalVerificationCerts;
    expect(code(() => verifySignedDirectory(systemTest(6, 'internalconf'), { verificationCerts: announced, now: IN_2030 }))).toBe('global_conf_missing_verification_cert');
    expect(announced[0].cert.publicKey.export({ format: 'der', type: 'spki' })).not.toEqual(anchorVerificationCerts(stAnchor())[0].cert.publicKey.export({ format: 'der', type: 'spki' }));
  });

  it.each([
    [3, 'internalconf'],
    [3, 'externalconf'],
    [4, 'internalconf'],
    [4, 'externalconf'],
    [5, 'internalconf'],
    [5, 'externalconf'],
    [6, 'externalconf'],
  ] as const)('V%i %s: signature valid with a cert from the matching shared-params <source>', (v, kind) => {
    const shared = sharedOf(v);
    const certs = shared.sources.flatMap((s) => (kind === 'internalconf' ? s.internalVerificationCerts : s.externalVerificationCerts));
    const d = verifySignedDirectory(systemTest(v, kind), { verificationCerts: certs, now: IN_2030 });
    expect(d.version).toBe(v);
    expect(d.parts.map((p) => p.contentIdentifier).sort()).toEqual(kind === 'internalconf' ? ['PRIVATE-PARAMETERS', 'SHARED-PARAMETERS'] : ['SHARED-PARAMETERS']);
    const read = () => readDirectoryContent(d, (p) => systemTestFile(p.contentLocation));
    if (v === 6) {
      // Only internalconf was re-signed after shared-params was edited (CATALOG, inferred verdict).
      expect(code(read)).toBe('global_conf_part_downloaded_file_integrity_failure');
    } else if (v === 3) {
      // Hashes fine, but a v3 client refuses the v4-only ACME elements (corrections §2).
      for (const p of d.parts) expect(() => verifyDownloadedPart(p, systemTestFile(p.contentLocation))).not.toThrow();
      expect(code(read)).toBe('malformed_global_conf');
    } else {
      expect(read().instances.get('DEV')?.shared?.instanceIdentifier).toBe('DEV');
    }
  });

  it('every single-byte change in V6 internalconf\'s signed bytes fails the signature; outside them other rules fire', () => {
    const body = systemTest(6, 'internalconf');
    const certs = anchorVerificationCerts(stAnchor());
    const d: SignedDirectory = verifySignedDirectory(body, { verificationCerts: certs, now: IN_2030 });
    const start = body.indexOf(d.signedData);
    expect(start).toBeGreaterThan(0);
    // The signed bytes end with the inner close delimiter and its CRLF (corrections GCONF-004).
    expect(d.signedData.subarray(-26).toString()).toBe('--CNo5S3hBEIHbDGmANPgi--\r\n');
    expect(body.subarray(start + d.signedData.length, start + d.signedData.length + 4).toString()).toBe('\r\n--');
    const verdicts = new Set<string>();
    for (let i = start; i < start + d.signedData.length; i++) {
      const tampered = Buffer.from(body);
      tampered[i] ^= 0x01;
      verdicts.add(code(() => verifySignedDirectory(tampered, { verificationCerts: certs, now: IN_2030 })));
    }
    expect([...verdicts]).toEqual(['global_conf_signature_verification_failure']);
    const sigAt = body.lastIndexOf('ZpgGUY2o');
    const t2 = Buffer.from(body);
    t2[sigAt + 10] = t2[sigAt + 10] === 0x41 ? 0x42 : 0x41;
    expect(code(() => verifySignedDirectory(t2, { verificationCerts: certs, now: IN_2030 }))).toBe('global_conf_signature_verification_failure');
  });
});
