// META §4 "WSDL-information modifications": every soap:address/@location becomes
// http://example.org/xroad-endpoint so that a client never learns the provider IS's address.
// Like X-Road's OverwriteAttributeFilter, only the WSDL SOAP 1.1 binding namespace is matched and
// the document is re-serialised (comments kept).
import { DOMParser, XMLSerializer, type Element } from '@xmldom/xmldom';
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';

export const WSDL_ENDPOINT_ADDRESS = 'http://example.org/xroad-endpoint';
export const WSDL_SOAP_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';

/** The WSDL with every soap:address location replaced; count tells how many were. */
export function hideWsdlEndpoints(wsdl: Buffer | string): { text: string; replaced: number } {
  const text = typeof wsdl === 'string' ? wsdl : wsdl.toString('utf8').replace(/^\uFEFF/, '');
  let doc;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(text, 'text/xml');
  } catch (e) {
    throw new XRoadError(ErrorCodes.internalError, `Service description is not well-formed XML: ${(e as Error).message}`);
  }
  if (!doc.documentElement) throw new XRoadError(ErrorCodes.internalError, 'Service description is not well-formed XML: no root element');
  const addresses = doc.getElementsByTagNameNS(WSDL_SOAP_NS, 'address');
  let replaced = 0;
  for (let i = 0; i < addresses.length; i++) {
    const el = addresses.item(i) as Element;
    if (el.hasAttribute('location')) {
      el.setAttribute('location', WSDL_ENDPOINT_ADDRESS);
      replaced++;
    }
  }
  return { text: new XMLSerializer().serializeToString(doc), replaced };
}
