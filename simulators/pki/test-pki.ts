// The simulated instance's certificate authority: root (+ optional intermediate) CA, OCSP and TSA
// signers, the central server's directory-signing key, and per security server an auth cert and
// one sign cert per hosted member. Sign certs follow the FiVRK profile (CATALOG, "Signer identity"):
// C=FI, O=<org>, CN=<memberCode>, serialNumber=<INSTANCE>/<SERVERCODE>/<CLASS>.
import { issueCertificate, type IssuedCert, type KeyAlgorithm } from './certificate-issuer.js';

export const FIVRK_PROFILE_INFO = 'ee.ria.xroad.common.certificateprofile.impl.FiVRKCertificateProfileInfoProvider';

export interface MemberRef {
  memberClass: string;
  memberCode: string;
}

export interface SecurityServerSpec {
  serverCode: string;
  owner: MemberRef;
  /** Members whose sign certs this server holds; the owner is always included. */
  members?: MemberRef[];
}

export interface SecurityServerCerts {
  serverId: { instance: string; memberClass: string; memberCode: string; serverCode: string };
  auth: IssuedCert;
  /** Keyed by 'INSTANCE/CLASS/CODE'. */
  sign: Record<string, IssuedCert>;
}

export interface TestPki {
  instance: string;
  keyAlgorithm: KeyAlgorithm;
  rootCa: IssuedCert;
  intermediateCa?: IssuedCert;
  /** The CA that issues end-entity certificates: the intermediate when present, else the root. */
  issuingCa: IssuedCert;
  ocspSigner: IssuedCert;
  tsaSigner: IssuedCert;
  centralServerSigner: IssuedCert;
  securityServers: Record<string, SecurityServerCerts>;
  certificateProfileInfo: string;
}

export interface TestPkiOptions {
  instance?: string;
  keyAlgorithm?: KeyAlgorithm;
  withIntermediate?: boolean;
  securityServers?: SecurityServerSpec[];
  /** OCSP URL written into end-entity certificates' AIA (optional; X-Road uses configuration first). */
  ocspUrl?: string;
}

export const DEFAULT_SECURITY_SERVERS: SecurityServerSpec[] = [
  { serverCode: 'SS1', owner: { memberClass: 'COM', memberCode: '1234' } },
  { serverCode: 'SS2', owner: { memberClass: 'GOV', memberCode: '4321' } },
];

export function memberKey(instance: string, m: MemberRef): string {
  return `${instance}/${m.memberClass}/${m.memberCode}`;
}

/** FiVRK sign-cert subject for a member held on a server. */
export function fivrkSignSubject(instance: string, serverCode: string, m: MemberRef): Array<[string, string]> {
  return [
    ['C', 'FI'],
    ['O', `${m.memberClass} ${m.memberCode}`],
    ['CN', m.memberCode],
    ['serialNumber', `${instance}/${serverCode}/${m.memberClass}`],
  ];
}

export async function issueSecurityServerCerts(
  issuingCa: IssuedCert,
  instance: string,
  spec: SecurityServerSpec,
  opts: { keyAlgorithm?: KeyAlgorithm; ocspUrl?: string } = {},
): Promise<SecurityServerCerts> {
  const { keyAlgorithm, ocspUrl } = opts;
  const auth = await issueCertificate(issuingCa, {
    name: `${spec.serverCode}-auth`,
    subject: [['C', 'FI'], ['O', `${spec.owner.memberClass} ${spec.owner.memberCode}`], ['CN', spec.serverCode], ['serialNumber', `${instance}/${spec.serverCode}/${spec.owner.memberClass}`]],
    profile: 'auth',
    keyAlgorithm,
    ocspUrl,
  });
  const members = [spec.owner, ...(spec.members ?? []).filter((m) => memberKey(instance, m) !== memberKey(instance, spec.owner))];
  const sign: Record<string, IssuedCert> = {};
  for (const m of members) {
    sign[memberKey(instance, m)] = await issueCertificate(issuingCa, {
      name: `${spec.serverCode}-sign-${m.memberClass}-${m.memberCode}`,
      subject: fivrkSignSubject(instance, spec.serverCode, m),
      profile: 'sign',
      keyAlgorithm,
      ocspUrl,
    });
  }
  return {
    serverId: { instance, memberClass: spec.owner.memberClass, memberCode: spec.owner.memberCode, serverCode: spec.serverCode },
    auth,
    sign,
  };
}

export async function createTestPki(options: TestPkiOptions = {}): Promise<TestPki> {
  const instance = options.instance ?? 'DEV';
  const keyAlgorithm = options.keyAlgorithm ?? 'rsa';
  const rootCa = await issueCertificate('self', { name: 'root-ca', subject: [['C', 'FI'], ['O', 'roadtest'], ['CN', `roadtest ${instance} Test CA`]], profile: 'ca', keyAlgorithm });
  const intermediateCa = options.withIntermediate
    ? await issueCertificate(rootCa, { name: 'intermediate-ca', subject: [['C', 'FI'], ['O', 'roadtest'], ['CN', `roadtest ${instance} Intermediate CA`]], profile: 'ca', keyAlgorithm })
    : undefined;
  const issuingCa = intermediateCa ?? rootCa;
  const [ocspSigner, tsaSigner, centralServerSigner] = await Promise.all([
    issueCertificate(issuingCa, { name: 'ocsp', subject: [['C', 'FI'], ['O', 'roadtest'], ['CN', `roadtest ${instance} OCSP responder`]], profile: 'ocsp', keyAlgorithm }),
    issueCertificate(rootCa, { name: 'tsa', subject: [['C', 'FI'], ['O', 'roadtest'], ['CN', `roadtest ${instance} TSA`]], profile: 'tsa', keyAlgorithm }),
    issueCertificate(rootCa, { name: 'central-server', subject: [['C', 'FI'], ['O', 'roadtest'], ['CN', `roadtest ${instance} central server signer`]], profile: 'cs-signer', keyAlgorithm }),
  ]);
  const securityServers: Record<string, SecurityServerCerts> = {};
  const specs = options.securityServers ?? DEFAULT_SECURITY_SERVERS;
  const issued = await Promise.all(specs.map((s) => issueSecurityServerCerts(issuingCa, instance, s, { keyAlgorithm, ocspUrl: options.ocspUrl })));
  for (const ss of issued) securityServers[ss.serverId.serverCode] = ss;
  return { instance, keyAlgorithm, rootCa, intermediateCa, issuingCa, ocspSigner, tsaSigner, centralServerSigner, securityServers, certificateProfileInfo: FIVRK_PROFILE_INFO };
}
