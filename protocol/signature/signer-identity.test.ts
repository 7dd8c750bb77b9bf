import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate, type IssuedCert } from '../../simulators/pki/index.js';
import { memberId, subsystemId } from '../identifiers/index.js';
import { describeWithVectors, readVector } from '../test-support/vectors.js';
import { certificateInfo, isSigningCertificate, nameToRfc2253, rdnValue } from './certificate-info.js';
import { CertificateProfiles, signerIdentity, verifySignerName } from './signer-identity.js';
import { codeOf, messageOf } from './testing/codes.js';

let ca: IssuedCert;
const cert = async (subject: Array<[string, string]>) => (await issueCertificate(ca, { subject, profile: 'sign', keyAlgorithm: 'ec' })).cert;

beforeAll(async () => {
  ca = await issueCertificate('self', { subject: [['CN', 'profiles CA']], profile: 'ca', keyAlgorithm: 'ec' });
});

describeWithVectors('certificate names as Java prints them', () => {
  it('reproduces X509IssuerName values X-Road wrote into real signatures', async () => {
    const consumer = new X509Certificate(readVector('certs', 'common-test', 'consumer.pem'));
    expect(nameToRfc2253(certificateInfo(consumer).issuer)).toBe('1.2.840.113549.1.9.1=#160b616161406262622e636363,CN=Cyber,OU=ITO,O=Cybernetica,C=EE');
    expect(certificateInfo(consumer).serialNumber).toBe(4n);
    expect(isSigningCertificate(consumer)).toBe(true);
  });
});

describe('certificate names', () => {
  it('escapes RFC 2253 specials and reads the last occurrence of an attribute, escaped as BouncyCastle does', async () => {
    const c = await cert([['C', 'FI'], ['CN', 'first'], ['O', 'A, B+C'], ['CN', ' #x ']]);
    const subject = certificateInfo(c).subject;
    expect(nameToRfc2253(subject)).toBe('CN=\\ #x\\ ,O=A\\, B\\+C,CN=first,C=FI');
    expect(rdnValue(subject, '2.5.4.3')).toBe('\\ #x\\ ');
    expect(rdnValue(subject, '2.5.4.10')).toBe('A\\, B\\+C');
    expect(rdnValue(subject, '2.5.4.11')).toBeUndefined();
  });

  it('treats a certificate without KeyUsage as X-Road does (internal_error), and one without nonRepudiation as not signing', async () => {
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', '/dev/null', '-subj', '/CN=no-ku', '-days', '1'], { timeout: 20_000 });
    const noKu = new X509Certificate(r.stdout);
    expect(codeOf(() => isSigningCertificate(noKu))).toBe('internal_error');
    const auth = (await issueCertificate(ca, { subject: [['CN', 'auth']], profile: 'auth', keyAlgorithm: 'ec' })).cert;
    expect(isSigningCertificate(auth)).toBe(false);
  });
});

