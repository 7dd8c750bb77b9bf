import { X509Certificate } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithVectors, readVector, vectorPath } from '../test-support/vectors.js';
import { checkConfigurationDirectory, loadConfigurationDirectory, readConfigurationDirectory, verifyConfigurationValidity } from './configuration-directory.js';
import { buildNextUpdateParameters } from './optional-parts-builder.js';

const D = (name: string) => vectorPath('globalconf', 'dirs', name);
const pem = (...p: string[]) => new X509Certificate(readVector('globalconf', 'extracted-trust', ...p));

describeWithVectors('on-disk configuration directories (CATALOG "Global configuration directories")', () => {
  it.each([
    ['globalconf_good_v2', ['EE', 'bar', 'foo']],
    ['globalconf_good_v3', ['EE', 'bar', 'foo_v2']],
    ['globalconf_good_v4', ['EE', 'bar', 'baz_v3', 'foo_v2']],
    ['globalconf_good_v5', ['EE', 'bar', 'baz_v3', 'foo_v2', 'qux_v4']],
    ['globalconf_good_v6', ['EE', 'bar', 'baz_v3', 'foo_v2', 'quux_v5', 'qux_v4']],
  ])('%s parses every instance with the version its metadata names', (name, instances) => {
    const dir = readConfigurationDirectory(D(name));
    expect(dir.instanceIdentifier).toBe('EE');
    expect([...dir.instances.keys()]).toEqual(instances);
    for (const inst of dir.instances.values()) {
      expect(inst.errors).toEqual([]);
      expect(inst.shared).toBeDefined();
    }
    expect(dir.instances.get('bar')!.private).toBeUndefined();
    expect(dir.instances.get('EE')!.private).toBeDefined();
    expect(checkConfigurationDirectory(D(name))).toBe('READY_TO_INIT');
  });

  it('globalconf_good_v2: private+shared for EE and foo, shared only for bar', () => {
    const dir = readConfigurationDirectory(D('globalconf_good_v2'));
    expect(dir.instances.get('foo')!.private?.instanceIdentifier).toBe('foo');
    expect(dir.instances.get('EE')!.shared!.version).toBe(2);
  });

  it('globalconf_good_v6: version 6 shared-params with OCSP cost types FREE/PAID', () => {
    const ee = readConfigurationDirectory(D('globalconf_good_v6')).instances.get('EE')!;
    expect(ee.shared!.version).toBe(6);
    const costs = ee.shared!.approvedCAs.flatMap((c) => c.topCA.ocsp.map((o) => o.costType));
    expect(costs).toContain('FREE');
    expect(costs).toContain('PAID');
  });

  it('globalconf_malformed: no exception; foo has no shared/private, the errors are kept', () => {
    const dir = readConfigurationDirectory(D('globalconf_malformed'));
    const foo = dir.instances.get('foo')!;
    expect(foo.shared).toBeUndefined();
    expect(foo.private).toBeUndefined();
    expect(foo.errors.map((e) => e.error.code)).toEqual(['malformed_global_conf', 'malformed_global_conf']);
    expect(() => loadConfigurationDirectory(D('globalconf_malformed'))).toThrow(expect.objectContaining({ code: 'malformed_global_conf' }));
  });

  it('globalconf_empty -> FAILURE_MALFORMED, globalconf_missing_identifier -> FAILURE_MISSING_INSTANCE_IDENTIFIER, bad paths -> FAILURE_CONFIGURATION_ERROR', () => {
    expect(checkConfigurationDirectory(D('globalconf_empty'))).toBe('FAILURE_MALFORMED');
    expect(checkConfigurationDirectory(D('globalconf_missing_identifier'))).toBe('FAILURE_MISSING_INSTANCE_IDENTIFIER');
    expect(checkConfigurationDirectory(D('no_such_dir'))).toBe('FAILURE_CONFIGURATION_ERROR');
    expect(checkConfigurationDirectory(join(D('globalconf_good_v4'), 'instance-identifier'))).toBe('FAILURE_CONFIGURATION_ERROR');
    expect(readConfigurationDirectory(D('globalconf_empty')).instances.size).toBe(0);
    expect(() => loadConfigurationDirectory(D('globalconf_missing_identifier'))).toThrow(expect.objectContaining({ code: 'malformed_global_conf', message: expect.stringContaining('instance-identifier') }));
    expect(() => loadConfigurationDirectory(D('globalconf_empty'))).toThrow(expect.objectContaining({ code: 'malformed_global_conf' }));
  });

  it('globalconf_good2_v3 (DEV, certs as base64 of PEM): trust matches the extracted PEMs, freshness 3600', () => {
    const loaded = loadConfigurationDirectory(D('globalconf_good2_v3'));
    expect(loaded.instanceIdentifier).toBe('DEV');
    const t = loaded.trust;
    expect(t.instanceIdentifier).toBe('DEV');
    expect(t.ocspFreshnessSeconds).toBe(3600);
    expect(t.verifyNextUpdate).toBe(true);
    expect(t.approvedCas).toHaveLength(1);
    expect(t.approvedCas[0].topCa.fingerprint256).toBe(pem('dev-good2_v3', 'ca_Test_CA_-topCA.pem').fingerprint256);
    expect(t.approvedCas[0].ocspResponders[0].cert?.fingerprint256).toBe(pem('dev-good2_v3', 'ca_Test_CA_-ocsp0.pem').fingerprint256);
    expect(t.approvedTsas[0].cert.fingerprint256).toBe(pem('dev-good2_v3', 'tsa_Test_TSA_.pem').fingerprint256);
    expect(t.approvedCas[0].certificateProfileInfo).toContain('FiVRK');
  });

  it('globalconf_good_v4 (EE): pki1..pki5 with intermediates, freshness 42', () => {
    const t = loadConfigurationDirectory(D('globalconf_good_v4')).trust;
    expect(t.ocspFreshnessSeconds).toBe(42);
    const pki1 = t.approvedCas.find((c) => c.name === 'pki1')!;
    expect(pki1.topCa.fingerprint256).toBe(pem('ee-good_v2-v4', 'ca_pki1_-topCA.pem').fingerprint256);
    expect(pki1.topCa.fingerprint256).toBe(new X509Certificate(readVector('certs', 'common-test', 'root-ca.pem')).fingerprint256);
    const pki5 = t.approvedCas.find((c) => c.name.startsWith('pki5'))!;
    expect(pki5.intermediateCas.map((c) => c.fingerprint256)).toEqual(
      [0, 1, 2].map((i) => pem('ee-good_v2-v4', `ca_pki5_with_intermediate_certs_-intermediate${i}.pem`).fingerprint256),
    );
    expect(t.approvedTsas.map((x) => x.cert.fingerprint256)).toContain(pem('ee-good_v2-v4', 'tsa_Test_TSP_.pem').fingerprint256);
  });

  it('globalconf_good_v2 (EE): TSA timestamp1 = certs/common-test/tsp.pem', () => {
    const t = loadConfigurationDirectory(D('globalconf_good_v2')).trust;
    // tsp.pem is bare base64 without PEM armour.
    const tsp = new X509Certificate(Buffer.from(readVector('certs', 'common-test', 'tsp.pem').toString(), 'base64'));
    expect(t.approvedTsas.map((x) => x.cert.fingerprint256)).toContain(tsp.fingerprint256);
    expect(t.approvedTsas.find((x) => x.cert.fingerprint256 === tsp.fingerprint256)?.cert.subject).toBe('CN=timestamp1');
  });

  it('messagelog-CS: X-Road Test CA CN with OCSP and TSA', () => {
    const t = loadConfigurationDirectory(D('messagelog-CS')).trust;
    expect(t.instanceIdentifier).toBe('CS');
    expect(t.approvedCas[0].topCa.fingerprint256).toBe(pem('cs-messagelog', 'ca_X-Road_Test_CA_CN_-topCA.pem').fingerprint256);
    expect(t.approvedCas[0].ocspResponders[0].cert?.fingerprint256).toBe(pem('cs-messagelog', 'ca_X-Road_Test_CA_CN_-ocsp0.pem').fingerprint256);
    expect(t.approvedTsas[0].cert.fingerprint256).toBe(pem('cs-messagelog', 'tsa_X-Road_Test_TSA_CN_.pem').fingerprint256);
  });

  it('confproxy-test-conf-simple: v2 EE parts with old-style metadata', () => {
    const dir = readConfigurationDirectory(vectorPath('globalconf', 'dirs', 'confproxy-test-conf-simple', 'V2', 'PROXY1'));
    const ee = dir.instances.get('EE')!;
    expect(ee.errors).toEqual([]);
    expect(ee.sharedMetadata?.contentLocation).toBe('/shared-params.xml');
    expect(ee.sharedMetadata?.expirationDate?.toISOString()).toBe('2014-11-12T13:58:07.000Z');
  });

  it('expiry from .metadata: valid before 2124-05-20T17:42:55Z, global_conf_outdated after', () => {
    const loaded = loadConfigurationDirectory(D('globalconf_good_v6'));
    expect(loaded.expirationDate?.toISOString()).toBe('2124-05-20T17:42:55.000Z');
    expect(() => verifyConfigurationValidity(loaded, new Date('2124-05-20T17:42:55Z'))).not.toThrow();
    expect(() => verifyConfigurationValidity(loaded, new Date('2124-05-20T17:42:56Z'))).toThrow(expect.objectContaining({ code: 'global_conf_outdated' }));
  });

  it('a NEXTUPDATE part in the own instance turns verifyNextUpdate off; a broken one is recorded', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gconf-dir-'));
    try {
      cpSync(D('globalconf_good2_v3'), tmp, { recursive: true });
      writeFileSync(join(tmp, 'DEV', 'nextupdate-params.xml'), buildNextUpdateParameters({ verifyNextUpdate: false }));
      expect(loadConfigurationDirectory(tmp).trust.verifyNextUpdate).toBe(false);
      writeFileSync(join(tmp, 'DEV', 'nextupdate-params.xml'), '<x:conf xmlns:x="http://x-road.eu/xsd/xroad.xsd"/>');
      const loaded = loadConfigurationDirectory(tmp);
      expect(loaded.trust.verifyNextUpdate).toBe(true);
      expect(loaded.directory.instances.get('DEV')!.errors[0].error.code).toBe('malformed_optional_parts_conf');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
