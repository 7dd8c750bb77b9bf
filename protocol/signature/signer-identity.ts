// Who signed: the member a signing certificate names, read with the certificateProfileInfo class
// of the approved CA that issued it (SIG-002 as corrected in corrections.md §1), then compared
// with the member the message claims as sender (instance, class, code; a subsystem is ignored).
import type { X509Certificate } from 'node:crypto';
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { idToString, memberId, type ClientId, type MemberId } from '../identifiers/index.js';
import { certificateInfo, rdnValue } from './certificate-info.js';

const PKG = 'ee.ria.xroad.common.certificateprofile.impl.';

export const CertificateProfiles = {
  fivrk: `${PKG}FiVRKCertificateProfileInfoProvider`,
  ejbca: `${PKG}EjbcaCertificateProfileInfoProvider`,
  basic: `${PKG}BasicCertificateProfileInfoProvider`,
  basicAcme: `${PKG}BasicACMECertificateProfileInfoProvider`,
  /** X-Road's test-only provider used by the EE vectors: EE/BUSINESS/<CN>. */
  test: `${PKG}TestCertificateProfileInfoProvider`,
} as const;

const OID = { C: '2.5.4.6', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3', serialNumber: '2.5.4.5', businessCategory: '2.5.4.15' };

function incorrect(message: string, code: string = ErrorCodes.incorrectCertificate): XRoadError {
  return new XRoadError(code, message);
}

/**
 * The member `cert` identifies under `profileClass`. `expectedSigner` supplies what some profiles
 * do not carry in the certificate (Basic and Test take the instance from it, as X-Road does).
 */
export function signerIdentity(cert: X509Certificate, profileClass: string, expectedSigner: ClientId): MemberId {
  const subject = certificateInfo(cert).subject;
  const get = (name: keyof typeof OID) => rdnValue(subject, OID[name]);
  const need = (name: keyof typeof OID, what: string, code?: string) => {
    const v = get(name);
    if (v === undefined) throw incorrect(`Certificate subject name does not contain ${what}`, code);
    return v;
  };
  const ejbca = () => memberId(need('C', 'country code'), need('O', 'organization'), need('CN', 'common name'));
  switch (profileClass) {
    case CertificateProfiles.fivrk: {
      // FISubjectClientIdDecoder: serialNumber INSTANCE/SERVERCODE/CLASS; else legacy O/OU/CN; else EJBCA.
      if (get('serialNumber') === undefined) {
        if (get('OU') === undefined) return ejbca();
        if (get('C') !== 'FI') throw incorrect('Certificate subject name does not contain valid country code');
        return memberId(need('O', 'organization'), need('OU', 'organization unit'), need('CN', 'common name'));
      }
      if (get('C') !== 'FI') throw incorrect('Certificate subject name does not contain valid country code');
      need('O', 'organization');
      const code = need('CN', 'common name');
      // Java's Pattern.split drops trailing empty strings: "A/B/" has two components.
      const parts = need('serialNumber', 'serial number').split('/');
      while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
      if (parts.length !== 3) throw incorrect("Certificate subject name's attribute serialNumber has invalid value");
      return memberId(parts[0], parts[2], code);
    }
    case CertificateProfiles.ejbca:
      return ejbca();
    case CertificateProfiles.basic:
      return memberId(expectedSigner.xRoadInstance, need('businessCategory', 'business category'), need('serialNumber', 'serial number'));
    case CertificateProfiles.basicAcme:
      return memberId(expectedSigner.xRoadInstance, need('businessCategory', 'business category', 'invalid_certificate'),
        need('serialNumber', 'serial number', 'invalid_certificate'));
    case CertificateProfiles.test:
      return memberId(expectedSigner.xRoadInstance, 'BUSINESS', need('CN', 'common name'));
    default:
      throw new XRoadError(ErrorCodes.internalError, profileClass
        ? `Certificate profile ${profileClass} is not supported`
        : `Could not find certificate profile info for certificate ${cert.subject.replace(/\n/g, ', ')}`);
  }
}

/** X-Road ClientId.memberEquals: instance, class and code. */
export function sameMember(a: ClientId | MemberId, b: ClientId | MemberId): boolean {
  return a.xRoadInstance === b.xRoadInstance && a.memberClass === b.memberClass && a.memberCode === b.memberCode;
}

/** SIG-002 check: throws `incorrect_certificate` "Name in certificate (X) does not match name in message (Y)". */
export function verifySignerName(cert: X509Certificate, profileClass: string, expectedSigner: ClientId): MemberId {
  const inCert = signerIdentity(cert, profileClass, expectedSigner);
  if (!sameMember(inCert, expectedSigner)) {
    throw incorrect(`Name in certificate (${idToString(inCert)}) does not match name in message (${idToString(expectedSigner)})`);
  }
  return inCert;
}
