import { createHash, X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { createTestPki, issueSecurityServerCerts, type TestPki } from '../../simulators/pki/index.js';
import { describeWithVectors, readVector, vectorPath } from '../test-support/vectors.js';
import { buildPrivateParameters } from './private-params-builder.js';
import { parsePrivateParameters } from './private-params.js';
import { CONF_VERSIONS, type ConfVersion } from './shared-params-schema.js';
import { buildSharedParameters } from './shared-params-builder.js';
import { authCertHash, findSecurityServerByAuthCert, parseSharedParameters } from './shared-params.js';
import { fullPrivateInput, fullSharedInput, type FixtureCerts } from './test-fixture.js';
import { schemaPath, xmllintValidate } from './test-xmllint.js';

const SYSTEM_TEST = ['globalconf', 'signed-directory', 'system-test', 'public'];
function systemTestFile(v: number, file: string): Buffer {
  const dir = vectorPath(...SYSTEM_TEST, `V${v}`);
  const sub = readdirSync(dir).find((x) => /^\d+$/.test(x))!;
  return readFileSync(`${dir}/${sub}/${file}`);
}

describeWithVectors('shared-params and private-params of the real central server (system-test V3..V6)', () => {
  it('V6 parses as v6: sources, CAs with PEM-text certs, TSA with costType, members, servers, groups', () => {
    const s = parseSharedParameters(systemTestFile(6, 'shared-params.xml'), 6);
    expect(s.instanceIdentifier).toBe('DEV');
    expect(s.sources[0].address).toBe('cs');
    expect(s.sources[0].internalVerificationCerts[0].cert.subject).toBe('CN=internalSigningKey');
    expect(s.approvedCAs.map((c) => c.name)).toEqual(['Test CA', 'New CA']);
    expect(s.approvedCAs[0].topCA.cert.stored.toString('latin1').startsWith('-----BEGIN CERTIFICATE-----')).toBe(true);
    expect(s.approvedCAs[0].topCA.cert.cert.subject).toContain('CN=Test CA');
    expect(s.approvedCAs[0].topCA.ocsp[0]).toMatchObject({ url: 'http://testca:8888', costType: 'FREE' });
    expect(s.approvedCAs[1].defaultCsrFormat).toBe('PEM');
    expect(s.approvedCAs[0].acmeServer?.directoryURL).toBe('http://testca:8887');
    expect(s.approvedTSAs[0]).toMatchObject({ name: 'Test TSA', url: 'http://testca:8899', costType: 'FREE' });
    expect(s.members[0].subsystems.map((x) => x.subsystemCode)).toEqual(['MANAGEMENT', 'TestService', 'TestSaved', 'test-consumer']);
    expect(s.securityServers[0]).toMatchObject({ serverCode: 'SS0', address: 'ss0', owner: { memberClass: 'COM', memberCode: '1234' } });
    expect(s.securityServers[0].clients.map((c) => c.subsystemCode)).toEqual(['MANAGEMENT', 'TestService', 'TestSaved', 'TestClient']);
    expect(s.securityServers[1].clients[0]).toMatchObject({ memberCode: '4321', subsystemCode: 'TestClient', objectType: 'SUBSYSTEM' });
    expect(s.globalGroups[0].groupMembers).toHaveLength(2);
    expect(s.globalSettings.ocspFreshnessSeconds).toBe(3600);
    expect(s.globalSettings.memberClasses.map((m) => m.code)).toEqual(['COM', 'GOV', 'ORG']);
  });

  it('V6 private-params: management service and time-stamping interval', () => {
    const p = parsePrivateParameters(systemTestFile(6, 'private-params.xml'), 6);
    expect(p.managementService.authCertRegServiceAddress).toBe('https://cs:4001/managementservice/');
    expect(p.managementService.managementRequestServiceProviderId).toEqual({ objectType: 'SUBSYSTEM', xRoadInstance: 'DEV', memberClass: 'COM', memberCode: '1234', subsystemCode: 'MANAGEMENT' });
    expect(p.managementService.authCertRegServiceCert?.cert.subject).toBe('CN=localhost');
    expect(p.timeStampingIntervalSeconds).toBe(60);
  });

  it('a v6 file fails the v5 and v2 schemas (costType, source): malformed_global_conf', () => {
    const xml = systemTestFile(6, 'shared-params.xml');
    expect(() => parseSharedParameters(xml, 5)).toThrow(expect.objectContaining({ code: 'malformed_global_conf', message: expect.stringContaining('costType') }));
    expect(() => parseSharedParameters(xml, 2)).toThrow(expect.objectContaining({ code: 'malformed_global_conf', message: expect.stringContaining('source') }));
  });

  it('the real V3 file carries v4-only ACME profile ids: malformed as v3, fine as v4 (corrections §2)', () => {
    const xml = systemTestFile(3, 'shared-params.xml');
    expect(() => parseSharedParameters(xml, 3)).toThrow(expect.objectContaining({ code: 'malformed_global_conf', message: expect.stringContaining('authenticationCertificateProfileId') }));
    expect(parseSharedParameters(xml, 4).approvedCAs[0].acmeServer?.authenticationCertificateProfileId).toBe('5');
  });

  it.each([4, 5, 6])('builder reproduces the V%i shared-params and private-params byte for byte', (v) => {
    const shared = systemTestFile(v, 'shared-params.xml');
    expect(Buffer.from(buildSharedParameters(parseSharedParameters(shared, v as ConfVersion), v as ConfVersion))).toEqual(shared);
    const priv = systemTestFile(v, 'private-params.xml');
    expect(Buffer.from(buildPrivateParameters(parsePrivateParameters(priv, v as ConfVersion), v as ConfVersion))).toEqual(priv);
  });

  it('real files validate with xmllint (the independent check agrees with ours)', () => {
    for (const v of [4, 5, 6]) expect(xmllintValidate(systemTestFile(v, 'shared-params.xml'), schemaPath('shared', v)).ok).toBe(true);
    expect(xmllintValidate(systemTestFile(3, 'shared-params.xml'), schemaPath('shared', 3)).ok).toBe(false);
  });
});

describeWithVectors('shared-params defects -> malformed_global_conf (xmllint agrees where the rule is the schema\'s)', () => {
  const base = () => systemTestFile(6, 'shared-params.xml').toString('utf8');
  it.each([
    ['elements out of order', (x: string) => x.replace(/(<approvedTSA>[\s\S]*?<\/approvedTSA>)([\s\S]*?<\/member>)/, '$2$1'), /unexpected element|expected/, true],
    ['unknown owner IDREF', (x: string) => x.replace('<owner>id0</owner>', '<owner>id99</owner>'), /unknown id 'id99'/, false], // libxml2 does not resolve IDREFs
    ['duplicate id', (x: string) => x.replace('<member id="id5">', '<member id="id0">'), /duplicate id/, true],
    ['owner refers to a subsystem', (x: string) => x.replace('<owner>id0</owner>', '<owner>id1</owner>'), /subsystem/, false],
    ['certificate that is not one', (x: string) => x.replace(/<cert>LS0t[^<]*<\/cert>/, '<cert>QUJDRA==</cert>'), /not an X.509/, false],
    ['non-base64 certificate', (x: string) => x.replace(/<cert>LS0t[^<]*<\/cert>/, '<cert>%%%</cert>'), /not base64/, false], // libxml2 is lenient on base64Binary
    ['non-integer ocspFreshnessSeconds', (x: string) => x.replace('<ocspFreshnessSeconds>3600<', '<ocspFreshnessSeconds>soon<'), /not an integer/, true],
    ['missing globalSettings', (x: string) => x.replace(/<globalSettings>[\s\S]*<\/globalSettings>/, ''), /expected globalSettings/, true],
    ['bad costType', (x: string) => x.replace('<costType>FREE</costType>', '<costType>CHEAP</costType>'), /not one of/, true],
    ['unknown element inside approvedCA', (x: string) => x.replace('<authenticationOnly>false</authenticationOnly>', '<authenticationOnly>false</authenticationOnly><surprise/>'), /unexpected element|expected/, true],
    ['wrong namespace root', (x: string) => x.replace('xmlns:ns3="http://x-road.eu/xsd/xroad.xsd"', 'xmlns:ns3="urn:other"'), /root element/, true],
    ['not XML', () => 'garbage', /not well-formed/, true],
  ])('%s', (_name, mutate, message, xmllintRejects) => {
    const xml = mutate(base());
    expect(xml).not.toBe(base());
    expect(() => parseSharedParameters(xml, 6)).toThrow(expect.objectContaining({ code: 'malformed_global_conf', message: expect.stringMatching(message) }));
    expect(xmllintValidate(xml, schemaPath('shared', 6)).ok).toBe(!xmllintRejects);
  });

  it('an unknown element after globalSettings is taken by the v3+ wildcard (xmllint agrees)', () => {
    const xml = base().replace('</ns3:conf>', '<futureElement>x</futureElement></ns3:conf>');
    expect(parseSharedParameters(xml, 6).instanceIdentifier).toBe('DEV');
    expect(xmllintValidate(xml, schemaPath('shared', 6)).ok).toBe(true);
  });
});

describeWithVectors('shared-params/private-params builders for versions 2..6 (our PKI)', () => {
  let pki: TestPki;
  let certs: FixtureCerts;
  beforeAll(async () => {
    pki = await createTestPki({ withIntermediate: true });
    const ss3 = await issueSecurityServerCerts(pki.issuingCa, pki.instance, { serverCode: 'SS3', owner: { memberClass: 'GOV', memberCode: '4321' } });
    certs = {
      rootCa: pki.rootCa.certDer,
      intermediateCa: pki.intermediateCa!.certDer,
      ocsp: pki.ocspSigner.certDer,
      tsa: pki.tsaSigner.certDer,
      csSigner: pki.centralServerSigner.certDer,
      authCerts: [pki.securityServers.SS1.auth.certDer, ss3.auth.certDer],
    };
  });

  it.each(CONF_VERSIONS)('v%i: schema-valid per xmllint and parses back to the same model', (v) => {
    const shared = buildSharedParameters(fullSharedInput(certs), v);
    const lint = xmllintValidate(shared, schemaPath('shared', v));
    expect(lint.ok, lint.output).toBe(true);
    const parsed = parseSharedParameters(shared, v);
    expect(buildSharedParameters(parsed, v)).toBe(shared);
    expect(parsed.approvedCAs[0].topCA.cert.cert.fingerprint256).toBe(new X509Certificate(certs.rootCa).fingerprint256);
    expect(parsed.approvedCAs[0].intermediateCAs[0].cert.der).toEqual(certs.intermediateCa);
    expect(parsed.securityServers[0].clients).toHaveLength(2);
    expect(parsed.centralServices[0].implementingService?.serviceVersion).toBe('v1');
    expect(parsed.globalSettings.ocspFreshnessSeconds).toBe(600);
    // Version-specific elements appear exactly from the version that defines them.
    expect(parsed.sources.length).toBe(v >= 3 ? 1 : 0);
    expect(parsed.approvedCAs[0].acmeServer?.ipAddress).toBe(v >= 3 ? '127.0.0.1' : undefined);
    expect(parsed.approvedCAs[0].acmeServer?.signingCertificateProfileId).toBe(v >= 4 ? '6' : undefined);
    expect(parsed.members[0].subsystems[0].subsystemName).toBe(v >= 5 ? 'Management services' : undefined);
    expect(parsed.securityServers[1].inMaintenanceMode).toEqual(v >= 5 ? { message: 'back soon' } : undefined);
    expect(parsed.approvedTSAs[0].costType).toBe(v >= 6 ? 'PAID' : undefined);
    expect(parsed.approvedCAs[0].defaultCsrFormat).toBe(v >= 6 ? 'DER' : undefined);
    // A builder output for one version is not valid for an older one that lacks its elements.
    if (v >= 3) expect(xmllintValidate(shared, schemaPath('shared', 2)).ok).toBe(false);

    const priv = buildPrivateParameters(fullPrivateInput(certs), v);
    const plint = xmllintValidate(priv, schemaPath('private', v));
    expect(plint.ok, plint.output).toBe(true);
    const p = parsePrivateParameters(priv, v);
    expect(p.configurationAnchors[0].sources[0].verificationCerts[0].der).toEqual(certs.csSigner);
    expect(buildPrivateParameters(p, v)).toBe(priv);
  });

  it('authCertHash: base64 SHA-1(DER) in v2, SHA-256(DER) in v3+ (GCONF-012)', () => {
    const der = certs.authCerts[0];
    const v2 = parseSharedParameters(buildSharedParameters(fullSharedInput(certs), 2), 2);
    const v6 = parseSharedParameters(buildSharedParameters(fullSharedInput(certs), 6), 6);
    expect(v2.securityServers[0].authCertHashes).toEqual([createHash('sha1').update(der).digest('base64')]);
    expect(v6.securityServers[0].authCertHashes).toEqual([createHash('sha256').update(der).digest('base64')]);
    expect(authCertHash(der, 3)).toBe(v6.securityServers[0].authCertHashes[0]);
    expect(findSecurityServerByAuthCert(v2, der)?.serverCode).toBe('SS1');
    expect(findSecurityServerByAuthCert(v6, der)?.serverCode).toBe('SS1');
    expect(findSecurityServerByAuthCert(v6, certs.authCerts[1])?.serverCode).toBe('SS2');
    expect(findSecurityServerByAuthCert(v6, certs.rootCa)).toBeUndefined();
  });

  it('builder refuses clients that are not members or subsystems of the instance, and v3+ without sources', () => {
    const input = fullSharedInput(certs);
    input.securityServers![0].clients!.push({ objectType: 'SUBSYSTEM', xRoadInstance: 'DEV', memberClass: 'COM', memberCode: '1234', subsystemCode: 'Nope' });
    expect(() => buildSharedParameters(input, 6)).toThrow(/DEV\/COM\/1234\/Nope is not a member or subsystem/);
    expect(() => buildSharedParameters({ ...fullSharedInput(certs), sources: [] }, 3)).toThrow(/needs at least one <source>/);
    expect(() => buildSharedParameters({ ...fullSharedInput(certs), sources: [] }, 2)).not.toThrow();
  });

  it('private-params defects -> malformed_global_conf', () => {
    const priv = buildPrivateParameters(fullPrivateInput(certs), 3);
    expect(() => parsePrivateParameters(priv.replace(/<timeStampingIntervalSeconds>60</, '<timeStampingIntervalSeconds>x<'), 3)).toThrow(expect.objectContaining({ code: 'malformed_global_conf' }));
    expect(() => parsePrivateParameters(priv.replace(/<managementService>[\s\S]*<\/managementService>/, ''), 3)).toThrow(expect.objectContaining({ code: 'malformed_global_conf', message: expect.stringContaining('managementService') }));
    expect(() => parsePrivateParameters(priv.replace('</ns3:conf>', '<extra/></ns3:conf>'), 2)).toThrow(expect.objectContaining({ code: 'malformed_global_conf' }));
    expect(parsePrivateParameters(priv.replace('</ns3:conf>', '<extra/></ns3:conf>'), 3).timeStampingIntervalSeconds).toBe(60);
  });

  it('reads base64 of PEM text as the same certificate as base64 of DER (globalconf_good2_v3)', () => {
    const pemB64 = Buffer.from(pki.rootCa.certPem).toString('base64');
    const input = fullSharedInput(certs);
    const xml = buildSharedParameters(input, 6).replace(certs.rootCa.toString('base64'), pemB64);
    const parsed = parseSharedParameters(xml, 6);
    expect(parsed.approvedCAs[0].topCA.cert.der).toEqual(certs.rootCa);
    expect(parsed.approvedCAs[0].topCA.cert.stored.toString()).toBe(pki.rootCa.certPem);
    expect(readVector('globalconf', 'dirs', 'globalconf_good2_v3', 'DEV', 'shared-params.xml').toString()).toContain('<cert>LS0t');
  });
});
