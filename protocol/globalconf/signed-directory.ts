// Signed configuration directory (GCONF-003..006, corrections.md §2–3): reading and verifying
// what a central server serves at /internalconf or /externalconf. Each rule fails with the code
// X-Road's configuration client uses, in the order it checks them:
//   no signed part -> missing_signed_data; no signature part -> missing_signed_data_expiration_date;
//   undecodable signature -> signature_decode_failure; signature headers -> header_field_*;
//   certificate hash not among the trusted certs -> missing_verification_cert;
//   bad signature -> signature_verification_failure; Expire-date missing -> header_field_missing;
//   Expire-date past -> global_conf_outdated; content part headers -> header_field_*.
import type { X509Certificate } from 'node:crypto';
import { globalConfError, GlobalConfCodes, type GlobalConfCode } from './codes.js';
import { toConfCert, type ConfCert } from './conf-cert.js';
import { digestBase64, digestNameFromUri, signatureAlgorithmFromUri, verifyWith, type DigestName, type SignatureAlgorithm } from './algorithms.js';
import { multipartBoundaryVerbatim, parseHeaderFieldVerbatim } from '../mime/content-type.js';
import { headerValue, parseHeaderBlock, splitMultipart, type HeaderField } from './multipart.js';

export const CONTENT_ID_PRIVATE_PARAMETERS = 'PRIVATE-PARAMETERS';
export const CONTENT_ID_SHARED_PARAMETERS = 'SHARED-PARAMETERS';

export interface DirectoryPart {
  /** '' when the part has no Content-identifier. */
  contentIdentifier: string;
  /** The `instance` parameter, quotes removed; undefined means the configuration root (corrections GCONF-006). */
  instance?: string;
  contentLocation: string;
  contentFileName?: string;
  hashAlgorithmUri: string;
  hashAlgorithm: DigestName;
  /** Base64 digest of the file, as listed. */
  hash: string;
  fields: HeaderField[];
}

export interface SignedDirectory {
  /** Exactly the bytes the signature covers (the inner multipart as transmitted). */
  signedData: Buffer;
  signedDataContentType: string;
  signatureAlgorithm: SignatureAlgorithm;
  signature: Buffer;
  verificationCertHash: string;
  verificationCertHashAlgorithm: DigestName;
  /** The trusted certificate whose hash the directory named. */
  verificationCert: ConfCert;
  expireDate: Date;
  /** Version header as a number; undefined means the parts are version 2 (corrections GCONF-005). */
  version?: number;
  parts: DirectoryPart[];
}

export interface VerifyDirectoryOptions {
  /** Certificates allowed to sign: the anchor's, or a shared-params source's internal/external certs. */
  verificationCerts: Array<ConfCert | X509Certificate | Buffer | string>;
  /** Expire-date is compared with this (X-Road uses the wall clock; tests pin it). */
  now?: Date | (() => Date);
  /** Instance named in error messages. */
  instanceIdentifier?: string;
}

const OCTET_STREAM = 'application/octet-stream';

function fail(code: GlobalConfCode, message: string, cause?: unknown): never {
  throw globalConfError(code, message, cause);
}

/** X-Road's field check: blank -> header_field_missing; differing exact value -> header_field_wrong_value. */
function requireField(fields: HeaderField[], name: string, expected?: string): string {
  const v = headerValue(fields, name);
  if (v === undefined || v.trim() === '') fail(GlobalConfCodes.headerFieldMissing, `Missing field ${name}`);
  if (expected !== undefined && v !== expected) fail(GlobalConfCodes.headerFieldWrongValue, `Field ${name} must have value ${expected}, was '${v}'`);
  return v;
}

function decodeSignature(text: string, inst: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    fail(GlobalConfCodes.signatureDecodeFailure, `Failed to decode signature of configuration instance ${inst}`);
  }
  return Buffer.from(compact, 'base64');
}

