// Decoder of the SS-to-SS transport message (TRANSP-005..007), streaming: parts are read in one
// pass and every signed part is hashed as it passes. The part-order rules and error codes follow
// the reference's ProxyMessageDecoder, whose verdicts the vectors in messages/proxy-transport
// record (CATALOG "Security-server-to-security-server transport messages"):
//   OCSP* -> (REST request|response -> REST body? | SOAP -> nested multipart/mixed of attachments?)
//         -> [hash-chain-result -> hash-chain] -> signature | text/xml SOAP fault
// A part that does not fit where it stands falls through to the next expected kind, and finally
// must be the signature: so an unknown part type ends as invalid_content_type, and anything after
// the signature as invalid_message.
import { createHash } from 'node:crypto';
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { mediaTypeOf, parseContentType, readMultipart, type ByteSource, type MultipartPart } from '../multipart/index.js';
import { parseOcspResponse } from '../ocsp/index.js';
import { parseRestRequestPart, parseRestResponsePart } from '../rest/index.js';
import { parseSoapEnvelope, TEXT_XML_UTF8 } from '../soap/index.js';
import type { DecodedBodyPart, DecodedOcspPart, DecodedTransportMessage, DecodedSoapPart, DecodedRestPart, SignedPartDigest } from './decoded-message.js';
import { digestAlgorithmOf, TransportMediaType as MT, type DigestAlgorithm } from './media-types.js';

export interface DecodeTransportOptions {
  /** HTTP Content-Type of the body. */
  contentType: string;
  /** The x-hash-algorithm header value (`SHA-512`). Needed as soon as a signed part is met. */
  hashAlgorithm?: string;
  /** Accept a bare text/xml SOAP fault as the whole message (reference: faultAllowed; default true). */
  faultAllowed?: boolean;
  /** Keep attachment and REST body bytes (default true; false keeps only size and digest). */
  keepBodies?: boolean;
  /** Size caps; exceeding one is `io_error`, as the reference's part caps. Defaults are ours. */
  maxSignatureBytes?: number;
  maxHashChainBytes?: number;
  /** SOAP part, REST header part, OCSP response, or a whole-body fault. */
  maxMessageBytes?: number;
  /** Attachments and REST body, each. */
  maxBodyBytes?: number;
}

type Next = 'ocsp' | 'rest' | 'soap' | 'restBody' | 'attachment' | 'hashChainResult' | 'hashChain' | 'signature' | 'none';
const ORDER: readonly Next[] = ['ocsp', 'rest', 'soap', 'restBody', 'attachment', 'hashChainResult', 'hashChain', 'signature', 'none'];

const MiB = 1024 * 1024;

async function collect(source: ByteSource, max: number, what: string): Promise<Buffer> {
  const out: Buffer[] = [];
  let size = 0;
  for await (const c of source as AsyncIterable<Buffer>) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array);
    size += b.length;
    if (size > max) throw new XRoadError(ErrorCodes.ioError, `${what} exceeds ${max} bytes`);
    out.push(b);
  }
  // One chunk (the usual whole-body input) is the body already: a copy would only cost.
  return out.length === 1 ? out[0]! : Buffer.concat(out, size);
}

/**
 * Decodes a transport message. Errors are XRoadError with unprefixed codes: invalid_content_type,
 * invalid_message, mime_parsing_failed, io_error (OCSP part not an OCSPResponse, oversized part,
 * failing stream), internal_error (no or unknown x-hash-algorithm), and the SOAP/REST parsers' codes.
 */
export async function decodeTransportMessage(body: ByteSource, options: DecodeTransportOptions): Promise<DecodedTransportMessage> {
  const baseType = options.contentType.split(';', 1)[0]!.trim();
  const mt = mediaTypeOf(options.contentType);
  if ((options.faultAllowed ?? true) && mt === MT.textXml) return decodeWholeFault(body, options);
  if (mt !== MT.multipartMixed) throw new XRoadError(ErrorCodes.invalidContentType, `Invalid content type: ${baseType}`);
  let boundary: string | undefined;
  try {
    boundary = parseContentType(options.contentType).params.get('boundary');
  } catch {
    boundary = undefined;
  }
  if (!boundary) throw new XRoadError(ErrorCodes.invalidContentType, 'Multipart content type is missing required boundary');
  return new MultipartDecoding(options).run(body, boundary);
}

