// X-Road-Request-Hash (REST-007): computed by the provider SS, checked by the consumer SS.
//   with a body:    SHA-512( SHA-512(header part) || digest(body) )
//   without a body: SHA-512(header part)
// "header part" is the serialised application/x-road-rest-request (TRANSP-015), in the
// re-serialised form the provider hashes (RestRequestPart.canonicalBytes). The body digest is
// the one computed while decoding the application/x-road-rest-body part, with the message's
// x-hash-algorithm (SHA-512 by default); the outer hashes are always SHA-512.
import { createHash, timingSafeEqual } from 'node:crypto';

export function restRequestHash(headerPart: Buffer, bodyDigest?: Buffer): Buffer {
  const headerDigest = createHash('sha512').update(headerPart).digest();
  if (bodyDigest === undefined) return headerDigest;
  return createHash('sha512').update(headerDigest).update(bodyDigest).digest();
}

export function restRequestHashBase64(headerPart: Buffer, bodyDigest?: Buffer): string {
  return restRequestHash(headerPart, bodyDigest).toString('base64');
}

/** Compares a received hash (raw, or base64 with any whitespace) with the expected raw hash. */
export function restRequestHashMatches(expected: Buffer, received: Buffer | string): boolean {
  const got = typeof received === 'string' ? Buffer.from(received.replace(/\s+/g, ''), 'base64') : received;
  return got.length === expected.length && timingSafeEqual(got, expected);
}
