// The few certificate fields OCSP works with, read from the DER: node:crypto's X509Certificate
// gives names only as text, but CertID hashes the issuer's subject DER and the raw key bits
// (RFC 6960 §4.1.1), and ResponderID byKey hashes the key bits too.
import { X509Certificate } from 'node:crypto';
import { encoding, isContext } from '../asn1/der-reader.js';
import { asn1, OcspParseError } from './der-reader.js';
import { parseName, type Rdn } from './x500-name.js';

export interface CertificateFields {
  der: Buffer;
  /** INTEGER content octets of serialNumber, exactly as encoded. */
  serialContent: Buffer;
  issuerDer: Buffer;
  subjectDer: Buffer;
  issuer: Rdn[];
  subject: Rdn[];
  /** subjectPublicKey BIT STRING contents (without the unused-bits octet). */
  publicKeyBits: Buffer;
}

const cache = new WeakMap<X509Certificate, CertificateFields>();

export function certificateFields(cert: X509Certificate | Uint8Array): CertificateFields {
  if (cert instanceof X509Certificate) {
    const hit = cache.get(cert);
    if (hit) return hit;
    const fields = parseCertificateFields(cert.raw);
    cache.set(cert, fields);
    return fields;
  }
  return parseCertificateFields(cert);
}

function parseCertificateFields(der: Uint8Array): CertificateFields {
  const what = 'Certificate';
  const top = asn1.sequence(asn1.decode(der, what), what, 3);
  const tbs = asn1.sequence(top[0], 'TBSCertificate', 6);
  // version [0] EXPLICIT is optional (v1 certificates omit it).
  const at = isContext(tbs[0], 0) ? 1 : 0;
  const [serial, , issuer, , subject, spki] = tbs.slice(at);
  if (!spki) throw new OcspParseError(what, 'TBSCertificate is too short');
  const spkiItems = asn1.children(spki, 'SubjectPublicKeyInfo');
  return {
    der: Buffer.from(der),
    serialContent: asn1.integerContent(serial, 'serialNumber'),
    issuerDer: encoding(issuer),
    subjectDer: encoding(subject),
    issuer: parseName(encoding(issuer)),
    subject: parseName(encoding(subject)),
    publicKeyBits: asn1.bitString(spkiItems[1], 'subjectPublicKey'),
  };
}

export function sameCertificate(a: X509Certificate, b: X509Certificate): boolean {
  return a.raw.equals(b.raw);
}