async function decodeWholeFault(body: ByteSource, options: DecodeTransportOptions): Promise<DecodedTransportMessage> {
  const bytes = await collect(body, options.maxMessageBytes ?? 64 * MiB, 'SOAP fault message');
  // The reference reads a bare fault as text/xml; charset=UTF-8 whatever the header says.
  const envelope = parseSoapEnvelope(bytes, { contentType: TEXT_XML_UTF8 });
  if (!envelope.isFault) throw new XRoadError(ErrorCodes.invalidMessage, 'Expected fault message, but got regular SOAP message');
  return { form: 'fault', ocspResponses: [], attachments: [], signedParts: [], fault: { envelope, bytes, position: 'body' } };
}

class MultipartDecoding {
  private next: Next = 'ocsp';
  private rest = false;
  private algorithm: DigestAlgorithm | undefined;
  private readonly ocsp: DecodedOcspPart[] = [];
  private readonly attachments: DecodedBodyPart[] = [];
  private readonly signed: SignedPartDigest[] = [];
  private soap: DecodedSoapPart | undefined;
  private restPart: DecodedRestPart | undefined;
  private restBody: DecodedBodyPart | undefined;
  private hashChainResult: string | undefined;
  private hashChain: string | undefined;
  private signature: { xml: string; bytes: Buffer } | undefined;
  private fault: DecodedTransportMessage['fault'];

  constructor(private readonly options: DecodeTransportOptions) {}

  private get alg(): DigestAlgorithm {
    this.algorithm ??= digestAlgorithmOf(this.options.hashAlgorithm);
    return this.algorithm;
  }

  private get maxMessage(): number {
    return this.options.maxMessageBytes ?? 64 * MiB;
  }

  async run(body: ByteSource, boundary: string): Promise<DecodedTransportMessage> {
    for await (const part of readMultipart(body, boundary, { label: 'transport message' })) {
      await this.handle(part);
    }
    return {
      form: 'multipart',
      ...(this.algorithm ? { hashAlgorithm: this.algorithm } : {}),
      ocspResponses: this.ocsp,
      ...(this.soap ? { soap: this.soap } : {}),
      ...(this.restPart ? { rest: this.restPart } : {}),
      ...(this.restBody ? { restBody: this.restBody } : {}),
      attachments: this.attachments,
      ...(this.hashChainResult !== undefined ? { hashChainResult: this.hashChainResult } : {}),
      ...(this.hashChain !== undefined ? { hashChain: this.hashChain } : {}),
      ...(this.signature ? { signature: this.signature } : {}),
      ...(this.fault ? { fault: this.fault } : {}),
      signedParts: this.signed,
    };
  }

  private async handle(part: MultipartPart): Promise<void> {
    // A part without a (usable) Content-Type is text/plain, as mime4j's default for multipart/mixed.
    const mt = part.mediaType ?? 'text/plain';
    for (let i = ORDER.indexOf(this.next); i < ORDER.length; i++) {
      switch (ORDER[i]) {
        case 'ocsp':
          if (mt === MT.ocspResponse) return this.ocspPart(part); // more OCSP parts may follow
          break;
        case 'rest':
          if (mt === MT.restRequest || mt === MT.restResponse) {
            this.rest = true;
            this.next = 'restBody';
            return this.restHeaderPart(part, mt === MT.restRequest);
          }
          break;
        case 'soap':
          this.next = 'attachment';
          return this.soapPart(part, mt);
        case 'restBody':
          if (mt === MT.restBody) {
            this.next = 'hashChainResult';
            this.restBody = await this.bodyPart(part, part.headers.get('content-type'));
            return;
          }
          break;
        case 'attachment':
          if (!this.rest && mt === MT.multipartMixed) {
            this.next = 'hashChainResult';
            return this.attachmentParts(part);
          }
          break;
        case 'hashChainResult':
          if (mt === MT.hashChainResult) {
            this.next = 'hashChain';
            this.hashChainResult = (await this.capped(part, this.options.maxHashChainBytes ?? 16 * MiB, 'hash chain result')).toString('utf8');
            return;
          }
          break;
        case 'hashChain':
          if (mt === MT.hashChain) {
            this.next = 'signature';
            this.hashChain = (await this.capped(part, this.options.maxHashChainBytes ?? 16 * MiB, 'hash chain')).toString('utf8');
            return;
          }
          break;
        case 'signature':
          this.next = 'none';
          return this.signaturePart(part, mt);
        case 'none':
          throw new XRoadError(ErrorCodes.invalidMessage, `Extra content (${mt}) after signature`);
      }
    }
  }

