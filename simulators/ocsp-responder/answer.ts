// Turns one OCSP request into the responder's answer under the knobs in force. No sockets here,
// so every knob's artifact can be checked without HTTP. A good answer is what X-Road 7.8 accepts
// (corrections.md §3 "OCSP responder"): each request CertID echoed verbatim, ResponderID byName,
// signed by the delegated responder (cert in `certs`) or by the CA.
import { createHash } from 'node:crypto';
import {
  buildOcspErrorResponse,
  buildOcspResponse,
  certificateFields,
  certIdSerial,
  OcspResponseStatus,
  parseOcspRequest,
  type CertId,
  type CertStatus,
  type HashName,
  type OcspRequest,
  type SingleResponseSpec,
} from '../../protocol/ocsp/index.js';
import type { IssuedCert } from '../pki/index.js';
import { serialKey, type KnobState, type KnobValues } from './knob-state.js';

export interface ResponderKeys {
  /** The CA whose certificates this responder answers for. */
  ca: IssuedCert;
  /** Delegated responder (issued by `ca`, EKU OCSPSigning). */
  delegated?: IssuedCert;
  /** Self-signed responder nobody authorised, for the unauthorisedSigner knob. */
  rogue: IssuedCert;
}

export interface AnswerOptions {
  signWith: 'delegated' | 'ca';
  responderIdKind: 'byName' | 'byKey';
  /** nextUpdate = thisUpdate + this many seconds; no nextUpdate when undefined. */
  nextUpdateSeconds?: number;
  signatureHash: HashName;
  /** Serials nobody registered and no global status knob covers get this status. */
  defaultStatus: 'good' | 'unknown';
}

export type Answer =
  | { kind: 'ocsp'; httpStatus: number; body: Buffer; delayMs: number; serials: string[] }
  | { kind: 'http'; httpStatus: number; delayMs: number; serials: string[] };

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

function issuedByOurCa(id: CertId, ca: IssuedCert): boolean {
  const hash = HASHES[id.hashAlgorithm.oid];
  if (!hash) return false;
  const fields = certificateFields(ca.cert);
  return (
    createHash(hash).update(fields.subjectDer).digest().equals(id.issuerNameHash) &&
    createHash(hash).update(fields.publicKeyBits).digest().equals(id.issuerKeyHash)
  );
}

function statusFrom(knobs: KnobValues, now: Date): CertStatus | undefined {
  if (knobs.revoked) return { kind: 'revoked', revocationTime: knobs.revoked.time ?? now, reason: knobs.revoked.reason };
  if (knobs.good) return { kind: 'good' };
  if (knobs.unknown) return { kind: 'unknown' };
  return undefined;
}

function singleResponse(id: CertId, state: KnobState, keys: ResponderKeys, opts: AnswerOptions, now: Date): SingleResponseSpec {
  const serial = serialKey(certIdSerial(id) < 0n ? 0n : certIdSerial(id));
  const knobs = state.effective(serial);
  let status: CertStatus;
  if (state.hasOwnStatus(serial)) status = statusFrom(knobs, now)!;
  else if (!issuedByOurCa(id, keys.ca)) status = { kind: 'unknown' };
  else status = statusFrom(knobs, now) ?? { kind: opts.defaultStatus };

  let thisUpdate = now;
  if (knobs.staleThisUpdate) thisUpdate = new Date(now.getTime() - knobs.staleThisUpdate.seconds * 1000);
  if (knobs.futureThisUpdate) thisUpdate = new Date(now.getTime() + knobs.futureThisUpdate.seconds * 1000);
  let nextUpdate = opts.nextUpdateSeconds === undefined ? undefined : new Date(thisUpdate.getTime() + opts.nextUpdateSeconds * 1000);
  if (knobs.nextUpdateInPast) nextUpdate = new Date(now.getTime() - knobs.nextUpdateInPast.seconds * 1000);
  return { certIdDer: id.der, status, thisUpdate, nextUpdate };
}

function signer(knobs: KnobValues, keys: ResponderKeys, opts: AnswerOptions): { cert: IssuedCert; embed: boolean } {
  if (knobs.unauthorisedSigner) return { cert: keys.rogue, embed: true };
  if (opts.signWith === 'delegated' && keys.delegated) return { cert: keys.delegated, embed: true };
  return { cert: keys.ca, embed: false };
}

/** The answer to raw request bytes; `parsed` skips parsing when the caller already has it. */
export function answerOcspRequest(
  requestDer: Buffer,
  state: KnobState,
  keys: ResponderKeys,
  opts: AnswerOptions,
  now: Date,
  parsed?: OcspRequest,
): Answer {
  let request: OcspRequest;
  try {
    request = parsed ?? parseOcspRequest(requestDer);
  } catch {
    // RFC 6960 §2.3: an unparsable request gets malformedRequest; HTTP 400 says the same to HTTP clients.
    return { kind: 'ocsp', httpStatus: 400, body: buildOcspErrorResponse(OcspResponseStatus.malformedRequest), delayMs: 0, serials: [] };
  }
  const serials = request.certIds.map((id) => serialKey(certIdSerial(id) < 0n ? 0n : certIdSerial(id)));
  // Response-level knobs (transport, signer) follow the first certificate asked about.
  const lead = state.effective(serials[0]);
  const delayMs = lead.slow?.delayMs ?? 0;
  if (lead.httpError) return { kind: 'http', httpStatus: lead.httpError.status, delayMs, serials };

  const { cert, embed } = signer(lead, keys, opts);
  const body = buildOcspResponse({
    responses: request.certIds.map((id) => singleResponse(id, state, keys, opts, now)),
    producedAt: now,
    responderCert: cert.cert,
    responderIdKind: opts.responderIdKind,
    signerKey: cert.privateKey,
    certs: embed ? [cert.cert] : [],
    signatureHash: opts.signatureHash,
    nonce: request.nonce,
  });
  if (lead.malformed) {
    // Cut inside the BasicOCSPResponse: the outer length then promises bytes that never come.
    return { kind: 'ocsp', httpStatus: 200, body: body.subarray(0, Math.floor(body.length / 2)), delayMs, serials };
  }
  return { kind: 'ocsp', httpStatus: 200, body, delayMs, serials };
}
