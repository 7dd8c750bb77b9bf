// The SignerInfo `sid` of a token and how X-Road finds the approved TSA certificate it names
// (BouncyCastle SignerId.match: issuer + serial, or subjectKeyIdentifier).
import { createHash, type X509Certificate } from 'node:crypto';
import type * as asn1js from 'asn1js';
import { Asn1StructureError, isContext, Tag } from '../asn1/der-reader.js';
import { asn1 } from './asn1.js';
import { formatX500Name, readX500Name, x500NamesEqual, type X500Name } from './x500-name.js';

export type SignerIdentifier =
  | { kind: 'issuerAndSerialNumber'; issuer: X500Name; serialNumber: bigint }
  | { kind: 'subjectKeyIdentifier'; keyIdentifier: Buffer };

export function readSignerIdentifier(block: asn1js.AsnType | undefined): SignerIdentifier {
  if (isContext(block, 0)) return { kind: 'subjectKeyIdentifier', keyIdentifier: asn1.octetStringBer(block, 'SignerInfo.sid [0]') };
  const [issuer, serial] = asn1.sequence(block, 'SignerInfo.sid');
  return {
    kind: 'issuerAndSerialNumber',
    issuer: readX500Name(issuer, 'SignerInfo.sid.issuer'),
    serialNumber: asn1.integer(serial, 'SignerInfo.sid.serialNumber'),
  };
}

export function describeSignerIdentifier(sid: SignerIdentifier): string {
  return sid.kind === 'issuerAndSerialNumber'
    ? `issuer "${formatX500Name(sid.issuer)}", serial ${sid.serialNumber.toString(16)}`
    : `subjectKeyIdentifier ${sid.keyIdentifier.toString('hex')}`;
}

/** The parts of a certificate a SID is compared with. */
export interface CertificateIdentity {
  issuer: X500Name;
  subject: X500Name;
  serialNumber: bigint;
  subjectKeyIdentifier?: Buffer;
  publicKeyBits: Buffer;
}

const SKI_OID = '2.5.29.14';

export function readCertificateIdentity(certDer: Uint8Array): CertificateIdentity {
  const [tbs] = asn1.sequence(asn1.decode(certDer, 'certificate'), 'certificate');
  const fields = asn1.sequence(tbs, 'tbsCertificate');
  const f = isContext(fields[0], 0) ? fields.slice(1) : fields;
  const [serial, , issuer, , subject, spki, ...rest] = f;
  const [, bits] = asn1.sequence(spki, 'subjectPublicKeyInfo');
  const publicKeyBits = Buffer.from((asn1.expectUniversal(bits, Tag.bitString, 'subjectPublicKey').valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView);
  let subjectKeyIdentifier: Buffer | undefined;
  const extsTagged = rest.find((b) => isContext(b, 3));
  if (extsTagged) {
    const [exts] = asn1.children(extsTagged, 'extensions');
    for (const ext of asn1.sequence(exts, 'extensions')) {
      const parts = asn1.sequence(ext, 'extension');
      if (asn1.oid(parts[0], 'extension id') !== SKI_OID) continue;
      const value = asn1.octetStringBer(parts[parts.length - 1], 'subjectKeyIdentifier extension');
      subjectKeyIdentifier = asn1.octetStringBer(asn1.decode(value, 'subjectKeyIdentifier'), 'subjectKeyIdentifier');
    }
  }
  return {
    issuer: readX500Name(issuer, 'tbsCertificate.issuer'),
    subject: readX500Name(subject, 'tbsCertificate.subject'),
    serialNumber: asn1.integer(serial, 'tbsCertificate.serialNumber'),
    subjectKeyIdentifier,
    publicKeyBits,
  };
}

const identityCache = new WeakMap<X509Certificate, CertificateIdentity>();

export function certificateIdentity(cert: X509Certificate): CertificateIdentity {
  let id = identityCache.get(cert);
  if (!id) {
    id = readCertificateIdentity(cert.raw);
    identityCache.set(cert, id);
  }
  return id;
}

export function signerIdentifierMatches(sid: SignerIdentifier, cert: X509Certificate): boolean {
  let id: CertificateIdentity;
  try {
    id = certificateIdentity(cert);
  } catch (e) {
    if (e instanceof Asn1StructureError) return false;
    throw e;
  }
  if (sid.kind === 'issuerAndSerialNumber') {
    return id.serialNumber === sid.serialNumber && x500NamesEqual(id.issuer, sid.issuer);
  }
  // Without the extension BouncyCastle derives the key id as RFC 5280 §4.2.1.2 method (1).
  const ski = id.subjectKeyIdentifier ?? createHash('sha1').update(id.publicKeyBits).digest();
  return ski.equals(sid.keyIdentifier);
}