  private async capped(part: MultipartPart, max: number, what: string): Promise<Buffer> {
    return part.bytes(max).catch((e: unknown) => {
      throw e instanceof XRoadError && e.code === ErrorCodes.ioError ? new XRoadError(ErrorCodes.ioError, `${what} part exceeds ${max} bytes`) : e;
    });
  }

  private async ocspPart(part: MultipartPart): Promise<void> {
    const der = await this.capped(part, this.maxMessage, 'OCSP response');
    // parseOcspResponse is memoized by content: a sender's cached response, byte-identical on every
    // message, is parsed once and shared (frozen) with the signature verifier.
    try {
      this.ocsp.push({ der, response: parseOcspResponse(der) });
    } catch (e) {
      // The reference's OCSPResp constructor throws IOException on garbage: io_error.
      throw new XRoadError(ErrorCodes.ioError, `Cannot parse OCSP response part ${this.ocsp.length + 1}: ${(e as Error).message}`, undefined, { cause: e });
    }
  }

  private async restHeaderPart(part: MultipartPart, isRequest: boolean): Promise<void> {
    const bytes = await this.capped(part, this.maxMessage, 'REST header');
    const digest = createHash(this.alg.node).update(bytes).digest();
    this.restPart = isRequest
      ? { kind: 'request', part: parseRestRequestPart(bytes), digest }
      : { kind: 'response', part: parseRestResponsePart(bytes), digest };
    this.signed.push({ name: '/message.xml', digest, data: bytes });
  }

  private async soapPart(part: MultipartPart, mt: string): Promise<void> {
    if (mt !== MT.textXml && mt !== MT.xopXml) {
      throw new XRoadError(ErrorCodes.invalidContentType, `Invalid content type for SOAP message: ${mt}`);
    }
    const contentType = part.headers.get('content-type')!;
    const bytes = await this.capped(part, this.maxMessage, 'SOAP');
    const envelope = parseSoapEnvelope(bytes, { contentType });
    if (envelope.isFault) {
      this.fault = { envelope, bytes, position: 'message' };
      return;
    }
    const digest = createHash(this.alg.node).update(bytes).digest();
    this.soap = { bytes, contentType, headers: part.headers, envelope, digest };
    this.signed.push({ name: '/message.xml', digest, data: bytes });
  }

  private async bodyPart(part: MultipartPart, contentType: string | undefined): Promise<DecodedBodyPart> {
    const max = this.options.maxBodyBytes ?? Number.MAX_SAFE_INTEGER;
    const keep = this.options.keepBodies ?? true;
    const r = await part.consume({ digests: [this.alg.node], collect: keep, maxBytes: max });
    const attachmentNo = this.signed.filter((s) => s.name !== '/message.xml').length + 1;
    const decoded: DecodedBodyPart = {
      attachmentNo,
      contentType,
      headers: part.headers,
      size: r.size,
      digest: r.digests[this.alg.node]!,
      ...(r.bytes ? { bytes: r.bytes } : {}),
    };
    this.signed.push({ name: `/attachment${attachmentNo}`, digest: decoded.digest });
    return decoded;
  }

  /** The nested multipart is read flat, by its own boundary (as the reference's second parser). */
  private async attachmentParts(part: MultipartPart): Promise<void> {
    const ct = part.headers.get('content-type')!;
    let boundary: string | undefined;
    try {
      boundary = parseContentType(ct).params.get('boundary');
    } catch {
      boundary = undefined;
    }
    if (!boundary) throw new XRoadError(ErrorCodes.mimeParsingFailed, `Attachment multipart "${ct}" has no boundary`);
    for await (const att of readMultipart(part.body(), boundary, { label: 'attachments' })) {
      this.attachments.push(await this.bodyPart(att, att.headers.get('content-type')));
    }
  }

  private async signaturePart(part: MultipartPart, mt: string): Promise<void> {
    if (mt === MT.signature) {
      const bytes = await this.capped(part, this.options.maxSignatureBytes ?? 16 * MiB, 'signature');
      this.signature = { xml: bytes.toString('utf8'), bytes };
      return;
    }
    if (mt === MT.textXml) {
      // Signing failed late and the peer sent a SOAP fault instead of the signature (TRANSP-006).
      const bytes = await this.capped(part, this.maxMessage, 'SOAP fault');
      const envelope = parseSoapEnvelope(bytes, { contentType: part.headers.get('content-type')! });
      if (envelope.isFault) {
        this.fault = { envelope, bytes, position: 'signature' };
        return;
      }
    }
    throw new XRoadError(ErrorCodes.invalidContentType, `Received invalid content type instead of signature: ${mt}`);
  }
}
