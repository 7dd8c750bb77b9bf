// Reads an X-Road SOAP message (MESS §2, requirements MESS-002..007, MESS-017) into a typed view,
// keeping the bytes exactly as received: requestHash (MESS-014) and signatures are computed over
// them, never over a re-serialisation.
// Checks and codes follow SaxSoapParserImpl (X-Road 7.8) and the vectors' CATALOG "SOAP message
// parsing" rows: invalid_content_type, invalid_soap (not XML / not a SOAP 1.1 Envelope),
// duplicate_header_field, invalid_xml, invalid_protocol_version and invalid_body as met in document
// order; then, unless the body is a Fault: missing_header, missing_header_field, missing_body,
// invalid_body (no wrapper), inconsistent_headers (wrapper name does not start with serviceCode).
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { charsetOf, checkSoapContentType, TEXT_XML_UTF8 } from './content-type.js';
import { checkRequiredFields, emptyHeader, readHeaderElement, type XRoadHeader } from './header.js';
import { SOAP_ENCODING_NS, SOAP_ENV_NS } from './namespaces.js';
import { parseXmlDocument, XmlSyntaxError, type XmlElement } from './xml-tree.js';

export interface SoapFault {
  readonly faultCode?: string;
  readonly faultString?: string;
  readonly faultActor?: string;
  /** Text of detail/faultDetail, or of detail itself when it has no faultDetail. */
  readonly faultDetail?: string;
}

export interface BodyWrapper {
  readonly localName: string;
  readonly namespaceUri: string | undefined;
  readonly prefix: string;
}

export interface SoapEnvelope {
  /** The message exactly as received (a UTF-8 BOM included): hash and sign these. */
  readonly bytes: Uint8Array;
  readonly contentType: string;
  /** Charset used to decode `bytes`. */
  readonly charset: string;
  /** Decoded text, BOM removed. */
  readonly xml: string;
  /** Prefix the message uses for the SOAP envelope namespace ('' when it is the default namespace). */
  readonly envelopePrefix: string;
  readonly hasHeader: boolean;
  /** Header fields (empty, with no fields, when the message has no Header). */
  readonly header: XRoadHeader;
  /** First element of the Body that is not a Fault (the document/literal wrapper). */
  readonly wrapper?: BodyWrapper;
  readonly fault?: SoapFault;
  readonly isFault: boolean;
  /** SOAP-ENV:encodingStyle is the SOAP encoding (RPC/encoded). */
  readonly isRpc: boolean;
  /** Wrapper name ends with "Response" (SoapUtils.isResponseMessage). */
  readonly isResponse: boolean;
}

export interface ParseSoapOptions {
  /** HTTP (or MIME part) Content-Type; default `text/xml; charset=UTF-8`. */
  contentType?: string;
}

const MISSING_ENVELOPE = 'Malformed SOAP message: envelope missing';
const INVALID_BODY = 'Malformed SOAP message: body must have exactly one child element';

/**
 * Envelope(1) > Header(2) > field(3) > identifier part(4) is all that is built; the Body's children
 * (wrapper or Fault) are kept raw and a Fault is built on demand.
 */
const TREE_DEPTH = 4;

/** The encoding a parser would detect without a charset parameter: UTF-16 BOM, else encoding="..." of the declaration. */
function declaredEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16BE';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16LE';
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 200)).toString('latin1');
  const m = /^(?:\uFEFF|\u00EF\u00BB\u00BF)?<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m?.[1];
}

/** Decoders by charset label: a non-streaming decode() keeps no state, and making one costs a few µs per message. */
const decoders = new Map<string, TextDecoder>();

function decode(bytes: Uint8Array, charset: string): string {
  let decoder = decoders.get(charset);
  if (!decoder) {
    try {
      decoder = new TextDecoder(charset, { fatal: true });
    } catch {
      throw new XRoadError(ErrorCodes.invalidContentType, `Unsupported charset: ${charset}`);
    }
    // Bounded: labels come from the messages.
    if (decoders.size > 32) decoders.clear();
    decoders.set(charset, decoder);
  }
  try {
    // TextDecoder drops a leading BOM of its own encoding: the UTF-8 BOM strip of MESS-017.
    return decoder.decode(bytes);
  } catch (e) {
    throw new XRoadError(ErrorCodes.invalidSoap, `Malformed SOAP message: bytes are not valid ${charset}`, undefined, { cause: e });
  }
}

