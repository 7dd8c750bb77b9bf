// Remembered verification results, so that a check repeated for every message — our own OCSP
// responses before they go into a message, a consumer's auth chain with the OCSP parts it sends
// each time — costs a lookup instead of parsing and verifying DER again. A result is reused only
// for the same inputs (bytes, trust object, check) and only until the earliest moment it could
// turn out differently: an OCSP response's freshness end (thisUpdate + ocspFreshnessSeconds), its
// nextUpdate when checked, a certificate's notAfter — and at most MAX_REUSE_MS, so that whatever
// else the full check looks at is looked at again regularly.
import type { X509Certificate } from 'node:crypto';
import type { OcspResponse } from '../../protocol/ocsp/index.js';
import type { VerificationTrust } from '../../protocol/trust/index.js';

/** Longest a remembered result is reused without checking again in full. */
export const MAX_REUSE_MS = 30_000;

const notAfter = new WeakMap<X509Certificate, number>();

export function certNotAfter(cert: X509Certificate): number {
  let t = notAfter.get(cert);
  if (t === undefined) {
    t = Date.parse(cert.validTo);
    notAfter.set(cert, t);
  }
  return t;
}

/** Until when a response that verified at `now` keeps verifying (freshness, nextUpdate, the certificates' notAfter). */
export function reusableUntil(responses: readonly OcspResponse[], certs: readonly X509Certificate[], trust: VerificationTrust, now: number): number {
  let until = now + MAX_REUSE_MS;
  for (const r of responses) {
    const single = r.basic?.responses[0];
    if (!single) return now;
    until = Math.min(until, single.thisUpdate.getTime() + trust.ocspFreshnessSeconds * 1000);
    if (trust.verifyNextUpdate && single.nextUpdate) until = Math.min(until, single.nextUpdate.getTime());
  }
  for (const c of certs) until = Math.min(until, certNotAfter(c));
  return until;
}

interface Entry {
  trust: VerificationTrust;
  /** Valid for checks at instants in [from, until). */
  from: number;
  until: number;
  value: unknown;
}

/** A bounded map of results keyed by the caller's key (which names the inputs and the check). */
export class VerificationMemo<T> {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 2_000) {}

  get(key: string, trust: VerificationTrust, now: number): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.trust !== trust || now < e.from || now >= e.until) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value as T;
  }

  set(key: string, trust: VerificationTrust, from: number, until: number, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { trust, from, until, value });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  clear(): void {
    this.entries.clear();
  }
}
