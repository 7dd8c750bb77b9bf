// Shared parameters (GCONF-011, pr-gconf Annex B): the instance's trust services, members,
// security servers and settings, read with the schema of the version they were served as.
import { createHash } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import type { XRoadError } from '../faults/index.js';
import { globalConfError, GlobalConfCodes } from './codes.js';
import { confCertFromBase64, type ConfCert } from './conf-cert.js';
import { readClientIdentifier, readServiceIdentifier, type ClientIdentifier, type ServiceIdentifier } from './identifiers.js';
import { sharedParametersType, type ConfVersion } from './shared-params-schema.js';
import { childNamed, childrenNamed, childText, parseXmlDocument, textOf, XROAD_NS } from './xml-reader.js';
import { validateElement } from './xml-schema.js';

export type CostType = 'FREE' | 'PAID' | 'UNDEFINED';

export interface MemberClass {
  code: string;
  description: string;
}

export interface Subsystem {
  subsystemCode: string;
  /** v5+ */
  subsystemName?: string;
}

export interface Member {
  memberClass: MemberClass;
  memberCode: string;
  name: string;
  subsystems: Subsystem[];
}

export interface SecurityServer {
  owner: { memberClass: string; memberCode: string };
  serverCode: string;
  address?: string;
  /** Base64 digests of the auth certificates: SHA-1 in v2, SHA-256 in v3+ (GCONF-012). */
  authCertHashes: string[];
  clients: ClientIdentifier[];
  /** v5+: present when the server is in maintenance mode. */
  inMaintenanceMode?: { message?: string };
}

export interface OcspInfo {
  url: string;
  cert?: ConfCert;
  costType?: CostType;
}

export interface CaInfo {
  cert: ConfCert;
  ocsp: OcspInfo[];
}

export interface AcmeServer {
  directoryURL: string;
  ipAddress?: string;
  authenticationCertificateProfileId?: string;
  signingCertificateProfileId?: string;
}

export interface ApprovedCaInfo {
  name: string;
  authenticationOnly?: boolean;
  topCA: CaInfo;
  intermediateCAs: CaInfo[];
  certificateProfileInfo: string;
  defaultCsrFormat?: 'PEM' | 'DER';
  acmeServer?: AcmeServer;
}

export interface ApprovedTsaInfo {
  name: string;
  url: string;
  cert: ConfCert;
  costType?: CostType;
}

export interface GlobalGroup {
  groupCode: string;
  description: string;
  groupMembers: ClientIdentifier[];
}

export interface CentralService {
  serviceCode: string;
  implementingService?: ServiceIdentifier;
}

export interface GlobalSettings {
  memberClasses: MemberClass[];
  ocspFreshnessSeconds: number;
}

/** v3+: a central server node and the keys that sign its internal/external configuration (GCONF-009). */
export interface ConfigurationSource {
  address: string;
  internalVerificationCerts: ConfCert[];
  externalVerificationCerts: ConfCert[];
}

export interface SharedParameters {
  version: ConfVersion;
  instanceIdentifier: string;
  sources: ConfigurationSource[];
  approvedCAs: ApprovedCaInfo[];
  approvedTSAs: ApprovedTsaInfo[];
  members: Member[];
  securityServers: SecurityServer[];
  globalGroups: GlobalGroup[];
  centralServices: CentralService[];
  globalSettings: GlobalSettings;
}

/** The authCertHash value for an auth certificate, per served version (GCONF-012). */
export function authCertHash(certDer: Uint8Array, version: ConfVersion): string {
  return createHash(version === 2 ? 'sha1' : 'sha256').update(certDer).digest('base64');
}

function malformed(message: string, cause?: unknown): XRoadError {
  return globalConfError(GlobalConfCodes.malformedGlobalConf, `shared-params: ${message}`, cause);
}

