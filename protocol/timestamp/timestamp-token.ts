// A time-stamp token (RFC 3161 §2.4.2: CMS SignedData over a TSTInfo) as a typed view. The checks
// here are the ones BouncyCastle's TimeStampToken constructor makes, which X-Road runs before any
// verification: eContentType id-ct-TSTInfo, exactly one SignerInfo, a parsable TSTInfo, and an ESS
// signing-certificate attribute v1 or v2 (corrections.md §2, TSA-002). Failing them is
// `internal_error` in X-Road (an unmapped BouncyCastle exception).
import type { AsnType } from 'asn1js';
import { Asn1StructureError, encoding, isContext, isUniversal, Tag } from '../asn1/der-reader.js';
import { setOf } from '../asn1/der-writer.js';
import { asn1 } from './asn1.js';
import { hashAlgorithmFromOid, hashAlgorithmOid, type HashAlgorithm } from './hash-algorithms.js';
import { Oids } from './oids.js';
import { readSignerIdentifier, type SignerIdentifier } from './signer-identifier.js';
import { timestampError, TimestampErrorCodes } from './timestamp-error-codes.js';
import { parseTstInfo, type TstInfo } from './tst-info.js';

export interface CmsAttribute {
  oid: string;
  values: AsnType[];
}

export interface AlgorithmIdentifier {
  oid: string;
  /** Parameters element, absent when the AlgorithmIdentifier has none. */
  parameters?: AsnType;
}

export interface TokenSignerInfo {
  version: number;
  sid: SignerIdentifier;
  digestAlgorithm: AlgorithmIdentifier;
  signedAttributes: CmsAttribute[];
  /** The signed attributes as a DER SET OF (sorted): the bytes the signature covers, as BouncyCastle re-encodes them. */
  signedAttributesDer: Buffer;
  signatureAlgorithm: AlgorithmIdentifier;
  signature: Buffer;
  unsignedAttributes: CmsAttribute[];
}

/** First ESSCertID / ESSCertIDv2 of the signing-certificate attribute. */
export interface EssCertId {
  version: 1 | 2;
  hashAlgorithmOid: string;
  certHash: Buffer;
}

export interface TimestampToken {
  der: Buffer;
  tstInfo: TstInfo;
  /** The eContent octets (the encoded TSTInfo) the messageDigest attribute covers. */
  eContent: Buffer;
  /** Certificates carried in SignedData.certificates, DER each. */
  certificates: Buffer[];
  signerInfo: TokenSignerInfo;
  essCertId: EssCertId;
}

const SHA256_OID = hashAlgorithmOid('sha256');
const SHA1_OID = hashAlgorithmOid('sha1');

/** Parses a token (ContentInfo DER); structural failures throw XRoadError `internal_error`. */
export function parseTimestampToken(der: Uint8Array): TimestampToken {
  try {
    return readToken(Buffer.from(der));
  } catch (e) {
    if (e instanceof Asn1StructureError) {
      throw timestampError(TimestampErrorCodes.internalError, `Malformed time-stamp token: ${e.message}`, e);
    }
    throw e;
  }
}

function readToken(der: Buffer): TimestampToken {
  const [ctype, content] = asn1.sequence(asn1.decode(der, 'ContentInfo'), 'ContentInfo');
  const contentType = asn1.oid(ctype, 'ContentInfo.contentType');
  if (contentType !== Oids.signedData) throw new Asn1StructureError(`ContentInfo.contentType is ${contentType}, not signedData`);
  if (!isContext(content, 0)) throw new Asn1StructureError('ContentInfo.content [0] missing');
  const sd = asn1.sequence(asn1.children(content!, 'ContentInfo.content')[0], 'SignedData');
  let i = 0;
  asn1.integer(sd[i++], 'SignedData.version');
  asn1.expectUniversal(sd[i++], Tag.set, 'SignedData.digestAlgorithms');
  const [eType, eContentTagged] = asn1.sequence(sd[i++], 'SignedData.encapContentInfo');
  const eContentType = asn1.oid(eType, 'encapContentInfo.eContentType');
  if (eContentType !== Oids.tstInfo) {
    throw new Asn1StructureError(`ContentInfo object not for a time stamp (eContentType ${eContentType})`);
  }
  if (!isContext(eContentTagged, 0)) throw new Asn1StructureError('encapContentInfo.eContent is absent');
  const eContent = asn1.octetStringBer(asn1.children(eContentTagged!, 'eContent')[0], 'encapContentInfo.eContent');
  const certificates: Buffer[] = [];
  if (isContext(sd[i], 0)) {
    for (const c of asn1.children(sd[i++]!, 'SignedData.certificates')) if (isUniversal(c, Tag.sequence)) certificates.push(encoding(c));
  }
  if (isContext(sd[i], 1)) i++;
  const signerInfos = asn1.children(asn1.expectUniversal(sd[i], Tag.set, 'SignedData.signerInfos'), 'SignedData.signerInfos');
  if (signerInfos.length !== 1) {
    throw new Asn1StructureError(`Time-stamp token signed by ${signerInfos.length} signers, but it must contain just the TSA signature`);
  }
  const signerInfo = readSignerInfo(signerInfos[0]!);
  let tstInfo: TstInfo;
  try {
    tstInfo = parseTstInfo(eContent);
  } catch (e) {
    throw new Asn1StructureError(`TSTInfo: ${(e as Error).message}`);
  }
  return { der, tstInfo, eContent, certificates, signerInfo, essCertId: readEssCertId(signerInfo) };
}

