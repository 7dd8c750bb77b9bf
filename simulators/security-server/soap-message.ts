// Reads a SOAP message as an information system sends it — a client IS's request or a provider
// IS's answer (MESS-002, MESS-016): text/xml, or multipart/related with the SOAP part first (SwA)
// or an application/xop+xml root (MTOM). Codes follow the proxy test suite: no Content-Type /
// unsupported type / a part without Content-Type / a first part that is not SOAP ->
// invalid_content_type; a multipart without any part (empty body, or no opening delimiter: all of
// it is preamble, as MIME parsers read it) -> missing_soap (EmptyMultipartRequest); other broken
// framing -> mime_parsing_failed;
// SOAP errors as protocol/soap reports them. Callers add the origin (`client.`, `service_failed.`).
import { ErrorCodes, XRoadError } from '../../protocol/faults/index.js';
import { mediaTypeOf, parseContentType, parseMultipart } from '../../protocol/multipart/index.js';
import { parseSoapEnvelope, type SoapEnvelope } from '../../protocol/soap/index.js';

export interface AttachmentPart {
  /** Part headers as received (names as sent), Content-Type included. */
  headers: Array<[string, string]>;
  body: Buffer;
}

export interface SoapRequest {
  envelope: SoapEnvelope;
  /** Content-Type of the SOAP part (the HTTP one for text/xml). */
  soapContentType: string;
  /** The SOAP part's other MIME headers (Content-ID, Content-Transfer-Encoding), multipart only. */
  soapHeaders: Array<[string, string]>;
  attachments: AttachmentPart[];
  /** The request's HTTP Content-Type as received: carried as x-original-content-type (TRANSP-004). */
  originalContentType: string;
  /** The bytes requestHash is computed over (MESS-014): whole body, or the SOAP part. */
  hashedBytes: Buffer;
}

const SOAP_TYPES = new Set(['text/xml', 'application/xop+xml']);

export function readSoapMessage(contentType: string | undefined, body: Buffer): SoapRequest {
  if (!contentType) throw new XRoadError(ErrorCodes.invalidContentType, 'Could not get content type from request');
  const mediaType = mediaTypeOf(contentType);
  if (mediaType === 'text/xml') {
    const envelope = parseSoapEnvelope(body, { contentType });
    return { envelope, soapContentType: contentType, soapHeaders: [], attachments: [], originalContentType: contentType, hashedBytes: body };
  }
  if (mediaType !== 'multipart/related') {
    throw new XRoadError(ErrorCodes.invalidContentType, `Invalid content type: ${mediaType ?? contentType}`);
  }
  const boundary = parseContentType(contentType).params.get('boundary');
  if (boundary !== undefined && !body.includes(`--${boundary}`, 0, 'latin1')) throw new XRoadError(ErrorCodes.missingSoap, 'Request does not contain SOAP message');
  const parsed = parseMultipart(body, contentType);
  const [first, ...rest] = parsed.parts;
  if (!first) throw new XRoadError(ErrorCodes.missingSoap, 'Request does not contain SOAP message');
  const soapType = first.headers.get('content-type');
  if (!soapType || !SOAP_TYPES.has(mediaTypeOf(soapType) ?? '')) {
    throw new XRoadError(ErrorCodes.invalidContentType, `Invalid content type of the first (SOAP) part: ${soapType ?? '(none)'}`);
  }
  const attachments = rest.map((p, i) => {
    if (!p.headers.get('content-type')) throw new XRoadError(ErrorCodes.invalidContentType, `Attachment ${i + 1} has no Content-Type`);
    return { headers: p.headers.fields.map((f): [string, string] => [f.name, f.value]), body: Buffer.from(p.body) };
  });
  const soapBytes = Buffer.from(first.body);
  const envelope = parseSoapEnvelope(soapBytes, { contentType: soapType });
  const soapHeaders = first.headers.fields.filter((f) => f.name.toLowerCase() !== 'content-type').map((f): [string, string] => [f.name, f.value]);
  return { envelope, soapContentType: soapType, soapHeaders, attachments, originalContentType: contentType, hashedBytes: soapBytes };
}
