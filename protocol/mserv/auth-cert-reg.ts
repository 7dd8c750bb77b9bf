// authCertReg (PR-MSERV §2.3, Annex A.3; MSERV-004/005): the one management request a security
// server posts directly to the central server (authCertRegServiceAddress, HTTPS) instead of through
// its client proxy. multipart/related with six parts in this order (A.3):
//   1. the SOAP message (text/xml), body xroad:authCertReg {server, address?, authCert};
//   2. proof of possession: signature over the exact part-1 bytes by the NEW authentication key
//      (`signature-algorithm-id`);
//   3. the server owner's signature over the same bytes (`signature-algorithm-id`);
//   4. the new authentication certificate DER; 5. the owner's signing certificate DER;
//   6. the OCSP response DER for the owner's signing certificate.
// The central server checks both signatures, that part 4 is an authentication certificate of an
// approved CA and equals the body's authCert, and the owner's certificate and OCSP as for every
// signed management request (request-verifier.ts); the answer is the echo plus requestId (response.ts).
import { X509Certificate, type KeyObject } from 'node:crypto';
import { isXRoadError } from '../faults/index.js';
import { idEquals, idToString, memberOf, type MemberId } from '../identifiers/index.js';
import { MultipartWriter } from '../multipart/index.js';
import { parseOcspResponse } from '../ocsp/index.js';
import { certificateInfo, findIssuingCa, isSigningCertificate, sameMember, signerIdentity, verifyCertificateChain } from '../signature/index.js';
import { MservCodes, MservError } from './mserv-error.js';
import { BINARY, SIGNATURE_ALGORITHM_HEADER, SOAP_PART_CONTENT_TYPE, type ManagementHttpRequest } from './request-builder.js';
import { readManagementRequest, type ManagementRequest, type ReadPart } from './request-reader.js';
import type { ManagementVerificationContext } from './request-verifier.js';
import { defaultSignatureAlgorithm, isKnownSignatureAlgorithm, signManagementData, verifyManagementSignature } from './signature-algorithm.js';

export interface AuthCertRegParts {
  /** Proof of possession by the new authentication key. */
  popAlgorithm: string;
  popSignature: Uint8Array;
  ownerAlgorithm: string;
  ownerSignature: Uint8Array;
  authCertDer: Uint8Array;
  ownerCertDer: Uint8Array;
  ownerOcspDer: Uint8Array;
}

export interface AuthCertRegSigners {
  authKey: KeyObject;
  authCertDer: Uint8Array;
  ownerKey: KeyObject;
  ownerCertDer: Uint8Array;
  ownerOcspDer: Uint8Array;
}

/** Both signatures over the SOAP part bytes, the algorithm X-Road picks for each key. */
export function signAuthCertReg(soap: Uint8Array, s: AuthCertRegSigners): AuthCertRegParts {
  const popAlgorithm = defaultSignatureAlgorithm(s.authKey);
  const ownerAlgorithm = defaultSignatureAlgorithm(s.ownerKey);
  return {
    popAlgorithm,
    popSignature: signManagementData(popAlgorithm, s.authKey, soap),
    ownerAlgorithm,
    ownerSignature: signManagementData(ownerAlgorithm, s.ownerKey, soap),
    authCertDer: s.authCertDer,
    ownerCertDer: s.ownerCertDer,
    ownerOcspDer: s.ownerOcspDer,
  };
}

export function assembleAuthCertRegRequest(soap: Uint8Array, p: AuthCertRegParts): ManagementHttpRequest {
  const w = new MultipartWriter({ mediaType: 'multipart/related', boundaryPrefix: 'xauthreg', params: { type: BINARY, charset: 'UTF-8' } });
  w.add(Buffer.from(soap), [['Content-Type', SOAP_PART_CONTENT_TYPE]]);
  w.add(Buffer.from(p.popSignature), [['Content-Type', BINARY], [SIGNATURE_ALGORITHM_HEADER, p.popAlgorithm]]);
  w.add(Buffer.from(p.ownerSignature), [['Content-Type', BINARY], [SIGNATURE_ALGORITHM_HEADER, p.ownerAlgorithm]]);
  for (const der of [p.authCertDer, p.ownerCertDer, p.ownerOcspDer]) w.add(Buffer.from(der), [['Content-Type', BINARY]]);
  return { contentType: w.contentType, body: w.toBuffer() };
}

export interface AuthCertRegRequest {
  request: ManagementRequest;
  /** Parts 2..6 in A.3 order; absent ones are undefined (the verifier says which is missing). */
  pop?: ReadPart;
  ownerSignature?: ReadPart;
  authCert?: ReadPart;
  ownerCert?: ReadPart;
  ownerOcsp?: ReadPart;
}

/** Structure only: the SOAP part is an authCertReg, the other parts are split out by position. */
export function readAuthCertRegRequest(contentType: string | undefined, body: Buffer): AuthCertRegRequest {
  const request = readManagementRequest(contentType, body);
  if (request.kind !== 'authCertReg') throw new MservError(MservCodes.invalidRequest, `Expected an authCertReg request, got ${request.kind}`);
  if (!request.multipart) throw new MservError(MservCodes.invalidContentType, `authCertReg must be multipart/related, got "${request.contentType}"`);
  const [pop, ownerSignature, authCert, ownerCert, ownerOcsp] = request.extraParts;
  return { request, ...(pop && { pop }), ...(ownerSignature && { ownerSignature }), ...(authCert && { authCert }), ...(ownerCert && { ownerCert }), ...(ownerOcsp && { ownerOcsp }) };
}

