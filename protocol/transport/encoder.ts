// Encoder of the SS-to-SS transport message (TRANSP-005/006), laid out as the reference's
// ProxyMessageEncoder: top boundary `xtop<id>`, attachments in one nested multipart/mixed with
// boundary `xatt<id>` (same random id), `multipart/mixed; charset=UTF-8; boundary=...`.
// Parts are written in the order the methods are called, so a simulator can also emit
// misordered messages on purpose. Digests of signed parts are taken as the parts are added or
// streamed; a signature given as a function is called with them once every earlier part has
// been written, so attachments can be streamed before signing.
import { createHash } from 'node:crypto';
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { MultipartWriter, randomBoundary, type HeaderInput, type PartBody } from '../multipart/index.js';
import type { RestRequestPart, RestResponsePart } from '../rest/index.js';
import { TEXT_XML_UTF8 } from '../soap/index.js';
import type { SignedPartDigest } from './decoded-message.js';
import { digestAlgorithmOf, TransportMediaType as MT, type DigestAlgorithm } from './media-types.js';

export type SignatureSource = string | Buffer | ((signedParts: readonly SignedPartDigest[]) => string | Buffer | Promise<string | Buffer>);

export interface TransportEncoderOptions {
  /** x-hash-algorithm; default SHA-512. */
  hashAlgorithm?: string;
  /** Random part shared by both boundaries; default 30 random alphanumerics (as the reference). */
  boundaryId?: string;
}

type Body = Buffer | AsyncIterable<Buffer | Uint8Array>;

interface Entry {
  headers: Array<[string, string]>;
  body: PartBody;
}

function toBody(b: Buffer | Uint8Array | string | AsyncIterable<Buffer | Uint8Array>): Body {
  if (typeof b === 'string') return Buffer.from(b, 'utf8');
  if (Buffer.isBuffer(b)) return b;
  if (b instanceof Uint8Array) return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  return b;
}

function headerPairs(contentType: string | undefined, extra?: HeaderInput): Array<[string, string]> {
  const out: Array<[string, string]> = contentType === undefined ? [] : [['Content-Type', contentType]];
  if (extra) out.push(...(Array.isArray(extra) ? (extra as Array<[string, string]>) : Object.entries(extra as Record<string, string>)));
  return out;
}

export class TransportMessageEncoder {
  readonly hashAlgorithm: DigestAlgorithm;
  readonly topBoundary: string;
  readonly attachmentBoundary: string;
  private readonly entries: Entry[] = [];
  private readonly signed: SignedPartDigest[] = [];
  private attachments: MultipartWriter | undefined;
  private attachmentCount = 0;
  private streamed = false;

  constructor(options: TransportEncoderOptions = {}) {
    this.hashAlgorithm = digestAlgorithmOf(options.hashAlgorithm ?? 'SHA-512');
    const id = options.boundaryId ?? randomBoundary(30);
    this.topBoundary = 'xtop' + id;
    this.attachmentBoundary = 'xatt' + id;
  }

  /** HTTP Content-Type of the message. */
  get contentType(): string {
    return `${MT.multipartMixed}; charset=UTF-8; boundary=${this.topBoundary}`;
  }

  /** Digests of the signed parts added so far (streamed ones once they have been streamed). */
  get signedParts(): readonly SignedPartDigest[] {
    return this.signed;
  }

  private push(contentType: string | undefined, body: PartBody, extra?: HeaderInput): this {
    if (this.streamed) throw new XRoadError(ErrorCodes.internalError, 'transport encoder: message already streamed');
    this.attachments = undefined; // any other part closes the attachment multipart
    this.entries.push({ headers: headerPairs(contentType, extra), body });
    return this;
  }

  private digest(bytes: Buffer): Buffer {
    return createHash(this.hashAlgorithm.node).update(bytes).digest();
  }

