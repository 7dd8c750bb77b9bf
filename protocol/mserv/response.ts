// Management responses (MSERV-002): the provider echoes the request header and the request's
// fields in xroad:<kind>Response and adds xroad:requestId (the central server's request number).
// The sending security server reads requestId back (X-Road ManagementRequestSender.getRequestId:
// first xroad:requestId in the body, an integer or nothing) after checking content type and
// that the answer is a response, not a fault.
import { mediaTypeOf } from '../mime/content-type.js';
import { faultToError, parseSoapEnvelope, buildResponse, XROAD_NS, XROAD_PREFIX, type SoapEnvelope } from '../soap/index.js';
import { childElements, textOf } from '../xml/dom.js';
import { isManagementKind, type ManagementKind } from './management-kinds.js';
import { MservCodes, MservError } from './mserv-error.js';
import { managementFieldsXml, type ManagementFields } from './request-builder.js';
import { bodyWrapperOf, readManagementFields } from './request-reader.js';

/** The response document for a request (no requestHash: the provider's security server adds it). */
export function buildManagementResponse(request: SoapEnvelope, kind: ManagementKind, fields: ManagementFields, requestId: number): Buffer {
  const echoed = managementFieldsXml(kind, fields);
  if (!Number.isInteger(requestId)) throw new MservError(MservCodes.internalError, `requestId must be an integer, got ${requestId}`);
  const xml = buildResponse(request, {
    requestHash: null,
    wrapper: { localName: `${kind}Response`, namespaceUri: XROAD_NS, prefix: XROAD_PREFIX, content: `${echoed}<${XROAD_PREFIX}:requestId>${requestId}</${XROAD_PREFIX}:requestId>` },
  });
  return Buffer.from(xml, 'utf8');
}

export interface ManagementResponse {
  kind: ManagementKind;
  envelope: SoapEnvelope;
  fields: ManagementFields;
  /** undefined when absent or not an integer (as X-Road's getRequestId). */
  requestId: number | undefined;
}

/** Reads the answer the sending server gets; a SOAP fault is thrown as its XRoadError. */
export function readManagementResponse(contentType: string | undefined, body: Buffer): ManagementResponse {
  if (mediaTypeOf(contentType) !== 'text/xml') {
    throw new MservError(MservCodes.invalidContentType, `Unexpected or no content type (${contentType}) in response`);
  }
  const envelope = parseSoapEnvelope(body, { contentType: contentType! });
  if (envelope.isFault) throw faultToError(envelope.fault!);
  const name = envelope.wrapper?.localName ?? '';
  const kind = name.replace(/Response$/, '');
  if (!envelope.isResponse || !isManagementKind(kind)) throw new MservError(MservCodes.internalError, `Expected a management response message, got ${name}`);
  const wrapper = bodyWrapperOf(envelope.xml);
  const idEl = childElements(wrapper).find((e) => e.namespaceURI === XROAD_NS && e.localName === 'requestId');
  const idText = idEl ? textOf(idEl).trim() : '';
  const requestId = /^-?\d+$/.test(idText) ? Number(idText) : undefined;
  return { kind, envelope, fields: readManagementFields(wrapper, name), requestId };
}
