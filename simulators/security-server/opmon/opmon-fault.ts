// How the monitoring services fail: X-Road's operational monitoring daemon answers a SOAP fault
// whose code carries the `server.serverproxy.opmonitor` origin (translateWithPrefix), and the
// server proxy relays that answer like a provider IS's fault (unsigned, unchanged, MESS-019).
import { randomUUID } from 'node:crypto';
import { ErrorCodes, isXRoadError } from '../../../protocol/faults/index.js';
import { buildFault } from '../../../protocol/soap/index.js';
import type { MetaserviceAnswer } from '../metaservices/metaservice-context.js';
import { OPMON_ORIGIN } from './opmon-request.js';

export function opmonFaultCode(e: unknown): string {
  const code = isXRoadError(e) ? e.code : ErrorCodes.internalError;
  return code.toLowerCase().startsWith(`${OPMON_ORIGIN}.`) ? code : `${OPMON_ORIGIN}.${code}`;
}

export function opmonFaultAnswer(e: unknown): MetaserviceAnswer {
  const message = e instanceof Error ? e.message : String(e);
  const xml = buildFault({ faultCode: opmonFaultCode(e), faultString: message, faultActor: '', faultDetail: randomUUID() });
  return { status: 500, statusText: 'Internal Server Error', headers: [['Content-Type', 'text/xml; charset=UTF-8']], body: Buffer.from(xml, 'utf8') };
}
