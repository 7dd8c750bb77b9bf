// The management service provider's checks of a request (MSERV-003/005), as X-Road's central
// server decoder does them (BaseSignedRequestCallback, BaseServerRequestCallback,
// BaseClientRequestCallback, ManagementRequestCertVerifier), each failure a typed error:
//  1. signed kinds carry signature, certificate and OCSP parts ("Client … is missing"), nothing more;
//  2. the signature part names a known algorithm and verifies over the exact SOAP part bytes;
//  3. the certificate is a signing certificate of an approved CA, valid now, with a good OCSP
//     response that is fresh (thisUpdate within ocspFreshnessSeconds) and signed by an authorised
//     responder (protocol/signature verifyCertificateChain);
//  4. the header client (sender) is the owner of `server` ("Sender does not match server owner");
//  5. the certificate's member owns `client` (client kinds) or `server` (server-owner kinds —
//     X-Road checks this only for client kinds; MSERV-005 asks it for both).
import { X509Certificate } from 'node:crypto';
import { isXRoadError } from '../faults/index.js';
import { idEquals, idToString, memberOf, type MemberId } from '../identifiers/index.js';
import { parseOcspResponse } from '../ocsp/index.js';
import { findIssuingCa, isSigningCertificate, sameMember, signerIdentity, verifyCertificateChain } from '../signature/index.js';
import type { VerificationTrust } from '../trust/index.js';
import { isSignedKind, MANAGEMENT_KIND_SPECS } from './management-kinds.js';
import { MservCodes, MservError } from './mserv-error.js';
import type { ManagementRequest } from './request-reader.js';
import { isKnownSignatureAlgorithm, verifyManagementSignature } from './signature-algorithm.js';

export interface ManagementVerificationContext {
  trust: VerificationTrust;
  /** Verification time (now). */
  atDate: Date;
}

export interface VerifiedManagementRequest {
  request: ManagementRequest;
  /** The member whose signing certificate signed it (signed kinds). */
  signer?: MemberId;
  signingCert?: X509Certificate;
  /** OCSP thisUpdate of the accepted response. */
  ocspThisUpdate?: Date;
}

function fail(code: string, message: string, cause?: unknown): never {
  throw new MservError(code, message, cause === undefined ? undefined : { cause });
}

export function verifyManagementRequest(req: ManagementRequest, ctx: ManagementVerificationContext): VerifiedManagementRequest {
  const spec = MANAGEMENT_KIND_SPECS[req.kind];
  const sender = req.soap.header.client;
  const owner = memberOf(req.fields.server);
  if (!sender || !idEquals(sender, owner)) {
    fail(MservCodes.invalidRequest, `Sender does not match server owner (sender ${sender ? idToString(sender) : 'none'}, owner ${idToString(owner)})`);
  }
  if (spec.signer === 'client-owner' && !req.fields.client) fail(MservCodes.invalidRequest, `${req.kind} has no client field`);
  if (!isSignedKind(req.kind)) {
    if (req.multipart && req.extraParts.length > 0) fail(MservCodes.internalError, `Unexpected content in multipart while reading request of type ${req.kind}`);
    return { request: req };
  }
  if (!req.multipart) fail(MservCodes.invalidContentType, `${req.kind} must be multipart/related with the member's signature parts, got "${req.contentType}"`);
  const m = req.member;
  if (!m) fail(MservCodes.internalError, 'Client signature is missing');
  if (!m.certDer) fail(MservCodes.internalError, 'Client certificate is missing');
  if (!m.ocspDer) fail(MservCodes.internalError, 'Client certificate OCSP is missing');
  if (req.extraParts.length > 3) fail(MservCodes.internalError, `Unexpected content in multipart while reading request of type ${req.kind}`);
  for (const [i, p] of req.extraParts.entries()) {
    if (p.contentType?.split(';')[0]?.trim().toLowerCase() !== 'application/octet-stream') {
      fail(MservCodes.invalidContentType, `Part ${i + 2} must be application/octet-stream, got "${p.contentType}"`);
    }
  }
  if (!m.algorithm) fail(MservCodes.invalidSignatureAlgorithm, 'The signature part has no signature-algorithm-id header');
  if (!isKnownSignatureAlgorithm(m.algorithm)) fail(MservCodes.invalidSignatureAlgorithm, `Unknown signature algorithm id "${m.algorithm}"`);

  let cert: X509Certificate;
  try {
    cert = new X509Certificate(m.certDer);
  } catch (e) {
    fail(MservCodes.certValidation, `The certificate part is not a DER certificate: ${(e as Error).message}`, e);
  }
  if (!verifyManagementSignature(m.algorithm, cert.publicKey, req.soap.bytes, m.signature)) {
    fail(MservCodes.invalidSignatureValue, 'Client signature verification failed');
  }
  const issuing = findIssuingCa(cert, ctx.trust);
  if (!issuing) fail(MservCodes.certValidation, 'Member (owner/client) sign certificate is not issued by an approved CA');
  if (!isSigningCertificate(cert)) fail(MservCodes.certValidation, 'Member (owner/client) sign certificate is invalid: not a signing certificate');
  let ocspThisUpdate: Date | undefined;
  try {
    const parsed = parseOcspResponse(m.ocspDer);
    verifyCertificateChain(cert, issuing, [{ der: Buffer.from(m.ocspDer), parsed }], ctx.trust, ctx.atDate);
    ocspThisUpdate = parsed.basic?.responses[0]?.thisUpdate;
  } catch (e) {
    const code = isXRoadError(e) ? e.code : MservCodes.certValidation;
    fail(code, `Member sign certificate or its OCSP response is not valid: ${(e as Error).message}`, e);
  }
  const expected = spec.signer === 'client-owner' ? memberOf(req.fields.client!) : owner;
  const inCert = signerIdentity(cert, issuing.ca.certificateProfileInfo, expected);
  if (!sameMember(inCert, expected)) {
    fail(MservCodes.invalidRequest, `Subject identifier (${idToString(inCert)}) in certificate does not match ${spec.signer === 'client-owner' ? "client's" : "server owner's"} member identifier (${idToString(expected)}) in request`);
  }
  return { request: req, signer: inCert, signingCert: cert, ...(ocspThisUpdate ? { ocspThisUpdate } : {}) };
}
