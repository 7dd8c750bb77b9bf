// The certificate facts signature building and verification need, read from the DER with pkijs:
// subject attributes as strings (signer identity, SIG-002), the nonRepudiation key usage
// (SIG-001), and the issuer name as Java's X500Principal.getName() prints it (RFC 2253), which
// X-Road writes into xades:IssuerSerial/ds:X509IssuerName.
import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { DerReader } from '../asn1/der-reader.js';
import { attributeValueString } from '../asn1/x500-name.js';
import { ErrorCodes, XRoadError } from '../faults/index.js';

export interface NameAttribute {
  oid: string;
  /** String value, or undefined when the value is not an ASN.1 string type. */
  value?: string;
  /** DER of the value (for RFC 2253 `#hex` output). */
  valueDer: Buffer;
}

export type DistinguishedName = NameAttribute[][];

export interface CertificateInfo {
  der: Buffer;
  subject: DistinguishedName;
  issuer: DistinguishedName;
  serialNumber: bigint;
  notBefore: Date;
  notAfter: Date;
  /** KeyUsage bits 0..8, or undefined when the extension is absent. */
  keyUsage?: boolean[];
}

// Java's X500Principal also prints a GeneralString (27) as text.
const STRING_TAGS: ReadonlySet<number> = new Set([12, 18, 19, 20, 22, 26, 27, 28, 30]);

const asn1 = new DerReader();

function readName(der: ArrayBuffer): DistinguishedName {
  // Embedded BER is decoded as pkijs decodes it, so a value re-encodes (valueDer) as it did there.
  const name = asn1.decode(new Uint8Array(der), 'Name', { parseEmbedded: true });
  return asn1.children(name, 'Name').map((rdn) =>
    asn1.children(rdn, 'RelativeDistinguishedName').map((atv) => {
      const [type, value] = asn1.children(atv, 'AttributeTypeAndValue');
      return {
        oid: asn1.oid(type, 'AttributeType'),
        value: attributeValueString(value!, STRING_TAGS),
        valueDer: Buffer.from(value!.toBER(false)),
      };
    }),
  );
}

const cache = new WeakMap<X509Certificate, CertificateInfo>();

export function certificateInfo(cert: X509Certificate | Uint8Array): CertificateInfo {
  if (cert instanceof X509Certificate) {
    const hit = cache.get(cert);
    if (hit) return hit;
    const info = parse(cert.raw);
    cache.set(cert, info);
    return info;
  }
  return parse(Buffer.from(cert));
}

function parse(der: Buffer): CertificateInfo {
  let c: pkijs.Certificate;
  try {
    c = pkijs.Certificate.fromBER(new Uint8Array(der));
  } catch (e) {
    throw new XRoadError(ErrorCodes.incorrectCertificate, `Cannot parse certificate: ${(e as Error).message}`);
  }
  const ku = c.extensions?.find((e) => e.extnID === '2.5.29.15');
  let keyUsage: boolean[] | undefined;
  if (ku) {
    const bits = ku.parsedValue as asn1js.BitString;
    const bytes = Buffer.from(bits.valueBlock.valueHexView);
    keyUsage = Array.from({ length: 9 }, (_, i) => ((bytes[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0);
  }
  const serial = Buffer.from(c.serialNumber.valueBlock.valueHexView);
  return {
    der,
    subject: readName(c.subject.valueBeforeDecode),
    issuer: readName(c.issuer.valueBeforeDecode),
    serialNumber: BigInt.asIntN(serial.length * 8, BigInt('0x' + (serial.toString('hex') || '0'))),
    notBefore: c.notBefore.value,
    notAfter: c.notAfter.value,
    keyUsage,
  };
}

/** X-Road CertUtils.isSigningCert: nonRepudiation; no KeyUsage extension is an internal error. */
export function isSigningCertificate(cert: X509Certificate): boolean {
  const ku = certificateInfo(cert).keyUsage;
  if (!ku) throw new XRoadError(ErrorCodes.internalError, 'Certificate does not contain keyUsage extension');
  return ku[1];
}

// RFC 2253 keywords Java's X500Principal knows; everything else is printed as OID=#hex.
const RFC2253_KEYWORDS: Record<string, string> = {
  '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.9': 'STREET',
  '0.9.2342.19200300.100.1.25': 'DC', '0.9.2342.19200300.100.1.1': 'UID',
};

function escapeRfc2253(v: string): string {
  let s = v.replace(/[,+"\\<>;]/g, (c) => '\\' + c);
  if (s.startsWith('#') || s.startsWith(' ')) s = '\\' + s;
  if (s.endsWith(' ') && s.length > 1) s = s.slice(0, -1) + '\\ ';
  return s;
}

/** Java X500Principal.getName() (RFC 2253): most specific RDN first. */
export function nameToRfc2253(name: DistinguishedName): string {
  return [...name].reverse().map((rdn) =>
    rdn.map((a) => {
      const keyword = RFC2253_KEYWORDS[a.oid];
      return keyword && a.value !== undefined ? `${keyword}=${escapeRfc2253(a.value)}` : `${a.oid}=#${a.valueDer.toString('hex')}`;
    }).join('+'),
  ).join(',');
}

/**
 * Value of the attribute `oid` as X-Road's CertUtils.getRDNValue returns it: it re-parses the
 * RFC 2253 string (most specific RDN first) and takes the first match, i.e. the LAST occurrence
 * in DER order, escaped the way BouncyCastle's IETFUtils.valueToString escapes.
 */
export function rdnValue(name: DistinguishedName, oid: string): string | undefined {
  for (let i = name.length - 1; i >= 0; i--) {
    const a = name[i].find((x) => x.oid === oid);
    if (a) return a.value === undefined ? `#${a.valueDer.toString('hex')}` : valueToString(a.value);
  }
  return undefined;
}

function valueToString(v: string): string {
  const hash = v.startsWith('#');
  const body = (hash ? v.slice(1) : v).replace(/[,"\\+=<>;]/g, (c) => '\\' + c);
  return ((hash ? '\\#' : '') + body).replace(/^ +/, (m) => '\\ '.repeat(m.length)).replace(/ +$/, (m) => '\\ '.repeat(m.length));
}