describe('signer identity by certificate profile (SIG-002, corrections.md §1)', () => {
  const dev = memberId('DEV', 'COM', '1234');

  it('FiVRK: serialNumber INSTANCE/SERVERCODE/CLASS, C=FI, O present, CN = code', async () => {
    const c = await cert([['C', 'FI'], ['O', 'Org'], ['CN', '1234'], ['serialNumber', 'DEV/SS1/COM']]);
    expect(signerIdentity(c, CertificateProfiles.fivrk, dev)).toEqual(dev);
    // Java's split drops trailing empty components
    expect(signerIdentity(await cert([['C', 'FI'], ['O', 'Org'], ['CN', '1234'], ['serialNumber', 'DEV/SS1/COM/']]), CertificateProfiles.fivrk, dev)).toEqual(dev);
    expect(fivrkCerts.size).toBe(3);
    for (const [sn, c] of fivrkCerts) {
      expect(codeOf(() => signerIdentity(c, CertificateProfiles.fivrk, dev)), sn).toBe('incorrect_certificate');
    }
  });

  const fivrkCerts = new Map<string, X509Certificate>();
  beforeAll(async () => {
    for (const sn of ['DEV/SS1', 'DEV/SS1/COM/X', 'DEV']) fivrkCerts.set(sn, await cert([['C', 'FI'], ['O', 'Org'], ['CN', '1234'], ['serialNumber', sn]]));
  });

  it('FiVRK: wrong country, missing O or CN are incorrect_certificate', async () => {
    const cases: Array<[Array<[string, string]>, string]> = [
      [[['C', 'EE'], ['O', 'Org'], ['CN', '1234'], ['serialNumber', 'DEV/SS1/COM']], 'valid country code'],
      [[['C', 'FI'], ['CN', '1234'], ['serialNumber', 'DEV/SS1/COM']], 'organization'],
      [[['C', 'FI'], ['O', 'Org'], ['serialNumber', 'DEV/SS1/COM']], 'common name'],
    ];
    for (const [subject, why] of cases) {
      const c = await cert(subject);
      expect(codeOf(() => signerIdentity(c, CertificateProfiles.fivrk, dev))).toBe('incorrect_certificate');
      expect(messageOf(() => signerIdentity(c, CertificateProfiles.fivrk, dev))).toContain(why);
    }
  });

  it('FiVRK without serialNumber: legacy O=instance, OU=class, CN=code; without OU the EJBCA form', async () => {
    expect(signerIdentity(await cert([['C', 'FI'], ['O', 'DEV'], ['OU', 'COM'], ['CN', '1234']]), CertificateProfiles.fivrk, dev)).toEqual(dev);
    expect(signerIdentity(await cert([['C', 'DEV'], ['O', 'COM'], ['CN', '1234']]), CertificateProfiles.fivrk, dev)).toEqual(dev);
  });

  it('EJBCA: C = instance, O = class, CN = code', async () => {
    expect(signerIdentity(await cert([['C', 'DEV'], ['O', 'COM'], ['CN', '1234']]), CertificateProfiles.ejbca, dev)).toEqual(dev);
    // the same FiVRK-style certificate read as EJBCA names instance FI, class Org
    expect(signerIdentity(fivrkCerts.get('DEV')!, CertificateProfiles.ejbca, dev)).toEqual(memberId('FI', 'Org', '1234'));
  });

  it('Basic: businessCategory = class, serialNumber = code, instance from the expected signer; BasicACME says invalid_certificate', async () => {
    const c = await cert([['C', 'FI'], ['O', 'Org'], ['businessCategory', 'COM'], ['serialNumber', '1234']]);
    expect(signerIdentity(c, CertificateProfiles.basic, dev)).toEqual(dev);
    expect(signerIdentity(c, CertificateProfiles.basicAcme, dev)).toEqual(dev);
    const noBc = await cert([['C', 'FI'], ['serialNumber', '1234']]);
    expect(codeOf(() => signerIdentity(noBc, CertificateProfiles.basic, dev))).toBe('incorrect_certificate');
    expect(codeOf(() => signerIdentity(noBc, CertificateProfiles.basicAcme, dev))).toBe('invalid_certificate');
  });

  it('Test (EE vectors): EE/BUSINESS/<CN>', async () => {
    expect(signerIdentity(await cert([['CN', 'consumer']]), CertificateProfiles.test, memberId('EE', 'X', 'Y'))).toEqual(memberId('EE', 'BUSINESS', 'consumer'));
  });

  it('unknown or missing profile class: internal_error', async () => {
    const c = await cert([['CN', 'x']]);
    expect(codeOf(() => signerIdentity(c, 'ee.ria.xroad.common.certificateprofile.impl.SkKlass3CertificateProfileInfoProvider', dev))).toBe('internal_error');
    expect(codeOf(() => signerIdentity(c, '', dev))).toBe('internal_error');
  });

  it('compares instance, class and code; a subsystem in the message is ignored', async () => {
    const c = await cert([['C', 'FI'], ['O', 'Org'], ['CN', '1234'], ['serialNumber', 'DEV/SS1/COM']]);
    expect(codeOf(() => verifySignerName(c, CertificateProfiles.fivrk, subsystemId('DEV', 'COM', '1234', 'Sub')))).toBe('ok');
    expect(codeOf(() => verifySignerName(c, CertificateProfiles.fivrk, memberId('DEV', 'GOV', '1234')))).toBe('incorrect_certificate');
    expect(codeOf(() => verifySignerName(c, CertificateProfiles.fivrk, memberId('DEV', 'COM', '12345')))).toBe('incorrect_certificate');
    expect(messageOf(() => verifySignerName(c, CertificateProfiles.fivrk, memberId('XX', 'COM', '1234'))))
      .toBe('Name in certificate (MEMBER:DEV/COM/1234) does not match name in message (MEMBER:XX/COM/1234)');
  });
});
