// OPMON-001..004: getSecurityServerOperationalData. The response is multipart/related: the SOAP
// answer {recordsCount, records = cid: swaRef, nextRecordsFrom?} and an application/gzip part
// holding {"records":[...]} (PR-OPMON §2, Annex C.2). recordsTo at or beyond "now - offset" is
// moved back to now - offset - 1 and nextRecordsFrom says where to go on; a truncated answer
// (maxRecordsInPayload) sets nextRecordsFrom to the first left-out second instead.
import { gzipSync } from 'node:zlib';
import { buildResponse } from '../../../protocol/soap/index.js';
import { MultipartWriter } from '../../../protocol/multipart/index.js';
import { DEFAULT_OPMON_SETTINGS, nowOf, type MetaserviceAnswer, type MetaserviceContext, type SoapMetaserviceRequest } from '../metaservices/metaservice-context.js';
import { soapBodyWrapper } from '../metaservices/soap-body.js';
import type { OperationalDataStore } from './op-monitor.js';
import { isPrivilegedCaller } from './opmon-access.js';
import { opmonFaultAnswer } from './opmon-fault.js';
import { checkTimestamps, OPMON_INVALID_REQUEST, OPMON_NS, OpMonRequestError, readOperationalDataRequest } from './opmon-request.js';
import { OUTPUT_FIELDS, PRIVATE_FIELDS, projectRecord, toPayloadRecord, type PayloadRecord } from './record-fields.js';

/** The attachment's Content-ID, as X-Road names it. */
export const RECORDS_CID = 'operational-monitoring-data.json.gz';

export interface OperationalDataResult {
  records: PayloadRecord[];
  nextRecordsFrom?: number;
}

/** The records a caller gets for a request (no SOAP): access rules, clamping, truncation, fields. */
export function selectOperationalData(
  ctx: MetaserviceContext & { opMonitor: OperationalDataStore },
  request: SoapMetaserviceRequest,
): OperationalDataResult {
  const settings = { ...DEFAULT_OPMON_SETTINGS, ...ctx.opMonSettings };
  let wrapper;
  try {
    wrapper = soapBodyWrapper(request.envelope);
  } catch (e) {
    throw new OpMonRequestError(OPMON_INVALID_REQUEST, (e as Error).message);
  }
  const q = readOperationalDataRequest(wrapper);
  const recordsAvailableBefore = Math.floor(nowOf(ctx).getTime() / 1000) - settings.recordsAvailableOffsetSeconds;
  checkTimestamps(q.recordsFrom, q.recordsTo, recordsAvailableBefore);

  let recordsTo = q.recordsTo;
  let nextRecordsFrom: number | undefined;
  if (recordsTo >= recordsAvailableBefore) {
    recordsTo = recordsAvailableBefore - 1;
    nextRecordsFrom = recordsAvailableBefore;
  }
  // Seeded defect opmon-shows-all-records: every caller is treated as owner / monitoring client (OPMON-004).
  const privileged = ctx.defects?.has('opmon-shows-all-records') || isPrivilegedCaller(request.client, request.envelope.header.securityServer, ctx.monitoringClient?.());
  const result = ctx.opMonitor.query({
    recordsFrom: q.recordsFrom,
    recordsTo,
    ...(privileged ? {} : { exchangePartner: request.client }),
    ...(q.client ? { serviceProvider: q.client } : {}),
    maxRecords: settings.maxRecordsInPayload,
  });
  if (result.nextRecordsFrom !== undefined) nextRecordsFrom = result.nextRecordsFrom;

  let fields: Set<string> = q.outputFields;
  if (!privileged) {
    // A non-privileged caller never sees the private fields, asked for or not.
    fields = new Set([...(fields.size > 0 ? fields : OUTPUT_FIELDS)].filter((f) => !PRIVATE_FIELDS.has(f as never)));
  }
  return {
    records: result.records.map((r) => projectRecord(toPayloadRecord(r), fields)),
    ...(nextRecordsFrom !== undefined ? { nextRecordsFrom } : {}),
  };
}

export function answerOperationalData(ctx: MetaserviceContext & { opMonitor: OperationalDataStore }, request: SoapMetaserviceRequest): MetaserviceAnswer {
  let data: OperationalDataResult;
  try {
    data = selectOperationalData(ctx, request);
  } catch (e) {
    return opmonFaultAnswer(e);
  }
  const payload = gzipSync(Buffer.from(JSON.stringify({ records: data.records }), 'utf8'));
  const content =
    `<om:recordsCount>${data.records.length}</om:recordsCount>` +
    `<om:records>cid:${RECORDS_CID}</om:records>` +
    (data.nextRecordsFrom !== undefined ? `<om:nextRecordsFrom>${data.nextRecordsFrom}</om:nextRecordsFrom>` : '');
  const soap = buildResponse(request.envelope, {
    wrapper: { localName: 'getSecurityServerOperationalDataResponse', namespaceUri: OPMON_NS, prefix: 'om', content },
  });
  const multipart = new MultipartWriter({ mediaType: 'multipart/related', boundaryPrefix: 'xroad', params: { type: 'text/xml', charset: 'UTF-8' } });
  multipart.add(Buffer.from(soap, 'utf8'), [['Content-Type', 'text/xml; charset=UTF-8']]);
  multipart.add(payload, [
    ['Content-Type', 'application/gzip'],
    ['Content-Transfer-Encoding', 'binary'],
    ['Content-ID', `<${RECORDS_CID}>`],
  ]);
  return { status: 200, statusText: 'OK', headers: [['Content-Type', multipart.contentType]], body: multipart.toBuffer() };
}
