// REST string form of identifiers (ID-006, REST §4.1-4.3): segments separated by '/', each one
// UTF-8 percent-encoded on its own so that a '/' inside a code never reads as a separator.
//   client  INSTANCE/CLASS/MEMBER[/SUBSYSTEM]         (X-Road-Client header)
//   service INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICECODE (/r1/... path; X-Road requires the subsystem,
//           requirements §15.7, and the version is a path element after it, not part of the id)
//   server  INSTANCE/CLASS/MEMBER/SERVERCODE           (X-Road-Security-Server header)
// Decoding follows X-Road's UriUtils.uriSegmentPercentDecode: only unreserved, sub-delims, ':' and
// '@' may appear raw; anything else must be percent-encoded.
import { ErrorCodes, XRoadError } from '../faults/index.js';
import {
  clientId,
  securityServerId,
  serviceIdFromParts,
  type ClientId,
  type SecurityServerId,
  type ServiceId,
} from './xroad-id.js';

const SAFE = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/;
const UTF8 = new TextDecoder('utf-8'); // non-fatal, like Java's new String(bytes, UTF_8)

/** Percent-encodes one path segment (every byte outside X-Road's safe set, '/' and '%' included). */
export function encodePathSegment(value: string): string {
  let out = '';
  for (const ch of value) {
    if (SAFE.test(ch)) {
      out += ch;
    } else {
      for (const b of Buffer.from(ch, 'utf8')) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
    }
  }
  return out;
}

/** Decodes one segment; a raw unsafe character or a broken %XX escape is an error naming the segment. */
export function decodePathSegment(segment: string, code: string = ErrorCodes.badRequest, what = 'path segment'): string {
  if (!segment.includes('%')) {
    for (const ch of segment) {
      if (!SAFE.test(ch)) throw new XRoadError(code, `Invalid character '${ch}' in ${what} '${segment}'`);
    }
    return segment;
  }
  const bytes: number[] = [];
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === '%') {
      const hex = segment.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new XRoadError(code, `Invalid percent encoding in ${what} '${segment}'`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (SAFE.test(ch)) {
      bytes.push(ch.charCodeAt(0));
    } else {
      throw new XRoadError(code, `Invalid character '${ch}' in ${what} '${segment}'`);
    }
  }
  return UTF8.decode(Uint8Array.from(bytes));
}

function split(value: string, counts: readonly number[], code: string, kind: string): string[] {
  const parts = value.split('/');
  if (!counts.includes(parts.length)) {
    throw new XRoadError(code, `Invalid ${kind} identifier '${value}': expected ${counts.join(' or ')} '/'-separated parts, got ${parts.length}`);
  }
  const names = kind === 'client'
    ? ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode']
    : kind === 'service'
      ? ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode', 'serviceCode']
      : ['xRoadInstance', 'memberClass', 'memberCode', 'serverCode'];
  return parts.map((p, i) => decodePathSegment(p, code, `${kind} identifier part '${names[i]}'`));
}

export function formatClientIdPath(id: ClientId): string {
  const parts = [id.xRoadInstance, id.memberClass, id.memberCode];
  if (id.objectType === 'SUBSYSTEM') parts.push(id.subsystemCode);
  return parts.map(encodePathSegment).join('/');
}

/** `EE/BUSINESS/consumer` or `EE/BUSINESS/consumer/sub`; errors carry invalid_client_identifier. */
export function parseClientIdPath(value: string): ClientId {
  const p = split(value, [3, 4], ErrorCodes.invalidClientIdentifier, 'client');
  return clientId(p[0], p[1], p[2], p[3]);
}

/** The five-segment form; a service without a subsystem cannot be written (X-Road requires one). */
export function formatServiceIdPath(id: ServiceId): string {
  if (id.subsystemCode === undefined) {
    throw new XRoadError(ErrorCodes.invalidServiceIdentifier, `Service ${id.serviceCode} has no subsystemCode; the REST form needs one`);
  }
  return [id.xRoadInstance, id.memberClass, id.memberCode, id.subsystemCode, id.serviceCode].map(encodePathSegment).join('/');
}

/** `INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICECODE`; errors carry invalid_service_identifier. */
export function parseServiceIdPath(value: string): ServiceId {
  const p = split(value, [5], ErrorCodes.invalidServiceIdentifier, 'service');
  return serviceIdFromParts({ xRoadInstance: p[0], memberClass: p[1], memberCode: p[2], subsystemCode: p[3], serviceCode: p[4] });
}

export function formatSecurityServerIdPath(id: SecurityServerId): string {
  return [id.xRoadInstance, id.memberClass, id.memberCode, id.serverCode].map(encodePathSegment).join('/');
}

/** `INSTANCE/CLASS/MEMBER/SERVERCODE`; errors carry invalid_security_server. */
export function parseSecurityServerIdPath(value: string): SecurityServerId {
  const p = split(value, [4], ErrorCodes.invalidSecurityServer, 'security server');
  return securityServerId(p[0], p[1], p[2], p[3]);
}
