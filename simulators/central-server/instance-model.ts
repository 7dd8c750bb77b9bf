// What the simulated central server publishes: one X-Road instance's members, security servers,
// trust services and settings. Scenarios change it and call publish(); the shared- and
// private-params of every served version are generated from it.
import type {
  AnchorInput,
  ClientIdentifier,
  FetchIntervalParameters,
  MemberClass,
  MonitoringParameters,
  NextUpdateParameters,
  PrivateParametersInput,
  SharedParametersInput,
} from '../../protocol/globalconf/index.js';
import type { TestPki } from '../pki/index.js';

type SharedPart = Omit<SharedParametersInput, 'instanceIdentifier' | 'sources' | 'globalSettings'>;

export interface InstanceModel extends SharedPart {
  instanceIdentifier: string;
  memberClasses: MemberClass[];
  ocspFreshnessSeconds: number;
  timeStampingIntervalSeconds: number;
  managementService: PrivateParametersInput['managementService'];
  /** Anchors of federated instances, written into private-params. */
  federationAnchors?: AnchorInput[];
  /** Optional parts; each present field adds its part (MONITORING, NEXTUPDATE, FETCHINTERVAL) to internalconf. */
  optionalParts: { monitoring?: MonitoringParameters; nextUpdate?: NextUpdateParameters; fetchInterval?: FetchIntervalParameters };
}

export const MEMBER_CLASS_DESCRIPTIONS: Record<string, string> = {
  COM: 'Commercial',
  GOV: 'Governmental organisations',
  ORG: 'Non-profit organisations',
};

export interface ModelFromPkiOptions {
  ocspUrl?: string;
  tsaUrl?: string;
  /** Address written for every security server, or per server code (default 127.0.0.1). */
  securityServerAddress?: string | Record<string, string>;
  managementServiceAddress?: string;
}

/** A ready instance for a test PKI: its CA/OCSP/TSA approved, its security servers registered. */
export function instanceModelFromPki(pki: TestPki, opts: ModelFromPkiOptions = {}): InstanceModel {
  const inst = pki.instance;
  const ocspUrl = opts.ocspUrl ?? 'http://127.0.0.1:8888/';
  const ocsp = [{ url: ocspUrl, cert: pki.ocspSigner.certDer }];
  const members = new Map<string, { memberClass: MemberClass; memberCode: string; name: string; subsystems: Array<{ subsystemCode: string; subsystemName?: string }> }>();
  const addMember = (memberClass: string, memberCode: string) => {
    const key = `${memberClass}/${memberCode}`;
    if (!members.has(key)) members.set(key, { memberClass: { code: memberClass, description: MEMBER_CLASS_DESCRIPTIONS[memberClass] ?? memberClass }, memberCode, name: `${memberClass} ${memberCode}`, subsystems: [] });
    return members.get(key)!;
  };
  const servers = Object.values(pki.securityServers);
  if (servers.length === 0) throw new Error('the test PKI has no security servers');
  const first = servers[0].serverId;
  addMember(first.memberClass, first.memberCode).subsystems.push({ subsystemCode: 'MANAGEMENT', subsystemName: 'Management services' });

  const securityServers = servers.map((s) => {
    const { memberClass, memberCode, serverCode } = s.serverId;
    addMember(memberClass, memberCode);
    const clients: ClientIdentifier[] = Object.keys(s.sign).map((k) => {
      const [, cls, code] = k.split('/');
      addMember(cls, code);
      return { objectType: 'MEMBER', xRoadInstance: inst, memberClass: cls, memberCode: code };
    });
    const address = typeof opts.securityServerAddress === 'string' ? opts.securityServerAddress : (opts.securityServerAddress?.[serverCode] ?? '127.0.0.1');
    return { owner: { memberClass, memberCode }, serverCode, address, authCerts: [s.auth.certDer], clients };
  });
  const memberList = [...members.values()];
  const classes = [...new Set(memberList.map((m) => m.memberClass.code))];

  return {
    instanceIdentifier: inst,
    approvedCAs: [
      {
        name: `roadtest ${inst} CA`,
        authenticationOnly: false,
        topCA: { cert: pki.rootCa.certDer, ocsp: pki.intermediateCa ? [] : ocsp },
        intermediateCAs: pki.intermediateCa ? [{ cert: pki.intermediateCa.certDer, ocsp }] : [],
        certificateProfileInfo: pki.certificateProfileInfo,
      },
    ],
    approvedTSAs: [{ name: `roadtest ${inst} TSA`, url: opts.tsaUrl ?? 'http://127.0.0.1:8899/', cert: pki.tsaSigner.certDer }],
    members: memberList,
    securityServers,
    globalGroups: [
      {
        groupCode: 'security-server-owners',
        description: 'Security server owners',
        groupMembers: [...new Map(servers.map((s) => [`${s.serverId.memberClass}/${s.serverId.memberCode}`, s.serverId])).values()].map((o) => ({
          objectType: 'MEMBER' as const,
          xRoadInstance: inst,
          memberClass: o.memberClass,
          memberCode: o.memberCode,
        })),
      },
    ],
    centralServices: [],
    memberClasses: classes.map((c) => ({ code: c, description: MEMBER_CLASS_DESCRIPTIONS[c] ?? c })),
    ocspFreshnessSeconds: 3600,
    timeStampingIntervalSeconds: 60,
    managementService: {
      authCertRegServiceAddress: opts.managementServiceAddress ?? 'https://127.0.0.1:4001/managementservice/',
      managementRequestServiceProviderId: { objectType: 'SUBSYSTEM', xRoadInstance: inst, memberClass: first.memberClass, memberCode: first.memberCode, subsystemCode: 'MANAGEMENT' },
    },
    optionalParts: {},
  };
}

export function sharedInputOf(model: InstanceModel, sources: SharedParametersInput['sources']): SharedParametersInput {
  return {
    instanceIdentifier: model.instanceIdentifier,
    sources,
    approvedCAs: model.approvedCAs,
    approvedTSAs: model.approvedTSAs,
    members: model.members,
    securityServers: model.securityServers,
    globalGroups: model.globalGroups,
    centralServices: model.centralServices,
    globalSettings: { memberClasses: model.memberClasses, ocspFreshnessSeconds: model.ocspFreshnessSeconds },
  };
}

export function privateInputOf(model: InstanceModel): PrivateParametersInput {
  return {
    instanceIdentifier: model.instanceIdentifier,
    configurationAnchors: model.federationAnchors,
    managementService: model.managementService,
    timeStampingIntervalSeconds: model.timeStampingIntervalSeconds,
  };
}
