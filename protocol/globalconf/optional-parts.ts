// Optional configuration parts (GCONF-006, GCONF-013): MONITORING (monitoring-params.xml),
// NEXTUPDATE (nextupdate-params.xml), FETCHINTERVAL (fetchinterval-params.xml). Each is checked
// against its schema (monitoring-conf.xsd, ocsp-nextupdate-conf.xsd, ocsp-fetchinterval-conf.xsd).
import type { XRoadError } from '../faults/index.js';
import { globalConfError, GlobalConfCodes } from './codes.js';
import { ClientIdentifierType, readClientIdentifier, type ClientIdentifier } from './identifiers.js';
import { childNamed, childText, parseXmlDocument, XROAD_NS } from './xml-reader.js';
import { el, validateElement, type ComplexType } from './xml-schema.js';
import type { Element } from '@xmldom/xmldom';

export const OptionalPartIds = {
  monitoring: { contentIdentifier: 'MONITORING', fileName: 'monitoring-params.xml' },
  nextUpdate: { contentIdentifier: 'NEXTUPDATE', fileName: 'nextupdate-params.xml' },
  fetchInterval: { contentIdentifier: 'FETCHINTERVAL', fileName: 'fetchinterval-params.xml' },
} as const;

export interface MonitoringParameters {
  /** The one member or subsystem allowed to query security servers' monitoring data (GCONF-013). */
  monitoringClientId?: ClientIdentifier;
}

export interface NextUpdateParameters {
  verifyNextUpdate: boolean;
}

export interface FetchIntervalParameters {
  /** Seconds between OCSP response fetches on the security server. */
  ocspFetchInterval: number;
}

const MonitoringType: ComplexType = { sequence: [el('monitoringClient', { sequence: [el('monitoringClientId', ClientIdentifierType, 0)] })] };
const NextUpdateType: ComplexType = { sequence: [el('verifyNextUpdate', 'boolean')] };
const FetchIntervalType: ComplexType = { sequence: [el('ocspFetchInterval', 'int')] };

function readRoot(input: string | Uint8Array, type: ComplexType, what: string): Element {
  const fail = (m: string): XRoadError => globalConfError(GlobalConfCodes.malformedOptionalPartsConf, `${what}: ${m}`);
  const root = parseXmlDocument(input, fail);
  if (root.localName !== 'conf' || root.namespaceURI !== XROAD_NS) throw fail(`root element is ${root.localName}, expected {${XROAD_NS}}conf`);
  const problem = validateElement(root, type, 'conf');
  if (problem) throw fail(problem);
  return root;
}

export function parseMonitoringParameters(input: string | Uint8Array): MonitoringParameters {
  const root = readRoot(input, MonitoringType, OptionalPartIds.monitoring.fileName);
  const id = childNamed(childNamed(root, 'monitoringClient')!, 'monitoringClientId');
  return id ? { monitoringClientId: readClientIdentifier(id) } : {};
}

export function parseNextUpdateParameters(input: string | Uint8Array): NextUpdateParameters {
  const root = readRoot(input, NextUpdateType, OptionalPartIds.nextUpdate.fileName);
  const v = childText(root, 'verifyNextUpdate');
  return { verifyNextUpdate: v === 'true' || v === '1' };
}

export function parseFetchIntervalParameters(input: string | Uint8Array): FetchIntervalParameters {
  const root = readRoot(input, FetchIntervalType, OptionalPartIds.fetchInterval.fileName);
  return { ocspFetchInterval: Number(childText(root, 'ocspFetchInterval')) };
}
