import { createHash, X509Certificate } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeWithVectors, readVector } from '../test-support/vectors.js';
import { anchorFileHash, anchorVerificationCerts, parseConfigurationAnchor } from './anchor.js';
import { buildConfigurationAnchor } from './anchor-builder.js';
import { schemaPath, xmllintValidate } from './test-xmllint.js';

const A = (...p: string[]) => readVector('globalconf', 'anchors', ...p);
const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('base64');

describeWithVectors('configuration anchors (GCONF-001, CATALOG "Configuration anchors")', () => {
  it('globalconf-core/configuration-anchor1.xml: EE, 3 sources, the asserted SHA-1 cert hashes resolve', () => {
    const a = parseConfigurationAnchor(A('globalconf-core', 'configuration-anchor1.xml'));
    expect(a.instanceIdentifier).toBe('EE');
    expect(a.generatedAt).toBeUndefined();
    expect(a.sources.map((s) => s.downloadURL)).toEqual(['http://www.bar.com/conf', 'http://node-0x.example.com/internalconf', 'http://node-1x.example.com/internalconf']);
    const hashes = anchorVerificationCerts(a).map((c) => sha1(c.der));
    expect(hashes).toContain('t7+jfR1wnsN1EBtBpCt/q8JIasg=');
    expect(hashes).toContain('4HCV0OGOaz4mJauIZvrt7A3RdfM=');
    expect(hashes).not.toContain('AAAAAAAAAAAAAAAAAAAAAAAAAAA=');
  });

  it('configuration-anchor2.xml differs from anchor1', () => {
    const a1 = parseConfigurationAnchor(A('globalconf-core', 'configuration-anchor1.xml'));
    const a2 = parseConfigurationAnchor(A('globalconf-core', 'configuration-anchor2.xml'));
    const key = (a: typeof a1) => JSON.stringify([a.instanceIdentifier, a.sources.map((s) => [s.downloadURL, s.verificationCerts.map((c) => sha1(c.der))])]);
    expect(key(a2)).not.toBe(key(a1));
  });

  it('central-server/trusted-anchor.xml: instance CS0, anchor hash 40:2A:4F:94:...:DF:1D (SHA-224 of the file)', () => {
    const bytes = A('central-server', 'trusted-anchor.xml');
    expect(parseConfigurationAnchor(bytes).instanceIdentifier).toBe('CS0');
    const h = anchorFileHash(bytes);
    expect(h.startsWith('40:2A:4F:94:')).toBe(true);
    expect(h.endsWith(':DF:1D')).toBe(true);
    expect(h.split(':')).toHaveLength(28);
    expect(anchorFileHash(Buffer.concat([bytes, Buffer.from(' ')]))).not.toBe(h);
  });

  it.each(['trusted-anchor-2.xml', 'internal-configuration-anchor.xml', 'external-configuration-anchor.xml'])('central-server/%s parses', (f) => {
    const a = parseConfigurationAnchor(A('central-server', f));
    expect(a.sources.length).toBeGreaterThan(0);
    expect(a.generatedAt).toBeInstanceOf(Date);
  });

  it('configuration-client and configuration-proxy anchors parse (the latter with 3 verification certs)', () => {
    expect(parseConfigurationAnchor(A('configuration-client', 'configuration-anchor1.xml')).instanceIdentifier).toBe('EE');
    const proxy = parseConfigurationAnchor(A('configuration-proxy', 'anchor.xml'));
    expect(proxy.sources[0].verificationCerts).toHaveLength(3);
  });

  it('system-test anchor: DEV, the CS signing cert internal.crt', () => {
    const a = parseConfigurationAnchor(A('system-test', 'configuration_anchor_CS_internal.xml'));
    expect(a.instanceIdentifier).toBe('DEV');
    expect(a.generatedAt?.toISOString()).toBe('2025-11-05T22:10:45.770Z');
    const crt = new X509Certificate(readVector('globalconf', 'signed-directory', 'system-test', 'sign-keys', 'internal.crt'));
    expect(a.sources[0].verificationCerts[0].cert.fingerprint256).toBe(crt.fingerprint256);
  });

  it.each([
    ['trusted-anchor-invalid-1.xml (instanceIdentifier commented out)', A('central-server', 'trusted-anchor-invalid-1.xml'), /expected instanceIdentifier/],
    ['trusted-anchor-invalid-2.xml ("not an xml.")', A('central-server', 'trusted-anchor-invalid-2.xml'), /not well-formed/],
    ['wrong root element', Buffer.from('<conf xmlns="http://x-road.eu/xsd/xroad.xsd"/>'), /root element/],
    ['source without verificationCert', Buffer.from('<a:configurationAnchor xmlns:a="http://x-road.eu/xsd/xroad.xsd"><instanceIdentifier>X</instanceIdentifier><source><downloadURL>u</downloadURL></source></a:configurationAnchor>'), /expected verificationCert/],
    ['verificationCert that is not base64', Buffer.from('<a:configurationAnchor xmlns:a="http://x-road.eu/xsd/xroad.xsd"><instanceIdentifier>X</instanceIdentifier><source><downloadURL>u</downloadURL><verificationCert>%%</verificationCert></source></a:configurationAnchor>'), /not base64/],
    ['DOCTYPE', Buffer.from('<!DOCTYPE a [<!ENTITY x "y">]><a/>'), /DOCTYPE|entity/],
    ['empty instanceIdentifier', Buffer.from('<a:configurationAnchor xmlns:a="http://x-road.eu/xsd/xroad.xsd"><instanceIdentifier> </instanceIdentifier><source><downloadURL>u</downloadURL><verificationCert>AAAA</verificationCert></source></a:configurationAnchor>'), /empty/],
  ])('%s -> malformed_anchor', (_name, bytes, message) => {
    expect(() => parseConfigurationAnchor(bytes)).toThrow(expect.objectContaining({ code: 'malformed_anchor', message: expect.stringMatching(message) }));
  });

  it.each([
    ['central-server', 'internal-configuration-anchor.xml'],
    ['system-test', 'configuration_anchor_CS_internal.xml'],
  ])('builder reproduces %s/%s byte for byte', (dir, file) => {
    const original = A(dir, file);
    const built = buildConfigurationAnchor(parseConfigurationAnchor(original));
    expect(Buffer.from(built)).toEqual(original);
  });

  it('built anchors validate with xmllint against the anchor schema and parse back', () => {
    const certPem = readVector('certs', 'common-test', 'consumer.pem').toString();
    const xml = buildConfigurationAnchor({
      generatedAt: new Date('2026-01-02T03:04:05.678Z'),
      instanceIdentifier: 'DEV',
      sources: [{ downloadURL: 'http://127.0.0.1:1234/internalconf', verificationCerts: [certPem] }],
    });
    const lint = xmllintValidate(xml, schemaPath('anchor'));
    expect(lint.ok, lint.output).toBe(true);
    const back = parseConfigurationAnchor(xml);
    expect(back.sources[0].verificationCerts[0].cert.fingerprint256).toBe(new X509Certificate(certPem).fingerprint256);
    // PEM input is carried as DER, as X-Road's anchors do.
    expect(back.sources[0].verificationCerts[0].stored.subarray(0, 1)[0]).toBe(0x30);
    const broken = xml.replace('<instanceIdentifier>DEV</instanceIdentifier>', '');
    expect(xmllintValidate(broken, schemaPath('anchor')).ok).toBe(false);
    expect(() => parseConfigurationAnchor(broken)).toThrow(expect.objectContaining({ code: 'malformed_anchor' }));
  });

  it('a verificationCert that is no certificate is kept as bytes; it fails only when used (globalconf_good_v* private-params carry "bar")', () => {
    const a = parseConfigurationAnchor('<a:configurationAnchor xmlns:a="http://x-road.eu/xsd/xroad.xsd"><instanceIdentifier>X</instanceIdentifier><source><downloadURL>u</downloadURL><verificationCert>YmFyCg==</verificationCert></source></a:configurationAnchor>');
    const c = a.sources[0].verificationCerts[0];
    expect(c.stored.toString()).toBe('bar\n');
    expect(() => c.cert).toThrow(/not an X.509/);
  });

  it('builder refuses an anchor without sources or certificates', () => {
    expect(() => buildConfigurationAnchor({ instanceIdentifier: 'X', sources: [] })).toThrow(/at least one source/);
    expect(() => buildConfigurationAnchor({ instanceIdentifier: 'X', sources: [{ downloadURL: 'u', verificationCerts: [] }] })).toThrow(/verification certificate/);
  });
});