/** Parses shared-params.xml as the given version; anything off-schema is `malformed_global_conf`. */
export function parseSharedParameters(input: string | Uint8Array, version: ConfVersion): SharedParameters {
  const root = parseXmlDocument(input, (m) => malformed(m));
  if (root.localName !== 'conf' || root.namespaceURI !== XROAD_NS) throw malformed(`root element is ${root.localName}, expected {${XROAD_NS}}conf`);
  const problem = validateElement(root, sharedParametersType(version), 'conf');
  if (problem) throw malformed(`not valid against the v${version} schema: ${problem}`);
  return readShared(root, version);
}

function cert(e: Element, where: string): ConfCert {
  try {
    return confCertFromBase64(textOf(e));
  } catch (err) {
    throw malformed(`${where}: ${(err as Error).message}`, err);
  }
}

function readCaInfo(e: Element, where: string): CaInfo {
  return {
    cert: cert(childNamed(e, 'cert')!, `${where}/cert`),
    ocsp: childrenNamed(e, 'ocsp').map((o, i) => {
      const info: OcspInfo = { url: childText(o, 'url') ?? '' };
      const c = childNamed(o, 'cert');
      if (c) info.cert = cert(c, `${where}/ocsp[${i}]/cert`);
      const cost = childText(o, 'costType');
      if (cost) info.costType = cost as CostType;
      return info;
    }),
  };
}

function readMemberClass(e: Element): MemberClass {
  return { code: childText(e, 'code') ?? '', description: childText(e, 'description') ?? '' };
}

