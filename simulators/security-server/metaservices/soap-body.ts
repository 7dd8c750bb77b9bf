// Reading the body of a locally answered SOAP request. protocol/soap keeps the Body raw (it only
// needs the wrapper's name); the metaservices and monitoring services need its content, so the
// envelope text is parsed once more here with a namespace-aware DOM.
import { DOMParser, type Element } from '@xmldom/xmldom';
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import { SOAP_ENV_NS, type SoapEnvelope } from '../../../protocol/soap/index.js';

export function childElements(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
}

/** The first child element with this local name (any namespace: X-Road's JAXB readers are as lenient in practice). */
export function childElement(el: Element, localName: string): Element | undefined {
  return childElements(el).find((c) => c.localName === localName);
}

export function childText(el: Element, localName: string): string | undefined {
  const c = childElement(el, localName);
  return c ? (c.textContent ?? '') : undefined;
}

/** The Body's first element (the wrapper). Errors: invalid_body when the body has none. */
export function soapBodyWrapper(envelope: SoapEnvelope): Element {
  let doc;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(envelope.xml, 'text/xml');
  } catch (e) {
    throw new XRoadError(ErrorCodes.invalidSoap, `Malformed SOAP message: ${(e as Error).message}`);
  }
  const root = doc.documentElement;
  const body = root ? childElements(root as unknown as Element).find((c) => c.namespaceURI === SOAP_ENV_NS && c.localName === 'Body') : undefined;
  const wrapper = body ? childElements(body)[0] : undefined;
  if (!wrapper) throw new XRoadError(ErrorCodes.invalidBody, 'Malformed SOAP message: body must have exactly one child element');
  return wrapper;
}
