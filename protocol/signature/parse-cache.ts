// A security server sees the same signing certificate and the same (cached) OCSP response on
// message after message; parsing them costs more than the rest of a verification (asn1js), so
// parsed forms are kept by content. Entries are immutable; the cache is bounded.
import { createHash, X509Certificate } from 'node:crypto';
import { parseOcspResponse, type OcspResponse } from '../ocsp/index.js';

const LIMIT = 512;

class BoundedCache<V> {
  private readonly map = new Map<string, V>();

  get(der: Uint8Array, make: () => V): V {
    const key = createHash('sha256').update(der).digest('base64');
    const hit = this.map.get(key);
    if (hit !== undefined) return hit;
    const value = make();
    if (this.map.size >= LIMIT) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, value);
    return value;
  }
}

const certificates = new BoundedCache<X509Certificate>();
const ocspResponses = new BoundedCache<OcspResponse>();

/** The same X509Certificate object for the same DER, so per-object caches downstream hit. */
export function certificateFromDer(der: Uint8Array): X509Certificate {
  return certificates.get(der, () => new X509Certificate(der));
}

export function ocspResponseFromDer(der: Uint8Array): OcspResponse {
  return ocspResponses.get(der, () => parseOcspResponse(der));
}