  /** Hashes a body (now when buffered, while streaming otherwise) as `/attachmentN`. */
  private hashedAttachment(body: Body): Body {
    const name = `/attachment${++this.attachmentCount}`;
    if (Buffer.isBuffer(body)) {
      this.signed.push({ name, digest: this.digest(body) });
      return body;
    }
    const hash = createHash(this.hashAlgorithm.node);
    const signed = this.signed;
    return (async function* () {
      for await (const c of body) {
        hash.update(c);
        yield Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
      }
      signed.push({ name, digest: hash.digest() });
    })();
  }

  ocspResponse(der: Buffer): this {
    return this.push(MT.ocspResponse, der);
  }

  /** The SOAP part (`/message.xml`); `contentType` as the client sent it (text/xml or application/xop+xml). */
  soap(xml: Buffer | string, contentType: string = TEXT_XML_UTF8, extraHeaders?: HeaderInput): this {
    const bytes = toBody(xml) as Buffer;
    this.signed.push({ name: '/message.xml', digest: this.digest(bytes), data: bytes });
    return this.push(contentType, bytes, extraHeaders);
  }

  /** One attachment; consecutive attachments share one nested multipart/mixed. */
  attachment(body: Buffer | string | AsyncIterable<Buffer | Uint8Array>, contentType?: string, extraHeaders?: HeaderInput): this {
    if (!this.attachments) {
      const nested = new MultipartWriter({ boundary: this.attachmentBoundary, params: { charset: 'UTF-8' } });
      this.push(undefined, nested);
      this.entries[this.entries.length - 1]!.headers = [['Content-Type', nested.contentType]];
      this.attachments = nested;
    }
    this.attachments.add(this.hashedAttachment(toBody(body)), headerPairs(contentType, extraHeaders));
    return this;
  }

  restRequest(part: RestRequestPart | Buffer): this {
    return this.restHeader(MT.restRequest, Buffer.isBuffer(part) ? part : part.bytes);
  }

  restResponse(part: RestResponsePart | Buffer): this {
    return this.restHeader(MT.restResponse, Buffer.isBuffer(part) ? part : part.bytes);
  }

  private restHeader(mediaType: string, bytes: Buffer): this {
    this.signed.push({ name: '/message.xml', digest: this.digest(bytes), data: bytes });
    return this.push(mediaType, bytes);
  }

  /** application/x-road-rest-body (`/attachment1`). */
  restBody(body: Buffer | string | AsyncIterable<Buffer | Uint8Array>): this {
    return this.push(MT.restBody, this.hashedAttachment(toBody(body)));
  }

  /** Batch signature parts, written before the signature (TRANSP-005 (3)). */
  hashChain(hashChainResult: string, hashChain: string): this {
    this.push(MT.hashChainResult, Buffer.from(hashChainResult, 'utf8'));
    return this.push(MT.hashChain, Buffer.from(hashChain, 'utf8'));
  }

  signature(source: SignatureSource): this {
    if (typeof source !== 'function') return this.push(MT.signature, toBody(source));
    const signed = this.signed;
    return this.push(
      MT.signature,
      (async function* () {
        const sig = await source(signed);
        yield typeof sig === 'string' ? Buffer.from(sig, 'utf8') : sig;
      })(),
    );
  }

  /** A SOAP fault as the last part, in place of the signature (TRANSP-006). */
  fault(faultXml: string | Buffer): this {
    return this.push(TEXT_XML_UTF8, toBody(faultXml));
  }

  /** The body as chunks; streamed parts pass through. Can be called once. */
  stream(): AsyncGenerator<Buffer, void, undefined> {
    if (this.streamed) throw new XRoadError(ErrorCodes.internalError, 'transport encoder: message already streamed');
    if (this.entries.length === 0) throw new XRoadError(ErrorCodes.internalError, 'transport encoder: no parts');
    this.streamed = true;
    const top = new MultipartWriter({ boundary: this.topBoundary, params: { charset: 'UTF-8' } });
    for (const e of this.entries) top.add(e.body, e.headers);
    return top.stream();
  }

  async toBuffer(): Promise<Buffer> {
    const out: Buffer[] = [];
    for await (const c of this.stream()) out.push(c);
    return Buffer.concat(out);
  }
}
