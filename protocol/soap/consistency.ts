// Request/response header consistency (MESS-013, MESS-015). X-Road compares the fields of SoapHeader
// marked @CheckConsistency, in declaration order: client, service, userId, representedParty, issue,
// id (Java name queryId). Absent and empty differ (`<xrd:issue/>` is '' and is not absent).
// The consumer SS reports a mismatch as service_failed.inconsistent_response; this check raises
// the parser-level inconsistent_headers, as SoapUtils.checkConsistency does.
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { idEquals } from '../identifiers/index.js';
import type { RepresentedParty, XRoadHeader } from './header.js';

export const CONSISTENCY_FIELDS = ['client', 'service', 'userId', 'representedParty', 'issue', 'id'] as const;
export type ConsistencyField = (typeof CONSISTENCY_FIELDS)[number];

function partyEquals(a: RepresentedParty | undefined, b: RepresentedParty | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.partyClass === b.partyClass && a.partyCode === b.partyCode;
}

function fieldEquals(field: ConsistencyField, a: XRoadHeader, b: XRoadHeader): boolean {
  switch (field) {
    case 'client':
    case 'service':
      return idEquals(a[field], b[field]);
    case 'representedParty':
      return partyEquals(a.representedParty, b.representedParty);
    default:
      return a[field] === b[field];
  }
}

/** The first field whose value differs between request and response, or undefined. */
export function findInconsistentField(request: XRoadHeader, response: XRoadHeader): ConsistencyField | undefined {
  return CONSISTENCY_FIELDS.find((f) => !fieldEquals(f, request, response));
}

/** Throws inconsistent_headers naming the first field that differs (X-Road's Java field name). */
export function checkHeaderConsistency(request: XRoadHeader, response: XRoadHeader): void {
  const field = findInconsistentField(request, response);
  if (field !== undefined) {
    const javaName = field === 'id' ? 'queryId' : field;
    throw new XRoadError(ErrorCodes.inconsistentHeaders, `Field '${javaName}' does not match in request and response`);
  }
}
