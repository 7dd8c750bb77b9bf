// MessageImprint (RFC 3161 §2.4.1): the hash algorithm and the digest of the stamped data.
// Shared by TimeStampReq and TSTInfo; the TSA must copy the request's imprint into the token.
import * as asn1js from 'asn1js';
import type { AsnType } from 'asn1js';
import { Asn1StructureError } from '../asn1/der-reader.js';
import { asn1 } from './asn1.js';
import { digestLength, hashAlgorithmFromOid, hashAlgorithmOid, type HashAlgorithm } from './hash-algorithms.js';

export interface MessageImprint {
  /** Undefined when the OID names an algorithm we do not implement. */
  hashAlgorithm?: HashAlgorithm;
  hashAlgorithmOid: string;
  hashedMessage: Buffer;
}

/**
 * @param checkLength refuse a digest whose length does not suit the algorithm. A TSA does (the
 *   request is malformed); a token reader does not, since X-Road just finds the hashes unequal.
 */
export function readMessageImprint(block: AsnType | undefined, what: string, checkLength = false): MessageImprint {
  const [algId, hashed] = asn1.sequence(block, what);
  const [oid] = asn1.sequence(algId, `${what}.hashAlgorithm`);
  const hashAlgorithmOid = asn1.oid(oid, `${what}.hashAlgorithm.algorithm`);
  const hashAlgorithm = hashAlgorithmFromOid(hashAlgorithmOid);
  const hashedMessage = asn1.octetStringBer(hashed, `${what}.hashedMessage`);
  if (checkLength && hashAlgorithm && hashedMessage.length !== digestLength(hashAlgorithm)) {
    throw new Asn1StructureError(`${what}: ${hashAlgorithm} digest must be ${digestLength(hashAlgorithm)} bytes, found ${hashedMessage.length}`);
  }
  return { hashAlgorithm, hashAlgorithmOid, hashedMessage };
}

/** AlgorithmIdentifier with explicit NULL parameters, as BouncyCastle and OpenSSL write it. */
export function algorithmIdentifierSchema(oid: string): asn1js.Sequence {
  return new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), new asn1js.Null()] });
}

export function messageImprintSchema(hashAlgorithm: HashAlgorithm, hashedMessage: Uint8Array): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [algorithmIdentifierSchema(hashAlgorithmOid(hashAlgorithm)), new asn1js.OctetString({ valueHex: hashedMessage })],
  });
}
