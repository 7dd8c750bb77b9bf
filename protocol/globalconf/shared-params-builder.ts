// Writes shared-params.xml for one served version in the central server's layout (JAXB output,
// byte-exact with the system-test V4..V6 files). Elements a version's schema lacks are left out,
// as the central server's per-version converters do, so the output always validates.
import type { X509Certificate } from 'node:crypto';
import { toConfCert, type ConfCert } from './conf-cert.js';
import { clientIdString, writeClientIdentifier, writeServiceIdentifier, type ClientIdentifier } from './identifiers.js';
import { authCertHash, type AcmeServer, type CentralService, type CostType, type GlobalGroup, type MemberClass, type Subsystem } from './shared-params.js';
import type { ConfVersion } from './shared-params-schema.js';
import { base64Element, textElement, XML_DECLARATION } from './xml-writer.js';

export type CertInput = ConfCert | X509Certificate | Buffer | string;

export interface OcspInput {
  url: string;
  cert?: CertInput;
  costType?: CostType;
}

export interface CaInput {
  cert: CertInput;
  ocsp?: OcspInput[];
}

export interface SharedParametersInput {
  instanceIdentifier: string;
  sources?: Array<{ address: string; internalVerificationCerts?: CertInput[]; externalVerificationCerts?: CertInput[] }>;
  approvedCAs?: Array<{
    name: string;
    authenticationOnly?: boolean;
    topCA: CaInput;
    intermediateCAs?: CaInput[];
    certificateProfileInfo: string;
    defaultCsrFormat?: 'PEM' | 'DER';
    acmeServer?: AcmeServer;
  }>;
  approvedTSAs?: Array<{ name: string; url: string; cert: CertInput; costType?: CostType }>;
  members?: Array<{ memberClass: MemberClass; memberCode: string; name: string; subsystems?: Subsystem[] }>;
  securityServers?: Array<{
    owner: { memberClass: string; memberCode: string };
    serverCode: string;
    address?: string;
    /** Auth certificates: hashed per version (SHA-1 for v2, SHA-256 for v3+, GCONF-012). */
    authCerts?: CertInput[];
    /** Hashes written verbatim, after those computed from authCerts. */
    authCertHashes?: string[];
    clients?: ClientIdentifier[];
    inMaintenanceMode?: { message?: string };
  }>;
  globalGroups?: GlobalGroup[];
  centralServices?: CentralService[];
  globalSettings?: { memberClasses?: MemberClass[]; ocspFreshnessSeconds?: number };
}

const I1 = '    ';
const I2 = I1 + I1;
const I3 = I2 + I1;
const I4 = I3 + I1;

function certLine(indent: string, tag: string, c: CertInput): string {
  return base64Element(indent, tag, toConfCert(c).stored);
}

function caLines(tag: string, ca: CaInput, v: ConfVersion): string[] {
  const out = [`${I2}<${tag}>`, certLine(I3, 'cert', ca.cert)];
  for (const o of ca.ocsp ?? []) {
    out.push(`${I3}<ocsp>`, textElement(I4, 'url', o.url));
    if (o.cert !== undefined) out.push(certLine(I4, 'cert', o.cert));
    if (v >= 6 && o.costType) out.push(textElement(I4, 'costType', o.costType));
    out.push(`${I3}</ocsp>`);
  }
  out.push(`${I2}</${tag}>`);
  return out;
}

function memberClassLines(indent: string, mc: MemberClass): string[] {
  return [`${indent}<memberClass>`, textElement(indent + I1, 'code', mc.code), textElement(indent + I1, 'description', mc.description), `${indent}</memberClass>`];
}

