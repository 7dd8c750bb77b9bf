// X-Road identifiers as plain immutable values (MESS Annex A, requirements ID-001..004).
// Shapes and the `TYPE:INSTANCE/...` string form follow X-Road's own identifier classes so that
// what we print matches what X-Road logs and what its tests assert.
import { ErrorCodes, XRoadError } from '../faults/index.js';

/** objectType values. CENTRALSERVICE is pre-7.x X-Road (MESS 4.0 `centralService`); 7.8 no longer knows it. */
export type XRoadObjectType =
  | 'MEMBER'
  | 'SUBSYSTEM'
  | 'SERVER'
  | 'SERVICE'
  | 'GLOBALGROUP'
  | 'LOCALGROUP'
  | 'CENTRALSERVICE';

export const OBJECT_TYPES: readonly XRoadObjectType[] = [
  'MEMBER', 'SUBSYSTEM', 'SERVER', 'SERVICE', 'GLOBALGROUP', 'LOCALGROUP', 'CENTRALSERVICE',
];

export interface MemberId {
  readonly objectType: 'MEMBER';
  readonly xRoadInstance: string;
  readonly memberClass: string;
  readonly memberCode: string;
}

export interface SubsystemId {
  readonly objectType: 'SUBSYSTEM';
  readonly xRoadInstance: string;
  readonly memberClass: string;
  readonly memberCode: string;
  readonly subsystemCode: string;
}

/** A client (service consumer or provider): a member, or one of its subsystems. */
export type ClientId = MemberId | SubsystemId;

export interface ServiceId {
  readonly objectType: 'SERVICE';
  readonly xRoadInstance: string;
  readonly memberClass: string;
  readonly memberCode: string;
  readonly subsystemCode?: string;
  readonly serviceCode: string;
  /** Optional; access rights ignore it (ID-003), equality does not. */
  readonly serviceVersion?: string;
}

export interface SecurityServerId {
  readonly objectType: 'SERVER';
  readonly xRoadInstance: string;
  readonly memberClass: string;
  readonly memberCode: string;
  readonly serverCode: string;
}

export interface CentralServiceId {
  readonly objectType: 'CENTRALSERVICE';
  readonly xRoadInstance: string;
  readonly serviceCode: string;
}

export interface GlobalGroupId {
  readonly objectType: 'GLOBALGROUP';
  readonly xRoadInstance: string;
  readonly groupCode: string;
}

/** Local groups live in one security server's configuration: no instance. */
export interface LocalGroupId {
  readonly objectType: 'LOCALGROUP';
  readonly groupCode: string;
}

export type XRoadId = ClientId | ServiceId | SecurityServerId | CentralServiceId | GlobalGroupId | LocalGroupId;

/** Which error code an invalid identifier of each kind raises. */
export function identifierErrorCode(objectType: XRoadObjectType): string {
  switch (objectType) {
    case 'MEMBER':
    case 'SUBSYSTEM':
      return ErrorCodes.invalidClientIdentifier;
    case 'SERVICE':
    case 'CENTRALSERVICE':
      return ErrorCodes.invalidServiceIdentifier;
    case 'SERVER':
      return ErrorCodes.invalidSecurityServer;
    default:
      return ErrorCodes.invalidXml;
  }
}

const KIND_NAME: Record<XRoadObjectType, string> = {
  MEMBER: 'client',
  SUBSYSTEM: 'client',
  SERVICE: 'service',
  SERVER: 'security server',
  CENTRALSERVICE: 'central service',
  GLOBALGROUP: 'global group',
  LOCALGROUP: 'local group',
};

// X-Road rejects blank parts (Validation.validateArgument: StringUtils.isBlank) but never trims.
function required(objectType: XRoadObjectType, part: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new XRoadError(
      identifierErrorCode(objectType),
      `Invalid ${KIND_NAME[objectType]} identifier: '${part}' must not be blank`,
    );
  }
  return value;
}

function optional(objectType: XRoadObjectType, part: string, value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : required(objectType, part, value);
}

export function memberId(xRoadInstance: string, memberClass: string, memberCode: string): MemberId {
  return Object.freeze({
    objectType: 'MEMBER',
    xRoadInstance: required('MEMBER', 'xRoadInstance', xRoadInstance),
    memberClass: required('MEMBER', 'memberClass', memberClass),
    memberCode: required('MEMBER', 'memberCode', memberCode),
  });
}

export function subsystemId(xRoadInstance: string, memberClass: string, memberCode: string, subsystemCode: string): SubsystemId {
  return Object.freeze({
    objectType: 'SUBSYSTEM',
    xRoadInstance: required('SUBSYSTEM', 'xRoadInstance', xRoadInstance),
    memberClass: required('SUBSYSTEM', 'memberClass', memberClass),
    memberCode: required('SUBSYSTEM', 'memberCode', memberCode),
    subsystemCode: required('SUBSYSTEM', 'subsystemCode', subsystemCode),
  });
}

/** A member id, or a subsystem id when `subsystemCode` is given (X-Road's ClientId.Conf.create). */
export function clientId(xRoadInstance: string, memberClass: string, memberCode: string, subsystemCode?: string): ClientId {
  return subsystemCode === undefined
    ? memberId(xRoadInstance, memberClass, memberCode)
    : subsystemId(xRoadInstance, memberClass, memberCode, subsystemCode);
}

