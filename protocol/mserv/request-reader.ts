// Reads a management request as the management service provider receives it (MSERV-003): the
// HTTP body is bare text/xml for clientDeletion/authCertDeletion, multipart/related for the
// signed kinds. Part layout and messages follow X-Road's decoder (BaseSignedRequestCallback):
// signature, then certificate, then OCSP; anything after that is "Unexpected content".
// Nothing is verified here beyond structure: request-verifier.ts does the cryptography.
import { DOMParser, type Element } from '@xmldom/xmldom';
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { parseIdentifierElement, type ClientId, type SecurityServerId } from '../identifiers/index.js';
import { mediaTypeOf, parseMultipart } from '../multipart/index.js';
import { parseSoapEnvelope, XROAD_NS, type SoapEnvelope } from '../soap/index.js';
import { childElements, textOf } from '../xml/dom.js';
import { isManagementKind, type ManagementKind } from './management-kinds.js';
import { MservCodes, MservError } from './mserv-error.js';
import { SIGNATURE_ALGORITHM_HEADER, type ManagementFields, type MemberSignatureParts } from './request-builder.js';

export interface ReadPart {
  contentType: string | undefined;
  headers: Array<[string, string]>;
  body: Buffer;
}

export interface ManagementRequest {
  kind: ManagementKind;
  /** HTTP Content-Type as received. */
  contentType: string;
  multipart: boolean;
  /** The SOAP part, exact bytes, parsed. */
  soap: SoapEnvelope;
  soapPartContentType: string | undefined;
  fields: ManagementFields;
  /** The member's signature parts of a multipart request (OCSP may be missing: the verifier says so). */
  member?: Partial<MemberSignatureParts> & { signature: Buffer; algorithm: string | undefined };
  /** Every part after the SOAP part, as received. */
  extraParts: ReadPart[];
}

function headerValue(headers: Array<[string, string]>, name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

/** Body fields of the wrapper (xroad namespace children). */
export function readManagementFields(wrapper: Element, kind: string): ManagementFields {
  const out: Partial<ManagementFields> = {};
  for (const el of childElements(wrapper)) {
    if (el.namespaceURI !== XROAD_NS) continue;
    const name = el.localName;
    try {
      switch (name) {
        case 'server':
          out.server = parseIdentifierElement(el, 'server') as SecurityServerId;
          break;
        case 'client':
          out.client = parseIdentifierElement(el, 'client') as ClientId;
          break;
        case 'authCert':
          out.authCert = Buffer.from(textOf(el).replace(/\s+/g, ''), 'base64');
          break;
        case 'subsystemName':
        case 'address':
        case 'message':
          out[name] = textOf(el);
          break;
        default:
          break; // requestId and unknown elements are not request fields
      }
    } catch (e) {
      throw new MservError(MservCodes.invalidRequest, `${kind}: field ${name}: ${(e as Error).message}`, { cause: e });
    }
  }
  if (!out.server) throw new MservError(MservCodes.invalidRequest, `${kind}: the body has no server field`);
  return out as ManagementFields;
}

/** The wrapper element of a SOAP document's Body. */
export function bodyWrapperOf(xml: string): Element {
  const doc = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml');
  const envelope = doc.documentElement;
  const body = envelope && childElements(envelope).find((e) => e.localName === 'Body');
  const wrapper = body && childElements(body)[0];
  if (!wrapper) throw new MservError(MservCodes.invalidRequest, 'The SOAP body has no wrapper element');
  return wrapper;
}

function readSoap(bytes: Buffer, contentType: string | undefined): { soap: SoapEnvelope; kind: ManagementKind; fields: ManagementFields } {
  const soap = parseSoapEnvelope(bytes, { contentType: contentType ?? 'text/xml; charset=UTF-8' });
  if (soap.isFault) throw new MservError(MservCodes.invalidRequest, 'A management request cannot be a SOAP fault');
  const code = soap.header.service?.serviceCode;
  if (!code || !isManagementKind(code)) throw new MservError(MservCodes.invalidRequest, `Unknown management service code "${code}"`);
  if (soap.wrapper?.localName !== code || soap.wrapper.namespaceUri !== XROAD_NS) {
    throw new MservError(MservCodes.invalidRequest, `The body wrapper must be {${XROAD_NS}}${code}, found {${soap.wrapper?.namespaceUri}}${soap.wrapper?.localName}`);
  }
  return { soap, kind: code, fields: readManagementFields(bodyWrapperOf(soap.xml), code) };
}

export function readManagementRequest(contentType: string | undefined, body: Buffer): ManagementRequest {
  const media = mediaTypeOf(contentType);
  if (media === 'text/xml') {
    return { ...readSoap(body, contentType), contentType: contentType!, multipart: false, soapPartContentType: contentType, extraParts: [] };
  }
  if (media !== 'multipart/related') {
    throw new MservError(MservCodes.invalidContentType, `A management request must be multipart/related or text/xml, got "${contentType}"`);
  }
  let parts;
  try {
    parts = parseMultipart(body, contentType!).parts;
  } catch (e) {
    throw new XRoadError(ErrorCodes.mimeParsingFailed, `Management request MIME: ${(e as Error).message}`, undefined, { cause: e });
  }
  const [first, ...rest] = parts;
  if (!first) throw new MservError(MservCodes.invalidRequest, 'The multipart management request has no parts');
  const soapType = first.headers.get('content-type');
  if (mediaTypeOf(soapType) !== 'text/xml') {
    throw new MservError(MservCodes.invalidContentType, `The first part must be the SOAP message (text/xml), got "${soapType}"`);
  }
  const extraParts: ReadPart[] = rest.map((p) => ({
    contentType: p.headers.get('content-type'),
    headers: p.headers.fields.map((f): [string, string] => [f.name, f.value]),
    body: Buffer.from(p.body),
  }));
  const [sig, cert, ocsp] = extraParts;
  const member = sig
    ? {
        signature: sig.body,
        algorithm: headerValue(sig.headers, SIGNATURE_ALGORITHM_HEADER),
        ...(cert ? { certDer: cert.body } : {}),
        ...(ocsp ? { ocspDer: ocsp.body } : {}),
      }
    : undefined;
  return {
    ...readSoap(Buffer.from(first.body), soapType),
    contentType: contentType!,
    multipart: true,
    soapPartContentType: soapType,
    ...(member ? { member } : {}),
    extraParts,
  };
}
