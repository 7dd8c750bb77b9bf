// CertID (RFC 6960 §4.1.1). X-Road builds it with SHA-1 and an explicit NULL in the hash
// AlgorithmIdentifier and compares it ASN.1-exactly with the response's CertID (corrections.md §2,
// OCSP-001), so a responder that re-encodes it (e.g. drops the NULL) is not accepted.
import { createHash, type X509Certificate } from 'node:crypto';
import { deepFreeze } from '../asn1/content-cache.js';
import { certificateFields } from './certificate-fields.js';
import { encoding, type AlgorithmIdentifier, type Asn1 } from '../asn1/der-reader.js';
import { asn1 } from './der-reader.js';
import * as w from '../asn1/der-writer.js';
import { HashAlgorithmOids } from '../asn1/hash-algorithms.js';

export const OID_SHA1 = HashAlgorithmOids.sha1;

export interface CertId {
  hashAlgorithm: AlgorithmIdentifier;
  issuerNameHash: Buffer;
  issuerKeyHash: Buffer;
  /** INTEGER content octets of the serial number, as encoded. */
  serialContent: Buffer;
  /** The CertID's DER exactly as received or built: what the comparison uses. */
  der: Buffer;
}

export function certIdSerial(id: CertId): bigint {
  if (id.serialContent.length === 0) return 0n;
  const unsigned = BigInt('0x' + id.serialContent.toString('hex'));
  // Two's complement: a leading 1 bit means negative (non-conforming, but representable).
  return id.serialContent[0] & 0x80 ? unsigned - (1n << BigInt(id.serialContent.length * 8)) : unsigned;
}

/** Serial number as X-Road prints it in messages (decimal, BigInteger.toString). */
export function certIdSerialText(id: CertId): string {
  return certIdSerial(id).toString(10);
}

export function parseCertIdAsn1(el: Asn1 | undefined): CertId {
  const items = asn1.sequence(el, 'CertID', 4);
  return {
    hashAlgorithm: asn1.algorithmIdentifier(items[0], 'CertID hashAlgorithm'),
    issuerNameHash: asn1.octetString(items[1], 'CertID issuerNameHash'),
    issuerKeyHash: asn1.octetString(items[2], 'CertID issuerKeyHash'),
    serialContent: asn1.integerContent(items[3], 'CertID serialNumber'),
    der: encoding(el!),
  };
}

// Built for the same (cert, issuer) objects on every verification; X509Certificate is immutable,
// so object identity is a safe key.
const builtCertIds = new WeakMap<X509Certificate, WeakMap<X509Certificate, CertId>>();

/** The CertID X-Road puts in its requests and expects back: SHA-1, NULL parameters (shared, frozen). */
export function certIdFor(cert: X509Certificate, issuer: X509Certificate): CertId {
  let byIssuer = builtCertIds.get(cert);
  if (!byIssuer) {
    byIssuer = new WeakMap();
    builtCertIds.set(cert, byIssuer);
  }
  let id = byIssuer.get(issuer);
  if (!id) {
    id = deepFreeze(buildCertId(cert, issuer));
    byIssuer.set(issuer, id);
  }
  return id;
}

function buildCertId(cert: X509Certificate, issuer: X509Certificate): CertId {
  const subject = certificateFields(cert);
  const ca = certificateFields(issuer);
  const issuerNameHash = createHash('sha1').update(ca.subjectDer).digest();
  const issuerKeyHash = createHash('sha1').update(ca.publicKeyBits).digest();
  const hashAlgorithmDer = w.algorithmIdentifier(OID_SHA1, w.nullValue());
  const der = w.sequence(hashAlgorithmDer, w.octetString(issuerNameHash), w.octetString(issuerKeyHash), w.integerFromContent(subject.serialContent));
  return {
    hashAlgorithm: { oid: OID_SHA1, parameters: w.nullValue(), der: hashAlgorithmDer },
    issuerNameHash,
    issuerKeyHash,
    serialContent: subject.serialContent,
    der,
  };
}

/** ASN.1-exact equality (byte equality of the DER; BouncyCastle's CertificateID.equals). */
export function certIdsEqual(a: CertId, b: CertId): boolean {
  return a.der.equals(b.der);
}