/** The service `serviceCode` (optionally `serviceVersion`) offered by `provider`. */
export function serviceId(provider: ClientId, serviceCode: string, serviceVersion?: string): ServiceId {
  return serviceIdFromParts({
    xRoadInstance: provider.xRoadInstance,
    memberClass: provider.memberClass,
    memberCode: provider.memberCode,
    subsystemCode: provider.objectType === 'SUBSYSTEM' ? provider.subsystemCode : undefined,
    serviceCode,
    serviceVersion,
  });
}

/** A service id from its parts; every error carries invalid_service_identifier. */
export function serviceIdFromParts(parts: {
  xRoadInstance: string;
  memberClass: string;
  memberCode: string;
  subsystemCode?: string;
  serviceCode: string;
  serviceVersion?: string;
}): ServiceId {
  const subsystemCode = optional('SERVICE', 'subsystemCode', parts.subsystemCode);
  const serviceVersion = optional('SERVICE', 'serviceVersion', parts.serviceVersion);
  const id: ServiceId = {
    objectType: 'SERVICE',
    xRoadInstance: required('SERVICE', 'xRoadInstance', parts.xRoadInstance),
    memberClass: required('SERVICE', 'memberClass', parts.memberClass),
    memberCode: required('SERVICE', 'memberCode', parts.memberCode),
    ...(subsystemCode !== undefined ? { subsystemCode } : {}),
    serviceCode: required('SERVICE', 'serviceCode', parts.serviceCode),
    ...(serviceVersion !== undefined ? { serviceVersion } : {}),
  };
  return Object.freeze(id);
}

export function securityServerId(xRoadInstance: string, memberClass: string, memberCode: string, serverCode: string): SecurityServerId {
  return Object.freeze({
    objectType: 'SERVER',
    xRoadInstance: required('SERVER', 'xRoadInstance', xRoadInstance),
    memberClass: required('SERVER', 'memberClass', memberClass),
    memberCode: required('SERVER', 'memberCode', memberCode),
    serverCode: required('SERVER', 'serverCode', serverCode),
  });
}

export function centralServiceId(xRoadInstance: string, serviceCode: string): CentralServiceId {
  return Object.freeze({
    objectType: 'CENTRALSERVICE',
    xRoadInstance: required('CENTRALSERVICE', 'xRoadInstance', xRoadInstance),
    serviceCode: required('CENTRALSERVICE', 'serviceCode', serviceCode),
  });
}

export function globalGroupId(xRoadInstance: string, groupCode: string): GlobalGroupId {
  return Object.freeze({
    objectType: 'GLOBALGROUP',
    xRoadInstance: required('GLOBALGROUP', 'xRoadInstance', xRoadInstance),
    groupCode: required('GLOBALGROUP', 'groupCode', groupCode),
  });
}

export function localGroupId(groupCode: string): LocalGroupId {
  return Object.freeze({ objectType: 'LOCALGROUP', groupCode: required('LOCALGROUP', 'groupCode', groupCode) });
}

export function isClientId(id: XRoadId): id is ClientId {
  return id.objectType === 'MEMBER' || id.objectType === 'SUBSYSTEM';
}

export function isSubsystem(id: ClientId): id is SubsystemId {
  return id.objectType === 'SUBSYSTEM';
}

/** The member a client belongs to (the client itself when it is a member). */
export function memberOf(client: ClientId | ServiceId | SecurityServerId): MemberId {
  if (client.objectType === 'MEMBER') return client;
  return memberId(client.xRoadInstance, client.memberClass, client.memberCode);
}

/** The client (member or subsystem) that provides a service. */
export function providerOf(service: ServiceId): ClientId {
  return clientId(service.xRoadInstance, service.memberClass, service.memberCode, service.subsystemCode);
}

/** Parts after the instance, in X-Road's string order (XRoadId.getFieldsForStringFormat). */
function stringParts(id: XRoadId): (string | undefined)[] {
  switch (id.objectType) {
    case 'MEMBER':
      return [id.memberClass, id.memberCode];
    case 'SUBSYSTEM':
      return [id.memberClass, id.memberCode, id.subsystemCode];
    case 'SERVICE':
      return [id.memberClass, id.memberCode, id.subsystemCode, id.serviceCode, id.serviceVersion];
    case 'SERVER':
      return [id.memberClass, id.memberCode, id.serverCode];
    case 'CENTRALSERVICE':
      return [id.serviceCode];
    case 'GLOBALGROUP':
    case 'LOCALGROUP':
      return [id.groupCode];
  }
}

/** `EE/BUSINESS/consumer` — X-Road's toShortString(); absent parts are skipped. */
export function idToShortString(id: XRoadId): string {
  const instance = id.objectType === 'LOCALGROUP' ? undefined : id.xRoadInstance;
  return [instance, ...stringParts(id)].filter((p): p is string => p !== undefined).join('/');
}

/** `MEMBER:EE/BUSINESS/consumer`, `SERVICE:EE/BUSINESS/JODA/getState/v1` — X-Road's toString(). */
export function idToString(id: XRoadId): string {
  return `${id.objectType}:${idToShortString(id)}`;
}

/** Same object type and the same value in every part (serviceVersion included, as in X-Road). */
export function idEquals(a: XRoadId | undefined, b: XRoadId | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.objectType !== b.objectType) return false;
  const ia = a.objectType === 'LOCALGROUP' ? undefined : a.xRoadInstance;
  const ib = b.objectType === 'LOCALGROUP' ? undefined : b.xRoadInstance;
  if (ia !== ib) return false;
  const pa = stringParts(a);
  const pb = stringParts(b);
  return pa.length === pb.length && pa.every((p, i) => p === pb[i]);
}