export function buildSharedParameters(input: SharedParametersInput, version: ConfVersion): string {
  const v = version;
  const out = [XML_DECLARATION, '<ns3:conf xmlns:ns2="http://x-road.eu/xsd/identifiers" xmlns:ns3="http://x-road.eu/xsd/xroad.xsd">'];
  out.push(textElement(I1, 'instanceIdentifier', input.instanceIdentifier));

  if (v >= 3) {
    const sources = input.sources ?? [];
    if (sources.length === 0) throw new Error(`shared-params v${v} needs at least one <source>`);
    for (const s of sources) {
      out.push(`${I1}<source>`, textElement(I2, 'address', s.address));
      for (const c of s.internalVerificationCerts ?? []) out.push(certLine(I2, 'internalVerificationCert', c));
      for (const c of s.externalVerificationCerts ?? []) out.push(certLine(I2, 'externalVerificationCert', c));
      out.push(`${I1}</source>`);
    }
  }

  for (const ca of input.approvedCAs ?? []) {
    out.push(`${I1}<approvedCA>`, textElement(I2, 'name', ca.name));
    if (ca.authenticationOnly !== undefined) out.push(textElement(I2, 'authenticationOnly', ca.authenticationOnly));
    out.push(...caLines('topCA', ca.topCA, v));
    for (const i of ca.intermediateCAs ?? []) out.push(...caLines('intermediateCA', i, v));
    out.push(textElement(I2, 'certificateProfileInfo', ca.certificateProfileInfo));
    if (v >= 6 && ca.defaultCsrFormat) out.push(textElement(I2, 'defaultCsrFormat', ca.defaultCsrFormat));
    if (v >= 3 && ca.acmeServer) {
      const a = ca.acmeServer;
      out.push(`${I2}<acmeServer>`, textElement(I3, 'directoryURL', a.directoryURL));
      if (a.ipAddress !== undefined) out.push(textElement(I3, 'ipAddress', a.ipAddress));
      if (v >= 4 && a.authenticationCertificateProfileId !== undefined) out.push(textElement(I3, 'authenticationCertificateProfileId', a.authenticationCertificateProfileId));
      if (v >= 4 && a.signingCertificateProfileId !== undefined) out.push(textElement(I3, 'signingCertificateProfileId', a.signingCertificateProfileId));
      out.push(`${I2}</acmeServer>`);
    }
    out.push(`${I1}</approvedCA>`);
  }

  for (const t of input.approvedTSAs ?? []) {
    out.push(`${I1}<approvedTSA>`, textElement(I2, 'name', t.name), textElement(I2, 'url', t.url), certLine(I2, 'cert', t.cert));
    if (v >= 6 && t.costType) out.push(textElement(I2, 'costType', t.costType));
    out.push(`${I1}</approvedTSA>`);
  }

  // Ids are numbered in document order over members and their subsystems, as the CS does.
  const idOf = new Map<string, string>();
  let next = 0;
  for (const m of input.members ?? []) {
    const memberKey = clientIdString({ xRoadInstance: input.instanceIdentifier, memberClass: m.memberClass.code, memberCode: m.memberCode });
    const mid = `id${next++}`;
    idOf.set(memberKey, mid);
    out.push(`${I1}<member id="${mid}">`, ...memberClassLines(I2, m.memberClass), textElement(I2, 'memberCode', m.memberCode), textElement(I2, 'name', m.name));
    for (const s of m.subsystems ?? []) {
      const sid = `id${next++}`;
      idOf.set(`${memberKey}/${s.subsystemCode}`, sid);
      out.push(`${I2}<subsystem id="${sid}">`, textElement(I3, 'subsystemCode', s.subsystemCode));
      if (v >= 5 && s.subsystemName !== undefined) out.push(textElement(I3, 'subsystemName', s.subsystemName));
      out.push(`${I2}</subsystem>`);
    }
    out.push(`${I1}</member>`);
  }
  const ref = (id: { memberClass: string; memberCode: string; subsystemCode?: string }, where: string): string => {
    const key = clientIdString({ xRoadInstance: input.instanceIdentifier, ...id });
    const r = idOf.get(key);
    if (!r) throw new Error(`${where}: ${key} is not a member or subsystem of this instance`);
    return r;
  };

  for (const s of input.securityServers ?? []) {
    out.push(`${I1}<securityServer>`, textElement(I2, 'owner', ref(s.owner, `securityServer ${s.serverCode} owner`)), textElement(I2, 'serverCode', s.serverCode));
    if (s.address !== undefined) out.push(textElement(I2, 'address', s.address));
    for (const c of s.authCerts ?? []) out.push(textElement(I2, 'authCertHash', authCertHash(toConfCert(c).der, v)));
    for (const h of s.authCertHashes ?? []) out.push(textElement(I2, 'authCertHash', h));
    for (const c of s.clients ?? []) out.push(textElement(I2, 'client', ref(c, `securityServer ${s.serverCode} client`)));
    if (v >= 5 && s.inMaintenanceMode) {
      const msg = s.inMaintenanceMode.message;
      out.push(msg === undefined ? `${I2}<inMaintenanceMode/>` : `${I2}<inMaintenanceMode>\n${textElement(I3, 'message', msg)}\n${I2}</inMaintenanceMode>`);
    }
    out.push(`${I1}</securityServer>`);
  }

  for (const g of input.globalGroups ?? []) {
    out.push(`${I1}<globalGroup>`, textElement(I2, 'groupCode', g.groupCode), textElement(I2, 'description', g.description));
    for (const m of g.groupMembers) out.push(writeClientIdentifier('groupMember', m, I2, 'ns2'));
    out.push(`${I1}</globalGroup>`);
  }

  for (const c of input.centralServices ?? []) {
    out.push(`${I1}<centralService>`, textElement(I2, 'serviceCode', c.serviceCode));
    if (c.implementingService) out.push(writeServiceIdentifier('implementingService', c.implementingService, I2, 'ns2'));
    out.push(`${I1}</centralService>`);
  }

  const gs = input.globalSettings ?? {};
  out.push(`${I1}<globalSettings>`);
  for (const mc of gs.memberClasses ?? []) out.push(...memberClassLines(I2, mc));
  out.push(textElement(I2, 'ocspFreshnessSeconds', gs.ocspFreshnessSeconds ?? 3600), `${I1}</globalSettings>`);
  out.push('</ns3:conf>', '');
  return out.join('\n');
}
