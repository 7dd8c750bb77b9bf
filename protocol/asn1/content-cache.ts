// Bounded caches keyed by the content of byte strings. A security server sees the same signing
// certificate and the same (sender-cached) OCSP response on message after message; parsing and
// checking them again is pure repetition. The key is SHA-256 of each input, so two inputs share
// an entry only when their bytes are equal (a SHA-1 key would let a chosen-prefix collision pass
// one response's verdict to another). Values must be immutable: every caller gets the same one.
import { hash } from 'node:crypto';

/** SHA-256 (base64) of the bytes: the cache key of one input. */
export function contentDigest(bytes: Uint8Array): string {
  return hash('sha256', bytes, 'base64');
}

/** One key for several inputs: their digests joined, so (a, b) and (a+b) never collide. */
export function contentKey(...parts: ReadonlyArray<Uint8Array | string>): string {
  return parts.map((p) => (typeof p === 'string' ? p : contentDigest(p))).join('|');
}

/** Map with a size bound; the oldest entry goes first (a hot entry comes back on its next use). */
export class BoundedCache<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly limit = 512) {}

  get size(): number {
    return this.map.size;
  }

  /** The value for `key`, made (and kept) on a miss. A `make` that throws leaves nothing behind. */
  getOrMake(key: string, make: () => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined) return hit;
    const value = make();
    if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, value);
    return value;
  }

  clear(): void {
    this.map.clear();
  }
}

/** getOrMake keyed by the content of `bytes`. */
export class ContentCache<V> extends BoundedCache<V> {
  forBytes(bytes: Uint8Array, make: () => V): V {
    return this.getOrMake(contentDigest(bytes), make);
  }
}

/**
 * Freezes an object graph (plain objects and arrays). Buffers and Dates cannot be frozen and are
 * left as they are: shared values are read, never written, by convention and by every caller here.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (ArrayBuffer.isView(value) || value instanceof Date) return value;
  for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}
