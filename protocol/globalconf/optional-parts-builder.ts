// Writes the optional configuration parts the central server distributes.
import { writeClientIdentifier } from './identifiers.js';
import type { FetchIntervalParameters, MonitoringParameters, NextUpdateParameters } from './optional-parts.js';
import { textElement, XML_DECLARATION } from './xml-writer.js';

const ROOT = '<tns:conf xmlns:id="http://x-road.eu/xsd/identifiers" xmlns:tns="http://x-road.eu/xsd/xroad.xsd">';

export function buildMonitoringParameters(p: MonitoringParameters): string {
  const inner = p.monitoringClientId ? [writeClientIdentifier('monitoringClientId', p.monitoringClientId, '        ', 'id')] : [];
  return [XML_DECLARATION, ROOT, '    <monitoringClient>', ...inner, '    </monitoringClient>', '</tns:conf>', ''].join('\n');
}

export function buildNextUpdateParameters(p: NextUpdateParameters): string {
  return [XML_DECLARATION, ROOT, textElement('    ', 'verifyNextUpdate', p.verifyNextUpdate), '</tns:conf>', ''].join('\n');
}

export function buildFetchIntervalParameters(p: FetchIntervalParameters): string {
  if (!Number.isInteger(p.ocspFetchInterval)) throw new Error('ocspFetchInterval must be an integer');
  return [XML_DECLARATION, ROOT, textElement('    ', 'ocspFetchInterval', p.ocspFetchInterval), '</tns:conf>', ''].join('\n');
}
