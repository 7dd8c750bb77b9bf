// What the client proxy does with the provider SS's answer before the client IS sees anything
// (TRANSP-006/007/008, MESS-015): a whole-body or embedded SOAP fault is relayed as it came; a
// signed multipart answer must carry a SOAP part and a signature by the provider's member, and
// its header must match the request's (ids, userId, issue, represented party) with the right
// requestHash. Decoding problems are `service_failed.*`, as the reference reports them.
import { ErrorCodes, XRoadError, isXRoadError } from '../../../protocol/faults/index.js';
import type { ServiceId } from '../../../protocol/identifiers/index.js';
import { findInconsistentField, parseSoapEnvelope, requestHashMatches, type SoapEnvelope } from '../../../protocol/soap/index.js';
import { decodeTransportMessage, type DecodedTransportMessage } from '../../../protocol/transport/index.js';
import type { ServerContext } from '../server-context.js';
import type { TransportResponse } from '../transport-client.js';
import type { AttachmentPart, SoapRequest } from '../soap-message.js';

/** A SOAP fault from the provider side, relayed to the client IS byte for byte. */
export class RelayedFault extends Error {
  override readonly name = 'RelayedFault';
  constructor(
    readonly bytes: Buffer,
    readonly faultCode: string,
    readonly faultString?: string,
  ) {
    super(`relayed fault ${faultCode}`);
  }
}

export interface VerifiedSoapAnswer {
  soapBytes: Buffer;
  soapContentType: string;
  soapHeaders: Array<[string, string]>;
  envelope: SoapEnvelope;
  attachments: AttachmentPart[];
  originalContentType: string | undefined;
  signatureXml: Buffer;
  hashChainResult?: Buffer;
  hashChain?: Buffer;
}

function serviceFailed(e: unknown): XRoadError {
  if (isXRoadError(e)) return e.wrappedIn(ErrorCodes.serviceFailed);
  return new XRoadError(ErrorCodes.ioError, (e as Error).message).wrappedIn(ErrorCodes.serviceFailed);
}

function inconsistent(message: string): XRoadError {
  return new XRoadError(ErrorCodes.inconsistentResponse, message).wrappedIn(ErrorCodes.serviceFailed);
}

export async function readSoapTransportResponse(
  ctx: ServerContext,
  response: TransportResponse,
  sent: { request: SoapRequest; soapBytes: Buffer; service: ServiceId },
): Promise<VerifiedSoapAnswer> {
  if (response.status !== 200) throw new XRoadError(ErrorCodes.httpError, `Server proxy responded with HTTP ${response.status}`);
  const contentType = response.headers['content-type'];
  if (!contentType) throw serviceFailed(new XRoadError(ErrorCodes.invalidContentType, 'Could not get content type from server proxy response'));
  let decoded: DecodedTransportMessage;
  try {
    decoded = await decodeTransportMessage([response.body], { contentType, hashAlgorithm: str(response.headers['x-hash-algorithm']) ?? 'SHA-512' });
  } catch (e) {
    throw serviceFailed(e);
  }
  if (decoded.fault) throw new RelayedFault(decoded.fault.bytes, decoded.fault.envelope.fault?.faultCode ?? '', decoded.fault.envelope.fault?.faultString);
  if (!decoded.soap) throw new XRoadError(ErrorCodes.missingSoap, 'Response does not have SOAP message');
  if (!decoded.signature) throw new XRoadError(ErrorCodes.missingSignature, 'Response does not have signature');
  if (!ctx.defects.has('skip-response-verification')) await ctx.verifier.verify(decoded, sent.service);

  const envelope = decoded.soap.envelope;
  if (!ctx.defects.has('skip-response-consistency')) {
    // Compare with what was actually sent (the same as received unless a seeded defect edited it).
    const sentEnvelope = sent.soapBytes.equals(Buffer.from(sent.request.envelope.bytes))
      ? sent.request.envelope
      : parseSoapEnvelope(sent.soapBytes, { contentType: sent.request.soapContentType });
    const field = findInconsistentField(sentEnvelope.header, envelope.header);
    if (field) throw inconsistent(`Response from server proxy is not consistent with request (field '${field === 'id' ? 'queryId' : field}')`);
    const hash = envelope.header.requestHash;
    if (!hash) throw inconsistent('Response from server proxy is missing request message hash');
    const hashed = sent.soapBytes.equals(Buffer.from(sent.request.envelope.bytes)) ? sent.request.hashedBytes : sent.soapBytes;
    if (!requestHashMatches(hash, hashed)) throw inconsistent('Request message hash does not match request message');
  }

  return {
    soapBytes: decoded.soap.bytes,
    soapContentType: decoded.soap.contentType,
    soapHeaders: decoded.soap.headers.fields.filter((f) => f.name.toLowerCase() !== 'content-type').map((f): [string, string] => [f.name, f.value]),
    envelope,
    attachments: decoded.attachments.map((a) => ({ headers: a.headers.fields.map((f): [string, string] => [f.name, f.value]), body: a.bytes ?? Buffer.alloc(0) })),
    originalContentType: str(response.headers['x-original-content-type']),
    signatureXml: decoded.signature.bytes,
    ...(decoded.hashChainResult !== undefined ? { hashChainResult: Buffer.from(decoded.hashChainResult, 'utf8'), hashChain: Buffer.from(decoded.hashChain ?? '', 'utf8') } : {}),
  };
}

function str(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[v.length - 1] : v;
}