/** Expire-date needs an explicit offset (corrections GCONF-005). */
export function parseExpireDate(value: string): Date {
  const v = value.trim();
  const m = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.exec(v);
  const d = m ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime())) fail(GlobalConfCodes.headerFieldWrongValue, `Expire-date '${value}' is not an ISO 8601 date-time with offset`);
  return d;
}

function nowOf(now: VerifyDirectoryOptions['now']): Date {
  if (now === undefined) return new Date();
  return typeof now === 'function' ? now() : now;
}

/** Verifies a downloaded directory (HTTP body bytes) and returns its listing. */
export function verifySignedDirectory(body: Uint8Array, options: VerifyDirectoryOptions): SignedDirectory {
  const inst = options.instanceIdentifier ?? '';
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // The first lines of the body carry the multipart Content-Type; the HTTP header is ignored (GCONF-003).
  const outerHeaders = parseHeaderBlock(buf, 0);
  const outerBoundary = multipartBoundaryVerbatim(headerValue(outerHeaders.fields, 'content-type'));
  if (!outerBoundary) fail(GlobalConfCodes.parsingFailure, `Failed to parse configuration of ${inst}: body does not start with a multipart Content-Type`);
  const { parts } = splitMultipart(buf.subarray(outerHeaders.bodyStart), outerBoundary);

  if (parts.length === 0) fail(GlobalConfCodes.missingSignedData, `Configuration instance ${inst} is missing signed data`);
  const signedPart = parts[0];
  const signedData = signedPart.body;
  if (parts.length < 2) fail(GlobalConfCodes.missingSignedDataExpirationDate, `Configuration instance ${inst} is missing signed data expiration date`);

  const sigPart = parts[1];
  const signature = decodeSignature(sigPart.body.toString('latin1'), inst);
  requireField(sigPart.fields, 'content-type', OCTET_STREAM);
  requireField(sigPart.fields, 'content-transfer-encoding', 'base64');
  const algUri = requireField(sigPart.fields, 'signature-algorithm-id');
  const certHashField = requireField(sigPart.fields, 'verification-certificate-hash');
  const { value: certHash, params } = parseHeaderFieldVerbatim(certHashField);
  // The parameter name is compared case-sensitively (corrections GCONF-003).
  const certHashAlgUri = params.get('hash-algorithm-id');
  if (!certHashAlgUri) fail(GlobalConfCodes.headerFieldMissingParameter, 'Field verification-certificate-hash is missing parameter hash-algorithm-id');
  const signatureAlgorithm = signatureAlgorithmFromUri(algUri);
  if (!signatureAlgorithm) fail(GlobalConfCodes.headerFieldWrongValue, `Unsupported Signature-Algorithm-Id '${algUri}'`);
  const certHashAlg = digestNameFromUri(certHashAlgUri);
  if (!certHashAlg) fail(GlobalConfCodes.headerFieldWrongValue, `Unsupported certificate hash algorithm '${certHashAlgUri}'`);

  const candidates = options.verificationCerts.map(toConfCert);
  const verificationCert = candidates.find((c) => digestBase64(certHashAlg, c.stored) === certHash);
  if (!verificationCert) {
    fail(
      GlobalConfCodes.missingVerificationCert,
      `Cannot verify signature of configuration instance ${inst}: could not find verification certificate for certificate hash ${certHash}`,
    );
  }
  let publicKey;
  try {
    publicKey = verificationCert.cert.publicKey;
  } catch (e) {
    fail(GlobalConfCodes.signatureVerificationFailure, `Failed to verify signature of configuration instance ${inst}: the certificate with hash ${certHash} is unreadable`, e);
  }
  if (!verifyWith(signatureAlgorithm, publicKey, signedData, signature)) {
    fail(GlobalConfCodes.signatureVerificationFailure, `Failed to verify signature of configuration instance ${inst}`);
  }

  const signedDataContentType = headerValue(signedPart.fields, 'content-type') ?? '';
  const innerBoundary = multipartBoundaryVerbatim(signedDataContentType);
  if (!innerBoundary) fail(GlobalConfCodes.parsingFailure, `Signed data of ${inst} is not multipart (Content-Type '${signedDataContentType}')`);
  const inner = splitMultipart(signedData, innerBoundary).parts;
  const head = inner[0]?.fields ?? [];

  const expireValue = headerValue(head, 'expire-date');
  if (expireValue === undefined || expireValue.trim() === '') fail(GlobalConfCodes.headerFieldMissing, 'Missing header Expire-date');
  const expireDate = parseExpireDate(expireValue);
  const now = nowOf(options.now);
  if (now.getTime() > expireDate.getTime()) {
    fail(GlobalConfCodes.outdated, `Configuration instance ${inst} expired on ${expireValue.trim()}`);
  }
  const versionValue = headerValue(head, 'version');
  let version: number | undefined;
  if (versionValue !== undefined) {
    if (!/^\d+$/.test(versionValue.trim())) fail(GlobalConfCodes.headerFieldWrongValue, `Version '${versionValue}' is not a number`);
    version = Number(versionValue.trim());
  }

  return {
    signedData,
    signedDataContentType,
    signatureAlgorithm,
    signature,
    verificationCertHash: certHash,
    verificationCertHashAlgorithm: certHashAlg,
    verificationCert,
    expireDate,
    version,
    parts: inner.slice(1).map(readPart),
  };
}