function readFault(el: XmlElement): SoapFault {
  let faultCode: string | undefined;
  let faultString: string | undefined;
  let faultActor: string | undefined;
  let faultDetail: string | undefined;
  // X-Road matches the fault's children by local name only (SoapFaultHandler).
  for (const child of el.elements()) {
    switch (child.localName) {
      case 'faultcode':
        faultCode = child.text;
        break;
      case 'faultstring':
        faultString = child.text;
        break;
      case 'faultactor':
        faultActor = child.text;
        break;
      case 'detail': {
        for (const d of child.elements()) if (d.localName === 'faultDetail') faultDetail = d.text;
        // detail's own text counts only when no faultDetail gave a value.
        if (!faultDetail) faultDetail = child.text;
        break;
      }
    }
  }
  return {
    ...(faultCode !== undefined ? { faultCode } : {}),
    ...(faultString !== undefined ? { faultString } : {}),
    ...(faultActor !== undefined ? { faultActor } : {}),
    ...(faultDetail !== undefined ? { faultDetail } : {}),
  };
}

/**
 * Parses and checks one SOAP message. Throws XRoadError with an unprefixed X-Road code; the caller
 * adds the origin (`client.` for a request from a client IS, `service_failed.` for a provider's answer).
 */
export function parseSoapEnvelope(input: Uint8Array | string, options: ParseSoapOptions = {}): SoapEnvelope {
  const contentType = options.contentType ?? TEXT_XML_UTF8;
  checkSoapContentType(contentType);
  let bytes: Uint8Array;
  let charset: string;
  let xml: string;
  if (typeof input === 'string') {
    bytes = Buffer.from(input, 'utf8');
    charset = 'UTF-8';
    xml = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    bytes = input;
    charset = charsetOf(contentType) ?? declaredEncoding(input) ?? 'UTF-8';
    xml = decode(input, charset);
  }

  let root: XmlElement;
  try {
    root = parseXmlDocument(xml, { maxDepth: TREE_DEPTH, shallowChildOfRoot: 'Body' });
  } catch (e) {
    if (e instanceof XmlSyntaxError) {
      throw new XRoadError(ErrorCodes.invalidSoap, `Malformed SOAP message: ${e.message}`, undefined, { cause: e });
    }
    throw e;
  }
  if (!root.is(SOAP_ENV_NS, 'Envelope')) throw new XRoadError(ErrorCodes.invalidSoap, MISSING_ENVELOPE);

  const header = emptyHeader();
  let hasHeader = false;
  let hasBody = false;
  let wrapper: BodyWrapper | undefined;
  let fault: SoapFault | undefined;
  for (const part of root.children) {
    if (part.is(SOAP_ENV_NS, 'Header')) {
      for (const field of part.children) readHeaderElement(header, field);
      hasHeader = true;
    } else if (part.is(SOAP_ENV_NS, 'Body')) {
      // A second Body replaces the first, as in SaxSoapParserImpl.
      hasBody = true;
      wrapper = undefined;
      fault = undefined;
      for (const child of part.children) {
        if (child.is(SOAP_ENV_NS, 'Fault')) fault = readFault(child);
        else if (wrapper === undefined) wrapper = { localName: child.localName, namespaceUri: child.namespaceUri, prefix: child.prefix };
        else throw new XRoadError(ErrorCodes.invalidBody, INVALID_BODY);
      }
    }
  }

  if (fault === undefined) {
    if (!hasHeader) throw new XRoadError(ErrorCodes.missingHeader, 'Malformed SOAP message: header missing');
    checkRequiredFields(header);
    if (!hasBody) throw new XRoadError(ErrorCodes.missingBody, 'Malformed SOAP message: body missing');
    if (wrapper === undefined) throw new XRoadError(ErrorCodes.invalidBody, INVALID_BODY);
    checkWrapperName(header.service!.serviceCode, wrapper.localName);
  }

  return {
    bytes,
    contentType,
    charset,
    xml,
    envelopePrefix: root.prefix,
    hasHeader,
    header,
    ...(wrapper ? { wrapper } : {}),
    ...(fault ? { fault } : {}),
    isFault: fault !== undefined,
    isRpc: root.attribute(SOAP_ENV_NS, 'encodingStyle') === SOAP_ENCODING_NS,
    isResponse: wrapper !== undefined && wrapper.localName.endsWith('Response'),
  };
}

/** MESS-007: X-Road only checks that the wrapper name starts with the service code. */
export function checkWrapperName(serviceCode: string, wrapperName: string): void {
  if (!wrapperName.startsWith(serviceCode)) {
    throw new XRoadError(ErrorCodes.inconsistentHeaders, 'Malformed SOAP message: service code does not match in header and body');
  }
}

/**
 * The error X-Road raises for a SOAP Fault where a message was expected (SoapFault.toCodedException):
 * the fault's own code, e.g. a fault sent to the client proxy becomes `client.<faultcode>`.
 */
export function faultToError(fault: SoapFault): XRoadError {
  return new XRoadError(fault.faultCode ?? '', fault.faultString ?? '', fault.faultDetail);
}
