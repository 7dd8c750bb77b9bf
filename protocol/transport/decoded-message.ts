// What the transport decoder returns: typed parts with the digests a signature verifier checks
// (`/message.xml` = the SOAP part or the REST header part, `/attachmentN` = each attachment or
// the REST body, in order; SIG-007 part naming).
import type { PartHeaders } from '../multipart/index.js';
import type { OcspResponse } from '../ocsp/index.js';
import type { RestRequestPart, RestResponsePart } from '../rest/index.js';
import type { SoapEnvelope } from '../soap/index.js';
import type { DigestAlgorithm } from './media-types.js';

export interface DecodedOcspPart {
  readonly der: Buffer;
  readonly response: OcspResponse;
}

export interface DecodedSoapPart {
  readonly bytes: Buffer;
  /** The part's Content-Type value as sent. */
  readonly contentType: string;
  readonly headers: PartHeaders;
  readonly envelope: SoapEnvelope;
  readonly digest: Buffer;
}

export type DecodedRestPart =
  | { readonly kind: 'request'; readonly part: RestRequestPart; readonly digest: Buffer }
  | { readonly kind: 'response'; readonly part: RestResponsePart; readonly digest: Buffer };

export interface DecodedBodyPart {
  /** 1-based, as in `/attachmentN`. */
  readonly attachmentNo: number;
  /** Content-Type header value, undefined when the part has none. */
  readonly contentType: string | undefined;
  readonly headers: PartHeaders;
  readonly size: number;
  readonly digest: Buffer;
  /** Present unless the decoder was told not to keep bodies. */
  readonly bytes?: Buffer;
}

export interface SignedPartDigest {
  /** `/message.xml` or `/attachmentN`. */
  readonly name: string;
  readonly digest: Buffer;
  /** The bytes, for the message part (hash chains and the ASiC container need them). */
  readonly data?: Buffer;
}

export interface DecodedTransportMessage {
  /** `fault`: the whole body was a text/xml SOAP fault (TRANSP-007). */
  readonly form: 'multipart' | 'fault';
  readonly hashAlgorithm?: DigestAlgorithm;
  readonly ocspResponses: readonly DecodedOcspPart[];
  readonly soap?: DecodedSoapPart;
  readonly rest?: DecodedRestPart;
  /** application/x-road-rest-body (REST only). */
  readonly restBody?: DecodedBodyPart;
  /** Parts of the nested multipart/mixed after the SOAP part. */
  readonly attachments: readonly DecodedBodyPart[];
  readonly hashChainResult?: string;
  readonly hashChain?: string;
  /** The signature/bdoc-1.0/ts part (XAdES XML). */
  readonly signature?: { readonly xml: string; readonly bytes: Buffer };
  /** A SOAP fault: the whole message, in the SOAP position, or in place of the signature. */
  readonly fault?: { readonly envelope: SoapEnvelope; readonly bytes: Buffer; readonly position: 'body' | 'message' | 'signature' };
  /** Digests in signing order, for the signature verifier. */
  readonly signedParts: readonly SignedPartDigest[];
}