function readPart(part: { fields: HeaderField[]; body: Buffer }): DirectoryPart {
  const f = part.fields;
  requireField(f, 'content-type', OCTET_STREAM);
  requireField(f, 'content-transfer-encoding', 'base64');
  const contentLocation = requireField(f, 'content-location');
  const hashAlgorithmUri = requireField(f, 'hash-algorithm-id');
  const hashAlgorithm = digestNameFromUri(hashAlgorithmUri);
  if (!hashAlgorithm) fail(GlobalConfCodes.headerFieldWrongValue, `Unsupported Hash-algorithm-id '${hashAlgorithmUri}'`);
  const out: DirectoryPart = {
    contentIdentifier: '',
    contentLocation,
    hashAlgorithmUri,
    hashAlgorithm,
    hash: part.body.toString('latin1').trim(),
    fields: f,
  };
  const cid = headerValue(f, 'content-identifier');
  if (cid && cid.trim() !== '') {
    const { value, params } = parseHeaderFieldVerbatim(cid);
    out.contentIdentifier = value;
    const raw = params.get('instance');
    const instance = raw !== undefined && raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
    if (instance !== undefined && instance.trim() !== '') out.instance = instance;
    if ((value === CONTENT_ID_PRIVATE_PARAMETERS || value === CONTENT_ID_SHARED_PARAMETERS) && out.instance === undefined) {
      fail(GlobalConfCodes.headerFieldMissingParameter, `Field content-identifier is missing parameter instance (${value})`);
    }
  }
  const fileName = headerValue(f, 'content-file-name');
  if (fileName) out.contentFileName = fileName;
  return out;
}

/** The file name a part is stored under: Content-file-name, else the basename of Content-location. */
export function partFileName(part: DirectoryPart): string {
  if (part.contentFileName) return part.contentFileName;
  const path = part.contentLocation.split(/[?#]/)[0];
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Content-location may be absolute or relative to the directory URL (GCONF-006). */
export function resolvePartUrl(directoryUrl: string, part: DirectoryPart | string): string {
  const location = typeof part === 'string' ? part : part.contentLocation;
  try {
    return new URL(location, directoryUrl).toString();
  } catch (e) {
    return fail(GlobalConfCodes.headerFieldWrongValue, `Content-location '${location}' is not a URL or path`, e);
  }
}

/** A downloaded file must hash to the listed value (GCONF-007). */
export function verifyDownloadedPart(part: DirectoryPart, content: Uint8Array): void {
  if (digestBase64(part.hashAlgorithm, content) !== part.hash.replace(/\s+/g, '')) {
    fail(GlobalConfCodes.partIntegrityFailure, `Failed to verify content integrity (${part.contentIdentifier || part.contentLocation})`);
  }
}
