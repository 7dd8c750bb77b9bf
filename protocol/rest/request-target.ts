// REST-001: `{METHOD} /r1/INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICECODE[/path][?query]`.
// Only targets starting `/r1/` are REST at all (the reference's ClientRestMessageHandler hands
// everything else to the SOAP handler). The reference needs all five id segments although PR-REST
// §4.1 makes the subsystem optional (requirements §15.7). The service path and query are kept raw:
// they are forwarded unmodified (REST-004), so `%2F` and repeated parameters survive.
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { decodePathSegment, formatServiceIdPath, serviceIdFromParts, type ServiceId } from '../identifiers/index.js';

export const REST_PROTOCOL_PREFIX = '/r1/';

export interface RestRequestTarget {
  readonly serviceId: ServiceId;
  /** Raw path after the service code: '' or '/...'. */
  readonly servicePath: string;
  /** Raw query without '?', or undefined when the target has none. */
  readonly query: string | undefined;
  /** Raw path (without query) as received. */
  readonly path: string;
}

/** True when an HTTP request target is addressed to the REST protocol. */
export function isRestRequestTarget(target: string): boolean {
  return target.startsWith(REST_PROTOCOL_PREFIX);
}

/**
 * Parses a request target. Returns undefined for targets not starting `/r1/` (not REST).
 * Throws XRoadError `bad_request` (PR-REST §4.6: a malformed consumer request) naming the defect;
 * the reference raises these as an internal error instead (requirements §15.25).
 */
export function parseRestRequestTarget(target: string): RestRequestTarget | undefined {
  if (!isRestRequestTarget(target)) return undefined;
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const query = q === -1 ? undefined : target.slice(q + 1);
  if (/[\s#]/.test(path) || (query !== undefined && /[\s#]/.test(query))) {
    throw new XRoadError(ErrorCodes.badRequest, `Invalid request URI '${target}': whitespace or fragment`);
  }
  // ['', 'r1', instance, class, member, subsystem, serviceCode, ...servicePath]
  const parts = path.split('/');
  if (parts.length < 7) {
    throw new XRoadError(
      ErrorCodes.badRequest,
      `Invalid request URI '${path}': expected /r1/INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICECODE, got ${Math.max(0, parts.length - 2)} id segment(s)`,
    );
  }
  const names = ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode', 'serviceCode'] as const;
  const decoded = names.map((name, i) => {
    const seg = parts[i + 2]!;
    if (seg.length === 0) throw new XRoadError(ErrorCodes.badRequest, `Invalid request URI '${path}': empty ${name}`);
    return decodePathSegment(seg, ErrorCodes.badRequest, `service identifier part '${name}'`);
  });
  const serviceId = serviceIdFromParts({
    xRoadInstance: decoded[0]!,
    memberClass: decoded[1]!,
    memberCode: decoded[2]!,
    subsystemCode: decoded[3]!,
    serviceCode: decoded[4]!,
  });
  const servicePath = parts.length > 7 ? '/' + parts.slice(7).join('/') : '';
  return { serviceId, servicePath, query, path };
}

/** Builds `/r1/<service id>[servicePath][?query]`; servicePath and query are used as given (raw). */
export function formatRestRequestTarget(serviceId: ServiceId, servicePath = '', query?: string): string {
  if (servicePath !== '' && !servicePath.startsWith('/')) {
    throw new XRoadError(ErrorCodes.internalError, `servicePath must start with '/': '${servicePath}'`);
  }
  return REST_PROTOCOL_PREFIX + formatServiceIdPath(serviceId) + servicePath + (query === undefined ? '' : '?' + query);
}
