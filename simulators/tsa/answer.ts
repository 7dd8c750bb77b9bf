// What the TSA answers to one request body under the current knobs. Pure: no sockets, so the
// artifacts each knob produces can be tested without HTTP as well.
import type { X509Certificate } from 'node:crypto';
import {
  buildTimestampResponse,
  buildTimestampToken,
  parseTimestampRequest,
  TimestampRequestError,
  type Accuracy,
  type HashAlgorithm,
  type TimestampSigner,
} from '../../protocol/timestamp/index.js';
import type { TsaKnobState } from './knobs.js';

export interface TsaKeys {
  /** The approved TSA (pki.tsaSigner). */
  signer: TimestampSigner;
  /** Signs under the unknownSigner knob. */
  unknownSigner: TimestampSigner;
}

export interface TsaAnswerOptions {
  policy: string;
  accuracy?: Accuracy;
  /** SignerInfo digest algorithm (default sha256). */
  signerDigest: HashAlgorithm;
  essCertIdVersion: 1 | 2;
  /** Add the CMS signingTime attribute (default true, as OpenSSL does). */
  signingTime: boolean;
}

export type TsaAnswer =
  | { kind: 'timestamp-reply'; httpStatus: 200; body: Buffer; delayMs: number; serialNumber?: bigint }
  | { kind: 'http'; httpStatus: number; message: string; delayMs: number };

export function answerTimestampRequest(
  der: Buffer,
  knobs: TsaKnobState,
  keys: TsaKeys,
  options: TsaAnswerOptions,
  now: Date,
  nextSerial: () => bigint,
): TsaAnswer {
  const delayMs = knobs.get('slow')?.delayMs ?? 0;
  const httpError = knobs.get('httpError');
  if (httpError) return { kind: 'http', httpStatus: httpError.status, message: `simulated HTTP ${httpError.status}`, delayMs };

  let request;
  try {
    request = parseTimestampRequest(der);
  } catch (e) {
    if (!(e instanceof TimestampRequestError)) throw e;
    // An undecodable body is an HTTP-level error; a well-formed request we cannot serve gets the
    // RFC 3161 answer (rejection + failInfo).
    if (e.failInfo === 'badDataFormat') return { kind: 'http', httpStatus: 400, message: `bad TimeStampReq: ${e.message}`, delayMs };
    const body = buildTimestampResponse({ status: 'rejection', statusStrings: [e.message], failInfo: [e.failInfo] });
    return { kind: 'timestamp-reply', httpStatus: 200, body, delayMs };
  }

  const rejection = knobs.get('rejection');
  if (rejection) {
    const body = buildTimestampResponse({
      status: 'rejection',
      statusStrings: [rejection.statusString ?? 'simulated rejection'],
      failInfo: [rejection.failInfo ?? 'systemFailure'],
    });
    return { kind: 'timestamp-reply', httpStatus: 200, body, delayMs };
  }

  const signer = knobs.get('unknownSigner') ? keys.unknownSigner : keys.signer;
  const hashedMessage = Buffer.from(request.messageImprint.hashedMessage);
  if (knobs.get('wrongImprint')) hashedMessage[0]! ^= 0xff;
  const serialNumber = nextSerial();
  const certificates: X509Certificate[] = request.certReq ? [signer.cert] : [];
  const built = buildTimestampToken({
    messageImprint: { hashAlgorithm: request.messageImprint.hashAlgorithm!, hashedMessage },
    signer,
    policy: options.policy,
    serialNumber,
    genTime: now,
    accuracy: options.accuracy,
    nonce: request.nonce,
    certificates,
    digestAlgorithm: options.signerDigest,
    essCertIdVersion: options.essCertIdVersion,
    signingTime: options.signingTime ? now : false,
  });
  const token = built.der;
  if (knobs.get('badSignature')) token[built.signatureOffset + Math.floor(built.signatureLength / 2)]! ^= 0x01;
  const status = knobs.get('grantedWithMods') ? 'grantedWithMods' : 'granted';
  const body = buildTimestampResponse({ status, statusStrings: status === 'grantedWithMods' ? ['simulated modification'] : undefined, token });
  return { kind: 'timestamp-reply', httpStatus: 200, body, delayMs, serialNumber };
}
