// Operational data records as getSecurityServerOperationalData returns them (OPMON-003, PR-OPMON
// Annex B): flat JSON objects, the field names below, absent fields left out (X-Road's Jackson
// NON_NULL). OpMonRecord (components.ts) is what the proxies hand in; OpMonRecordDetails adds
// the Annex B fields it lacks, and structured ids, which win over the string forms (a 5-part
// service string is ambiguous: subsystem without version, or member with version).
import type { ClientId, ServiceId } from '../../../protocol/identifiers/index.js';
import { clientId, serviceIdFromParts } from '../../../protocol/identifiers/index.js';
import type { OpMonRecord } from '../components.js';

/** Annex B / OPMON §2 outputField values, in the order the protocol lists them. */
export const OUTPUT_FIELDS = [
  'monitoringDataTs',
  'securityServerInternalIp',
  'securityServerType',
  'requestInTs',
  'requestOutTs',
  'responseInTs',
  'responseOutTs',
  'clientXRoadInstance',
  'clientMemberClass',
  'clientMemberCode',
  'clientSubsystemCode',
  'serviceXRoadInstance',
  'serviceMemberClass',
  'serviceMemberCode',
  'serviceSubsystemCode',
  'serviceCode',
  'restMethod',
  'restPath',
  'serviceVersion',
  'representedPartyClass',
  'representedPartyCode',
  'messageId',
  'messageUserId',
  'messageIssue',
  'messageProtocolVersion',
  'clientSecurityServerAddress',
  'serviceSecurityServerAddress',
  'requestSize',
  'requestMimeSize',
  'requestAttachmentCount',
  'responseSize',
  'responseMimeSize',
  'responseAttachmentCount',
  'succeeded',
  'serviceType',
  'faultCode',
  'faultString',
  'statusCode',
  'xRoadVersion',
  // Not in the Annex B list but a field of X-Road 7's OperationalDataRecord (C.2.1 example).
  'xRequestId',
] as const;

export type OutputField = (typeof OUTPUT_FIELDS)[number];
export const OUTPUT_FIELD_SET: ReadonlySet<string> = new Set(OUTPUT_FIELDS);

/** Only the owner and the central monitoring client may see it (OperationalDataOutputSpecFields). */
export const PRIVATE_FIELDS: ReadonlySet<OutputField> = new Set(['securityServerInternalIp']);

export type PayloadRecord = Partial<Record<OutputField, string | number | boolean>>;

export interface OpMonRecordDetails extends OpMonRecord {
  client?: ClientId;
  service?: ServiceId;
  representedPartyClass?: string;
  representedPartyCode?: string;
  securityServerInternalIp?: string;
  clientSecurityServerAddress?: string;
  serviceSecurityServerAddress?: string;
  requestMimeSize?: number;
  responseMimeSize?: number;
  xRequestId?: string;
}

function clientFromString(s: string): ClientId | undefined {
  const p = s.split('/');
  if (p.length !== 3 && p.length !== 4) return undefined;
  try {
    return clientId(p[0]!, p[1]!, p[2]!, p[3]);
  } catch {
    return undefined;
  }
}

/** INSTANCE/CLASS/CODE/SUBSYSTEM/SERVICE[/VERSION]; 4 parts = member provider without version. 5 parts are read as subsystem + code. */
function serviceFromString(s: string): ServiceId | undefined {
  const p = s.split('/');
  try {
    if (p.length === 4) return serviceIdFromParts({ xRoadInstance: p[0]!, memberClass: p[1]!, memberCode: p[2]!, serviceCode: p[3]! });
    if (p.length === 5 || p.length === 6) {
      return serviceIdFromParts({ xRoadInstance: p[0]!, memberClass: p[1]!, memberCode: p[2]!, subsystemCode: p[3]!, serviceCode: p[4]!, serviceVersion: p[5] });
    }
  } catch {
    return undefined;
  }
  return undefined;
}

export function recordClient(r: OpMonRecordDetails): ClientId | undefined {
  return r.client ?? clientFromString(r.clientId);
}

export function recordService(r: OpMonRecordDetails): ServiceId | undefined {
  return r.service ?? (r.serviceId !== undefined ? serviceFromString(r.serviceId) : undefined);
}

/** OpMonRecord.representedParty as a string: `CLASS/CODE`, or just `CODE`. */
function representedParty(r: OpMonRecordDetails): { cls?: string; code?: string } {
  if (r.representedPartyClass !== undefined || r.representedPartyCode !== undefined) return { cls: r.representedPartyClass, code: r.representedPartyCode };
  if (r.representedParty === undefined) return {};
  const slash = r.representedParty.indexOf('/');
  return slash < 0 ? { code: r.representedParty } : { cls: r.representedParty.slice(0, slash), code: r.representedParty.slice(slash + 1) };
}

/** The Annex B JSON object of a record, every field present (undefined ones left out). */
export function toPayloadRecord(r: OpMonRecordDetails): PayloadRecord {
  const c = recordClient(r);
  const s = recordService(r);
  const rp = representedParty(r);
  const all: Partial<Record<OutputField, string | number | boolean | undefined>> = {
    monitoringDataTs: r.monitoringDataTs,
    securityServerInternalIp: r.securityServerInternalIp,
    securityServerType: r.securityServerType,
    requestInTs: r.requestInTs,
    requestOutTs: r.requestOutTs,
    responseInTs: r.responseInTs,
    responseOutTs: r.responseOutTs,
    clientXRoadInstance: c?.xRoadInstance,
    clientMemberClass: c?.memberClass,
    clientMemberCode: c?.memberCode,
    clientSubsystemCode: c?.objectType === 'SUBSYSTEM' ? c.subsystemCode : undefined,
    serviceXRoadInstance: s?.xRoadInstance,
    serviceMemberClass: s?.memberClass,
    serviceMemberCode: s?.memberCode,
    serviceSubsystemCode: s?.subsystemCode,
    serviceCode: s?.serviceCode,
    restMethod: r.restMethod,
    restPath: r.restPath,
    serviceVersion: s?.serviceVersion,
    representedPartyClass: rp.cls,
    representedPartyCode: rp.code,
    messageId: r.messageId,
    messageUserId: r.messageUserId,
    messageIssue: r.messageIssue,
    messageProtocolVersion: r.messageProtocolVersion,
    clientSecurityServerAddress: r.clientSecurityServerAddress,
    serviceSecurityServerAddress: r.serviceSecurityServerAddress,
    requestSize: r.requestSize,
    requestMimeSize: r.requestMimeSize,
    requestAttachmentCount: r.requestAttachmentCount,
    responseSize: r.responseSize,
    responseMimeSize: r.responseMimeSize,
    responseAttachmentCount: r.responseAttachmentCount,
    succeeded: r.succeeded,
    serviceType: r.serviceType,
    faultCode: r.faultCode,
    faultString: r.faultString,
    statusCode: r.statusCode,
    xRoadVersion: r.xRoadVersion,
    xRequestId: r.xRequestId,
  };
  const out: PayloadRecord = {};
  for (const f of OUTPUT_FIELDS) {
    const v = all[f];
    if (v !== undefined) out[f] = v;
  }
  return out;
}

/** Only the requested fields (all when `fields` is empty). */
export function projectRecord(rec: PayloadRecord, fields: ReadonlySet<string>): PayloadRecord {
  if (fields.size === 0) return rec;
  const out: PayloadRecord = {};
  for (const f of OUTPUT_FIELDS) if (fields.has(f) && rec[f] !== undefined) out[f] = rec[f];
  return out;
}
