// Reading getSecurityServerOperationalData / getSecurityServerHealthData request bodies
// (OPMON-002, OPMON-005; op-monitoring.xsd: elements qualified in the op-monitoring namespace).
// Errors carry the codes the operational monitoring daemon answers with: its request errors are
// `client.invalid_request` under the `server.serverproxy.opmonitor` origin (QueryRequestHandler +
// translateWithPrefix), a malformed client id is `...opmonitor.invalid_client_identifier`
// (OPMOND A.2 sample record: "Missing required subsystem code").
import type { Element } from '@xmldom/xmldom';
import { ErrorCodes, XRoadError, isXRoadError } from '../../../protocol/faults/index.js';
import { parseIdentifierElement, type ClientId } from '../../../protocol/identifiers/index.js';
import { childElements } from '../metaservices/soap-body.js';
import { OUTPUT_FIELD_SET } from './record-fields.js';

export const OPMON_NS = 'http://x-road.eu/xsd/op-monitoring.xsd';
export const OPMON_ORIGIN = 'server.serverproxy.opmonitor';
export const OPMON_INVALID_REQUEST = `${OPMON_ORIGIN}.client.invalid_request`;
export const OPMON_INVALID_CLIENT_IDENTIFIER = `${OPMON_ORIGIN}.${ErrorCodes.invalidClientIdentifier}`;

export class OpMonRequestError extends XRoadError {}

function invalid(message: string): OpMonRequestError {
  return new OpMonRequestError(OPMON_INVALID_REQUEST, message);
}

function opmonChildren(el: Element, allowed: readonly string[]): Element[] {
  const out = childElements(el);
  for (const c of out) {
    if (c.namespaceURI !== OPMON_NS || !allowed.includes(c.localName ?? '')) {
      throw invalid(`Invalid content was found starting with element '${c.localName}' in ${el.localName}: expected one of ${allowed.join(', ')} in ${OPMON_NS}`);
    }
  }
  return out;
}

function only(children: Element[], name: string, parent: string, required: boolean): Element | undefined {
  const found = children.filter((c) => c.localName === name);
  if (found.length > 1) throw invalid(`Element '${name}' occurs more than once in ${parent}`);
  if (required && found.length === 0) throw invalid(`The content of element '${parent}' is not complete: '${name}' is expected`);
  return found[0];
}

function long(el: Element, name: string): number {
  const text = (el.textContent ?? '').trim();
  if (!/^[+-]?\d{1,18}$/.test(text)) throw invalid(`'${text}' is not a valid value for 'long' (${name})`);
  return Number(text);
}

/** A client id element of the request (filter), read strictly (IdentifierTypeConverter). */
export function readClientElement(el: Element): ClientId {
  try {
    return parseIdentifierElement(el, 'client');
  } catch (e) {
    if (isXRoadError(e) && e.code === ErrorCodes.invalidClientIdentifier) throw new OpMonRequestError(OPMON_INVALID_CLIENT_IDENTIFIER, e.message);
    throw invalid(`Invalid client identifier: ${(e as Error).message}`);
  }
}

export interface OperationalDataRequest {
  recordsFrom: number;
  recordsTo: number;
  client?: ClientId;
  outputFields: Set<string>;
}

export function readOperationalDataRequest(wrapper: Element): OperationalDataRequest {
  const top = opmonChildren(wrapper, ['searchCriteria', 'outputSpec']);
  const criteria = only(top, 'searchCriteria', wrapper.localName ?? '', true)!;
  const outputSpec = only(top, 'outputSpec', wrapper.localName ?? '', false);
  const sc = opmonChildren(criteria, ['recordsFrom', 'recordsTo', 'client']);
  const recordsFrom = long(only(sc, 'recordsFrom', 'searchCriteria', true)!, 'recordsFrom');
  const recordsTo = long(only(sc, 'recordsTo', 'searchCriteria', true)!, 'recordsTo');
  const clientEl = only(sc, 'client', 'searchCriteria', false);
  const outputFields = new Set<string>();
  if (outputSpec) {
    for (const f of opmonChildren(outputSpec, ['outputField'])) {
      const name = (f.textContent ?? '').trim();
      if (!OUTPUT_FIELD_SET.has(name)) throw invalid(`Unknown output field in search criteria: ${name}`);
      outputFields.add(name);
    }
  }
  return { recordsFrom, recordsTo, ...(clientEl ? { client: readClientElement(clientEl) } : {}), outputFields };
}

/** OperationalDataRequestHandler.checkTimestamps. */
export function checkTimestamps(recordsFrom: number, recordsTo: number, recordsAvailableBefore: number): void {
  if (recordsFrom < 0) throw invalid('Records from timestamp is a negative number');
  if (recordsTo < 0) throw invalid('Records to timestamp is a negative number');
  if (recordsTo < recordsFrom) throw invalid('Records to timestamp is earlier than records from timestamp');
  if (recordsFrom >= recordsAvailableBefore) throw invalid(`Records not available from ${recordsFrom} yet`);
}

export function readHealthDataRequest(wrapper: Element): { client?: ClientId } {
  const top = opmonChildren(wrapper, ['filterCriteria']);
  const filter = only(top, 'filterCriteria', wrapper.localName ?? '', false);
  if (!filter) return {};
  const clientEl = only(opmonChildren(filter, ['client']), 'client', 'filterCriteria', false);
  return clientEl ? { client: readClientElement(clientEl) } : {};
}
