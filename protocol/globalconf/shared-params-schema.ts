// shared-parameters.xsd v2..v6 (vectors/schemas/globalconf) as validator types. Differences:
// v3 adds <source>, acmeServer and a trailing xs:any; v4 adds the ACME profile ids;
// v5 adds subsystemName and inMaintenanceMode; v6 adds costType and defaultCsrFormat.
import { ClientIdentifierType, ServiceIdentifierType } from './identifiers.js';
import { anyElements, el, UNBOUNDED, type ComplexType, type Particle } from './xml-schema.js';

export const CONF_VERSIONS = [2, 3, 4, 5, 6] as const;
export type ConfVersion = (typeof CONF_VERSIONS)[number];

export function isConfVersion(n: number): n is ConfVersion {
  return (CONF_VERSIONS as readonly number[]).includes(n);
}

const idAttr = { name: 'id', type: 'ID' as const };
const MemberClassType: ComplexType = { sequence: [el('code', 'string'), el('description', 'string')] };
const COST_TYPE = { enum: ['FREE', 'PAID', 'UNDEFINED'] } as const;

function approvedCaType(v: ConfVersion): ComplexType {
  const ocsp: ComplexType = {
    sequence: [el('url', 'string'), el('cert', 'base64', 0), ...(v >= 6 ? [el('costType', COST_TYPE, 0)] : [])],
  };
  const caInfo: ComplexType = { sequence: [el('cert', 'base64'), el('ocsp', ocsp, 0, UNBOUNDED)] };
  const acme: ComplexType = {
    sequence: [
      el('directoryURL', 'string'),
      el('ipAddress', 'string', 0),
      ...(v >= 4 ? [el('authenticationCertificateProfileId', 'string', 0), el('signingCertificateProfileId', 'string', 0)] : []),
    ],
  };
  const seq: Particle[] = [
    el('name', 'string'),
    el('authenticationOnly', 'boolean', 0),
    el('topCA', caInfo),
    el('intermediateCA', caInfo, 0, UNBOUNDED),
    el('certificateProfileInfo', 'string'),
  ];
  if (v >= 6) seq.push(el('defaultCsrFormat', { enum: ['PEM', 'DER'] }, 0));
  if (v >= 3) seq.push(el('acmeServer', acme, 0));
  return { sequence: seq };
}

export function sharedParametersType(v: ConfVersion): ComplexType {
  const subsystem: ComplexType = {
    attributes: [idAttr],
    sequence: [el('subsystemCode', 'string'), ...(v >= 5 ? [el('subsystemName', 'string', 0)] : [])],
  };
  const member: ComplexType = {
    attributes: [idAttr],
    sequence: [el('memberClass', MemberClassType), el('memberCode', 'string'), el('name', 'string'), el('subsystem', subsystem, 0, UNBOUNDED)],
  };
  const securityServer: ComplexType = {
    sequence: [
      el('owner', 'IDREF'),
      el('serverCode', 'string'),
      el('address', 'string', 0),
      el('authCertHash', 'base64', 0, UNBOUNDED),
      el('client', 'IDREF', 0, UNBOUNDED),
      ...(v >= 5 ? [el('inMaintenanceMode', { sequence: [el('message', 'string', 0)] }, 0)] : []),
    ],
  };
  const tsa: ComplexType = {
    sequence: [el('name', 'string'), el('url', 'string'), el('cert', 'base64'), ...(v >= 6 ? [el('costType', COST_TYPE, 0)] : [])],
  };
  const source: ComplexType = {
    sequence: [el('address', 'string'), el('internalVerificationCert', 'base64', 0, UNBOUNDED), el('externalVerificationCert', 'base64', 0, UNBOUNDED)],
  };
  const seq: Particle[] = [el('instanceIdentifier', 'string')];
  if (v >= 3) seq.push(el('source', source, 1, UNBOUNDED));
  seq.push(
    el('approvedCA', approvedCaType(v), 0, UNBOUNDED),
    el('approvedTSA', tsa, 0, UNBOUNDED),
    el('member', member, 0, UNBOUNDED),
    el('securityServer', securityServer, 0, UNBOUNDED),
    el('globalGroup', { sequence: [el('groupCode', 'string'), el('description', 'string'), el('groupMember', ClientIdentifierType, 0, UNBOUNDED)] }, 0, UNBOUNDED),
    el('centralService', { sequence: [el('serviceCode', 'string'), el('implementingService', ServiceIdentifierType, 0)] }, 0, UNBOUNDED),
    el('globalSettings', { sequence: [el('memberClass', MemberClassType, 0, UNBOUNDED), el('ocspFreshnessSeconds', 'integer')] }),
  );
  if (v >= 3) seq.push(anyElements);
  return { sequence: seq };
}