function readAlgorithmIdentifier(block: AsnType | undefined, what: string): AlgorithmIdentifier {
  const [oid, parameters] = asn1.sequence(block, what);
  return { oid: asn1.oid(oid, `${what}.algorithm`), parameters };
}

function readAttributes(block: AsnType, what: string): { attributes: CmsAttribute[]; encodings: Buffer[] } {
  const attributes: CmsAttribute[] = [];
  const encodings: Buffer[] = [];
  for (const attr of asn1.children(block, what)) {
    const [type, values] = asn1.sequence(attr, `${what} attribute`);
    const oid = asn1.oid(type, `${what} attribute type`);
    attributes.push({ oid, values: asn1.children(asn1.expectUniversal(values, Tag.set, `${what} ${oid} values`), `${what} ${oid} values`) });
    encodings.push(encoding(attr));
  }
  return { attributes, encodings };
}

function readSignerInfo(block: AsnType): TokenSignerInfo {
  const f = asn1.sequence(block, 'SignerInfo');
  let i = 0;
  const version = Number(asn1.integer(f[i++], 'SignerInfo.version'));
  const sid = readSignerIdentifier(f[i++]);
  const digestAlgorithm = readAlgorithmIdentifier(f[i++], 'SignerInfo.digestAlgorithm');
  // BouncyCastle's TimeStampToken dereferences the signed attributes unconditionally.
  if (!isContext(f[i], 0)) throw new Asn1StructureError('SignerInfo has no signed attributes');
  const signed = readAttributes(f[i++]!, 'SignerInfo.signedAttrs');
  const signatureAlgorithm = readAlgorithmIdentifier(f[i++], 'SignerInfo.signatureAlgorithm');
  const signature = asn1.octetStringBer(f[i++], 'SignerInfo.signature');
  const unsigned = isContext(f[i], 1) ? readAttributes(f[i++]!, 'SignerInfo.unsignedAttrs').attributes : [];
  if (i !== f.length) throw new Asn1StructureError('SignerInfo: unexpected trailing field');
  return {
    version,
    sid,
    digestAlgorithm,
    signedAttributes: signed.attributes,
    signedAttributesDer: setOf(...signed.encodings),
    signatureAlgorithm,
    signature,
    unsignedAttributes: unsigned,
  };
}

function readEssCertId(si: TokenSignerInfo): EssCertId {
  const v1 = si.signedAttributes.find((a) => a.oid === Oids.signingCertificate);
  const v2 = si.signedAttributes.find((a) => a.oid === Oids.signingCertificateV2);
  const attr = v1 ?? v2;
  if (!attr) throw new Asn1StructureError('no signing certificate attribute found, time stamp invalid');
  const what = v1 ? 'SigningCertificate' : 'SigningCertificateV2';
  const [certs] = asn1.sequence(attr.values[0], what);
  const [first] = asn1.sequence(certs, `${what}.certs`);
  const parts = asn1.sequence(first, `${what}.certs[0]`);
  if (v1) return { version: 1, hashAlgorithmOid: SHA1_OID, certHash: asn1.octetStringBer(parts[0], 'ESSCertID.certHash') };
  // ESSCertIDv2.hashAlgorithm DEFAULT id-sha256 (RFC 5035 §4).
  const hasAlg = isUniversal(parts[0], Tag.sequence);
  return {
    version: 2,
    hashAlgorithmOid: hasAlg ? readAlgorithmIdentifier(parts[0], 'ESSCertIDv2.hashAlgorithm').oid : SHA256_OID,
    certHash: asn1.octetStringBer(parts[hasAlg ? 1 : 0], 'ESSCertIDv2.certHash'),
  };
}

/** Values of a signed attribute that must occur once with one value (BouncyCastle's rule for contentType, messageDigest, signingTime). */
export function singleValuedAttribute(attrs: CmsAttribute[], oid: string, name: string): AsnType | undefined {
  const found = attrs.filter((a) => a.oid === oid);
  if (found.length === 0) return undefined;
  if (found.length > 1) throw new Asn1StructureError(`signed attributes must not include multiple instances of the ${name} attribute`);
  if (found[0]!.values.length !== 1) throw new Asn1StructureError(`the ${name} attribute must have a single attribute value`);
  return found[0]!.values[0];
}

export function digestAlgorithmOf(ai: AlgorithmIdentifier): HashAlgorithm | undefined {
  return hashAlgorithmFromOid(ai.oid);
}