function readShared(root: Element, version: ConfVersion): SharedParameters {
  const instanceIdentifier = childText(root, 'instanceIdentifier') ?? '';
  const sources = childrenNamed(root, 'source').map((s, i) => ({
    address: childText(s, 'address') ?? '',
    internalVerificationCerts: childrenNamed(s, 'internalVerificationCert').map((c) => cert(c, `source[${i}]/internalVerificationCert`)),
    externalVerificationCerts: childrenNamed(s, 'externalVerificationCert').map((c) => cert(c, `source[${i}]/externalVerificationCert`)),
  }));

  const approvedCAs = childrenNamed(root, 'approvedCA').map((ca) => {
    const name = childText(ca, 'name') ?? '';
    const info: ApprovedCaInfo = {
      name,
      topCA: readCaInfo(childNamed(ca, 'topCA')!, `approvedCA '${name}'/topCA`),
      intermediateCAs: childrenNamed(ca, 'intermediateCA').map((i, k) => readCaInfo(i, `approvedCA '${name}'/intermediateCA[${k}]`)),
      certificateProfileInfo: childText(ca, 'certificateProfileInfo') ?? '',
    };
    const authOnly = childText(ca, 'authenticationOnly');
    if (authOnly !== undefined) info.authenticationOnly = authOnly === 'true' || authOnly === '1';
    const csr = childText(ca, 'defaultCsrFormat');
    if (csr) info.defaultCsrFormat = csr as 'PEM' | 'DER';
    const acme = childNamed(ca, 'acmeServer');
    if (acme) {
      const a: AcmeServer = { directoryURL: childText(acme, 'directoryURL') ?? '' };
      for (const k of ['ipAddress', 'authenticationCertificateProfileId', 'signingCertificateProfileId'] as const) {
        const v = childText(acme, k);
        if (v !== undefined) a[k] = v;
      }
      info.acmeServer = a;
    }
    return info;
  });

  const approvedTSAs = childrenNamed(root, 'approvedTSA').map((t) => {
    const name = childText(t, 'name') ?? '';
    const tsa: ApprovedTsaInfo = { name, url: childText(t, 'url') ?? '', cert: cert(childNamed(t, 'cert')!, `approvedTSA '${name}'/cert`) };
    const cost = childText(t, 'costType');
    if (cost) tsa.costType = cost as CostType;
    return tsa;
  });

  // xs:ID / xs:IDREF: members and subsystems carry ids that securityServer owner/client refer to.
  const ids = new Map<string, ClientIdentifier>();
  const addId = (e: Element, id: ClientIdentifier) => {
    const v = e.getAttribute('id');
    if (!v) return;
    if (ids.has(v)) throw malformed(`duplicate id '${v}'`);
    ids.set(v, id);
  };
  const members = childrenNamed(root, 'member').map((m) => {
    const member: Member = {
      memberClass: readMemberClass(childNamed(m, 'memberClass')!),
      memberCode: childText(m, 'memberCode') ?? '',
      name: childText(m, 'name') ?? '',
      subsystems: [],
    };
    const base = { xRoadInstance: instanceIdentifier, memberClass: member.memberClass.code, memberCode: member.memberCode };
    addId(m, { objectType: 'MEMBER', ...base });
    for (const s of childrenNamed(m, 'subsystem')) {
      const sub: Subsystem = { subsystemCode: childText(s, 'subsystemCode') ?? '' };
      const sName = childText(s, 'subsystemName');
      if (sName !== undefined) sub.subsystemName = sName;
      member.subsystems.push(sub);
      addId(s, { objectType: 'SUBSYSTEM', ...base, subsystemCode: sub.subsystemCode });
    }
    return member;
  });
  const resolve = (ref: string, where: string): ClientIdentifier => {
    const id = ids.get(ref.trim());
    if (!id) throw malformed(`${where} refers to unknown id '${ref.trim()}'`);
    return id;
  };

  const securityServers = childrenNamed(root, 'securityServer').map((s) => {
    const serverCode = childText(s, 'serverCode') ?? '';
    const owner = resolve(childText(s, 'owner') ?? '', `securityServer '${serverCode}'/owner`);
    if (owner.objectType !== 'MEMBER') throw malformed(`securityServer '${serverCode}'/owner refers to a subsystem`);
    const server: SecurityServer = {
      owner: { memberClass: owner.memberClass, memberCode: owner.memberCode },
      serverCode,
      authCertHashes: childrenNamed(s, 'authCertHash').map((h) => textOf(h).replace(/\s+/g, '')),
      clients: childrenNamed(s, 'client').map((c) => resolve(textOf(c), `securityServer '${serverCode}'/client`)),
    };
    const address = childText(s, 'address');
    if (address !== undefined) server.address = address;
    const maintenance = childNamed(s, 'inMaintenanceMode');
    if (maintenance) {
      const message = childText(maintenance, 'message');
      server.inMaintenanceMode = message === undefined ? {} : { message };
    }
    return server;
  });

  const globalGroups = childrenNamed(root, 'globalGroup').map((g) => ({
    groupCode: childText(g, 'groupCode') ?? '',
    description: childText(g, 'description') ?? '',
    groupMembers: childrenNamed(g, 'groupMember').map(readClientIdentifier),
  }));

  const centralServices = childrenNamed(root, 'centralService').map((c) => {
    const svc: CentralService = { serviceCode: childText(c, 'serviceCode') ?? '' };
    const impl = childNamed(c, 'implementingService');
    if (impl) svc.implementingService = readServiceIdentifier(impl);
    return svc;
  });

  const settings = childNamed(root, 'globalSettings')!;
  const globalSettings: GlobalSettings = {
    memberClasses: childrenNamed(settings, 'memberClass').map(readMemberClass),
    ocspFreshnessSeconds: Number(childText(settings, 'ocspFreshnessSeconds')),
  };

  return { version, instanceIdentifier, sources, approvedCAs, approvedTSAs, members, securityServers, globalGroups, centralServices, globalSettings };
}

/** Finds the security server whose auth certificate this is (hash per the parameters' version). */
export function findSecurityServerByAuthCert(shared: SharedParameters, certDer: Uint8Array): SecurityServer | undefined {
  const hash = authCertHash(certDer, shared.version);
  return shared.securityServers.find((s) => s.authCertHashes.includes(hash));
}