export interface VerifiedAuthCertReg {
  request: ManagementRequest;
  authCert: X509Certificate;
  owner: MemberId;
  ownerCert: X509Certificate;
  ocspThisUpdate?: Date;
}

function fail(code: string, message: string, cause?: unknown): never {
  throw new MservError(code, message, cause === undefined ? undefined : { cause });
}

function header(p: ReadPart, name: string): string | undefined {
  return p.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

function algorithmOf(p: ReadPart, what: string): string {
  const a = header(p, SIGNATURE_ALGORITHM_HEADER);
  if (!a) fail(MservCodes.invalidSignatureAlgorithm, `The ${what} part has no ${SIGNATURE_ALGORITHM_HEADER} header`);
  if (!isKnownSignatureAlgorithm(a)) fail(MservCodes.invalidSignatureAlgorithm, `Unknown ${what} algorithm id "${a}"`);
  return a;
}

function certOf(p: ReadPart, what: string): X509Certificate {
  try {
    return new X509Certificate(p.body);
  } catch (e) {
    return fail(MservCodes.certValidation, `The ${what} part is not a DER certificate: ${(e as Error).message}`, e);
  }
}

/** X-Road CertUtils.isAuthCert: digitalSignature without nonRepudiation (that is a signing cert). */
function isAuthenticationCertificate(cert: X509Certificate): boolean {
  const ku = certificateInfo(cert).keyUsage;
  return !!ku && ku[0] === true && ku[1] !== true;
}

export function verifyAuthCertRegRequest(r: AuthCertRegRequest, ctx: ManagementVerificationContext): VerifiedAuthCertReg {
  const { request } = r;
  const sender = request.soap.header.client;
  const owner = memberOf(request.fields.server);
  if (!sender || !idEquals(sender, owner)) {
    fail(MservCodes.invalidRequest, `Sender does not match server owner (sender ${sender ? idToString(sender) : 'none'}, owner ${idToString(owner)})`);
  }
  const named: Array<[ReadPart | undefined, string]> = [[r.pop, 'Auth signature'], [r.ownerSignature, 'Owner signature'], [r.authCert, 'Auth certificate'], [r.ownerCert, 'Owner certificate'], [r.ownerOcsp, 'Owner certificate OCSP']];
  for (const [part, what] of named) if (!part) fail(MservCodes.internalError, `${what} is missing`);
  if (request.extraParts.length > 5) fail(MservCodes.internalError, 'Unexpected content in multipart while reading request of type authCertReg');
  for (const [i, p] of request.extraParts.entries()) {
    if (p.contentType?.split(';')[0]?.trim().toLowerCase() !== BINARY) fail(MservCodes.invalidContentType, `Part ${i + 2} must be ${BINARY}, got "${p.contentType}"`);
  }
  const soapBytes = request.soap.bytes;

  // The new authentication certificate: the part, the body's copy, an auth cert of an approved CA, and the proof of possession.
  const authCert = certOf(r.authCert!, 'auth certificate');
  const inBody = request.fields.authCert;
  if (!inBody || !Buffer.from(inBody).equals(authCert.raw)) fail(MservCodes.invalidRequest, 'The authCert in the request body does not match the auth certificate part');
  if (!findIssuingCa(authCert, ctx.trust)) fail(MservCodes.certValidation, 'Auth certificate is not issued by an approved CA');
  if (!isAuthenticationCertificate(authCert)) fail(MservCodes.certValidation, 'Auth certificate is invalid: not an authentication certificate');
  const popAlgorithm = algorithmOf(r.pop!, 'auth signature');
  if (!verifyManagementSignature(popAlgorithm, authCert.publicKey, soapBytes, r.pop!.body)) fail(MservCodes.invalidSignatureValue, 'Auth signature verification failed');

  // The owner's signing certificate, signature and OCSP, as for the other signed requests.
  const ownerCert = certOf(r.ownerCert!, 'owner certificate');
  const ownerAlgorithm = algorithmOf(r.ownerSignature!, 'owner signature');
  if (!verifyManagementSignature(ownerAlgorithm, ownerCert.publicKey, soapBytes, r.ownerSignature!.body)) fail(MservCodes.invalidSignatureValue, 'Owner signature verification failed');
  const issuing = findIssuingCa(ownerCert, ctx.trust);
  if (!issuing) fail(MservCodes.certValidation, 'Owner sign certificate is not issued by an approved CA');
  if (!isSigningCertificate(ownerCert)) fail(MservCodes.certValidation, 'Owner sign certificate is invalid: not a signing certificate');
  let ocspThisUpdate: Date | undefined;
  try {
    const parsed = parseOcspResponse(r.ownerOcsp!.body);
    verifyCertificateChain(ownerCert, issuing, [{ der: Buffer.from(r.ownerOcsp!.body), parsed }], ctx.trust, ctx.atDate);
    ocspThisUpdate = parsed.basic?.responses[0]?.thisUpdate;
  } catch (e) {
    fail(isXRoadError(e) ? e.code : MservCodes.certValidation, `Owner sign certificate or its OCSP response is not valid: ${(e as Error).message}`, e);
  }
  const inCert = signerIdentity(ownerCert, issuing.ca.certificateProfileInfo, owner);
  if (!sameMember(inCert, owner)) {
    fail(MservCodes.invalidRequest, `Subject identifier (${idToString(inCert)}) in certificate does not match server owner's member identifier (${idToString(owner)}) in request`);
  }
  return { request, authCert, owner: inCert, ownerCert, ...(ocspThisUpdate ? { ocspThisUpdate } : {}) };
}
