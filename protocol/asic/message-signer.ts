// Who must have signed the message in an ASiC container (X-Road's AsicContainerVerifier.getSigner):
// a SOAP request -> its client; a SOAP response -> the service's provider; and when message.xml is
// not SOAP (invalid_soap), the serialized REST part: a request (method line first) -> X-Road-Client,
// a response (status digits first) -> the X-Road-Service provider (corrections.md §1).
import { ErrorCodes, isXRoadError, XRoadError } from '../faults/index.js';
import { providerOf, type ClientId } from '../identifiers/index.js';
import { parseRestRequestPart, parseRestResponsePart, restRequestSender } from '../rest/index.js';
import { parseSoapEnvelope } from '../soap/index.js';

export interface MessageSigner {
  signer: ClientId;
  kind: 'soap-request' | 'soap-response' | 'rest-request' | 'rest-response';
}

function invalidMessage(detail: string, cause?: unknown): XRoadError {
  return new XRoadError(ErrorCodes.invalidMessage, `Invalid message: ${detail}`, undefined, { cause });
}

function restSigner(bytes: Buffer): MessageSigner {
  try {
    if (bytes.length > 0 && bytes[0] >= 0x31 && bytes[0] <= 0x39) {
      const part = parseRestResponsePart(bytes);
      if (!part.service) throw invalidMessage('REST response has no x-road-service header');
      return { signer: providerOf(part.service), kind: 'rest-response' };
    }
    const part = parseRestRequestPart(bytes);
    const client = restRequestSender(part);
    if (!client) throw invalidMessage('REST request has no X-Road-Client header');
    return { signer: client, kind: 'rest-request' };
  } catch (err) {
    if (isXRoadError(err) && err.code === ErrorCodes.invalidMessage) throw err;
    throw invalidMessage(`message.xml is neither SOAP nor a REST message part (${(err as Error).message})`, err);
  }
}

/**
 * X-Road's getSigner returns null (no error yet) when the SOAP parser fails with any code but
 * invalid_soap, e.g. 2015-era messages without protocolVersion; the failure only surfaces if the
 * signer is needed later. `deferred` carries that error; a REST message that does not parse fails now.
 */
export function messageSignerOrDeferred(messageXml: Buffer): MessageSigner | { deferred: XRoadError } {
  try {
    return messageSigner(messageXml);
  } catch (err) {
    if (isXRoadError(err) && err.code !== ErrorCodes.invalidMessage) return { deferred: err };
    throw err;
  }
}

export function messageSigner(messageXml: Buffer): MessageSigner {
  let envelope;
  try {
    envelope = parseSoapEnvelope(messageXml);
  } catch (err) {
    if (isXRoadError(err) && err.code === ErrorCodes.invalidSoap) return restSigner(messageXml);
    throw err;
  }
  const h = envelope.header;
  if (envelope.isResponse) {
    if (!h.service) throw invalidMessage('SOAP response has no service header');
    return { signer: providerOf(h.service), kind: 'soap-response' };
  }
  if (!h.client) throw invalidMessage('SOAP request has no client header');
  return { signer: h.client, kind: 'soap-request' };
}
