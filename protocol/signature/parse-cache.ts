// A security server sees the same signing certificate and the same (cached) OCSP response on
// message after message. The content-keyed caches themselves live in protocol/ocsp, shared with
// the OCSP verifier and the transport decoder (one X509Certificate and one parsed response per
// content for everyone); these names stay for the signature verifier's callers.
//
// On top of them, the base64 TEXT of a certificate or OCSP response in a signature document maps
// to what it decoded and parsed to before: the text is the same string message after message, so
// a hit costs one string-keyed look-up instead of a base64 decode, a SHA-256 of the DER and the
// content-cache look-up. Only successes are kept; a text that fails fails afresh every time, with
// the error the uncached path gives.
import type { X509Certificate } from 'node:crypto';
import { certificateFromDer as sharedCertificateFromDer, parseOcspResponse, type OcspResponse } from '../ocsp/index.js';
import { digest, type HashName } from '../xml/dsig-algorithms.js';

/** The same X509Certificate object for the same DER, so per-object caches downstream hit. */
export function certificateFromDer(der: Uint8Array): X509Certificate {
  return sharedCertificateFromDer(der);
}

/** The parsed (frozen, shared) OCSP response for the DER; parseOcspResponse memoizes by content. */
export function ocspResponseFromDer(der: Uint8Array): OcspResponse {
  return parseOcspResponse(der);
}

/** Texts longer than this (not a certificate or OCSP response we would see twice) are not kept. */
const MAX_TEXT = 64 * 1024;

/** A bounded map keyed by exact text; the oldest entry goes first. */
export class TextCache<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly limit = 64) {}

  get(text: string): V | undefined {
    return this.map.get(text);
  }

  set(text: string, value: V): void {
    if (text.length > MAX_TEXT) return;
    if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value!);
    this.map.set(text, value);
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
  }
}

const certificatesByText = new TextCache<X509Certificate>();

/** `make()` (decode and parse) for a text not seen before; the same certificate for a text seen before. */
export function certificateForText(text: string, make: () => X509Certificate): X509Certificate {
  let cert = certificatesByText.get(text);
  if (!cert) certificatesByText.set(text, (cert = make()));
  return cert;
}

export interface DecodedOcspText {
  /** Shared by every hit: callers get copies (see ocspResponses in signature-verifier.ts). */
  der: Buffer;
  parsed: OcspResponse;
}

export const ocspResponsesByText = new TextCache<DecodedOcspText>();

// The digest of a certificate's DER per hash (CertDigest checks): certificates are shared per
// content, so their digests are too. Internal: the buffers are only compared, never handed out.
const certificateDigests = new WeakMap<X509Certificate, Map<HashName, Buffer>>();

export function certificateDigestBytes(cert: X509Certificate, hash: HashName): Buffer {
  let byHash = certificateDigests.get(cert);
  if (!byHash) certificateDigests.set(cert, (byHash = new Map()));
  let d = byHash.get(hash);
  if (!d) byHash.set(hash, (d = digest(hash, cert.raw)));
  return d;
}

/** For tests: forget the text-keyed entries. */
export function clearTextCaches(): void {
  certificatesByText.clear();
  ocspResponsesByText.clear();
}
