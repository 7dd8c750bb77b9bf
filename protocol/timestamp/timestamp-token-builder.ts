// Builds time-stamp tokens that X-Road 7.8 accepts (corrections.md §3 "TSA"): one SignerInfo
// whose signed attributes carry content-type id-ct-TSTInfo, message-digest, an ESS
// signing-certificate attribute (v2 by default) and signingTime (as OpenSSL adds it, so the TSA
// certificate must be valid then). The signature covers the DER SET OF, sorted, which is what
// BouncyCastle and OpenSSL recompute.
import { createHash, sign as cryptoSign, type KeyObject, type X509Certificate } from 'node:crypto';
import {
  algorithmIdentifier,
  cmsTime,
  explicit,
  generalizedTime,
  implicitPrimitive,
  integer,
  nullValue,
  objectIdentifier,
  octetString,
  sequence,
  setOf,
  tlv,
} from '../asn1/der-writer.js';
import { naturalSignatureAlgorithm } from '../asn1/signature-algorithms.js';
import { digest, hashAlgorithmOid, type HashAlgorithm } from './hash-algorithms.js';
import { Oids } from './oids.js';
import { certificateIdentity } from './signer-identifier.js';
import type { Accuracy } from './tst-info.js';

export interface TimestampSigner {
  cert: X509Certificate;
  privateKey: KeyObject;
}

export interface BuildTimestampTokenOptions {
  /** Copied from the request: the algorithm and the digest of the stamped data. */
  messageImprint: { hashAlgorithm: HashAlgorithm; hashedMessage: Uint8Array };
  signer: TimestampSigner;
  /** TSA policy OID. */
  policy: string;
  serialNumber: bigint;
  genTime?: Date;
  accuracy?: Accuracy;
  nonce?: bigint;
  /** Put the signer's subject into TSTInfo.tsa (OpenSSL's tsa_name). Default true. */
  includeTsaName?: boolean;
  /** Certificates for SignedData.certificates (the signer's when the request set certReq). */
  certificates?: X509Certificate[];
  /** Digest of the SignerInfo (and of ESSCertIDv2 when it is SHA-256). Default sha256. */
  digestAlgorithm?: HashAlgorithm;
  /**
   * ESS signing-certificate attribute version. Default 2 (SigningCertificateV2, SHA-256).
   * 'none' leaves it out: a token X-Road refuses (TSA-002), for negative tests.
   */
  essCertIdVersion?: 1 | 2 | 'none';
  /** signingTime attribute: a date, `false` to omit it; default genTime. */
  signingTime?: Date | false;
}

/** AlgorithmIdentifier of a digest, with the explicit NULL BouncyCastle and OpenSSL write. */
const digestAlgorithmId = (hash: HashAlgorithm) => algorithmIdentifier(hashAlgorithmOid(hash), nullValue());

export function encodeTstInfo(o: BuildTimestampTokenOptions, genTime: Date): Buffer {
  const parts = [
    integer(1),
    objectIdentifier(o.policy),
    sequence(digestAlgorithmId(o.messageImprint.hashAlgorithm), octetString(o.messageImprint.hashedMessage)),
    integer(o.serialNumber),
    generalizedTime(genTime),
  ];
  if (o.accuracy) {
    const a = o.accuracy;
    const acc: Buffer[] = [];
    if (a.seconds) acc.push(integer(a.seconds));
    if (a.millis) acc.push(implicitPrimitive(0, integer(a.millis).subarray(2)));
    if (a.micros) acc.push(implicitPrimitive(1, integer(a.micros).subarray(2)));
    parts.push(sequence(...acc));
  }
  // ordering DEFAULT FALSE is omitted in DER.
  if (o.nonce !== undefined) parts.push(integer(o.nonce));
  if (o.includeTsaName ?? true) parts.push(explicit(0, explicit(4, certificateIdentity(o.signer.cert).subject.der)));
  return sequence(...parts);
}

// The ESS attribute depends only on the certificate: a TSA reuses it for every token.
const essCache = new WeakMap<X509Certificate, Map<1 | 2, Buffer>>();

function essAttribute(cert: X509Certificate, version: 1 | 2): Buffer {
  let perVersion = essCache.get(cert);
  if (!perVersion) essCache.set(cert, (perVersion = new Map()));
  let attr = perVersion.get(version);
  if (!attr) perVersion.set(version, (attr = encodeEssAttribute(cert, version)));
  return attr;
}

function encodeEssAttribute(cert: X509Certificate, version: 1 | 2): Buffer {
  const id = certificateIdentity(cert);
  // IssuerSerial: GeneralNames with the issuer as directoryName, and the serial.
  const issuerSerial = sequence(sequence(explicit(4, id.issuer.der)), integer(id.serialNumber));
  if (version === 1) {
    const certId = sequence(octetString(createHash('sha1').update(cert.raw).digest()), issuerSerial);
    return sequence(objectIdentifier(Oids.signingCertificate), setOf(sequence(sequence(certId))));
  }
  // ESSCertIDv2.hashAlgorithm DEFAULT sha256: omitted in DER.
  const certId = sequence(octetString(createHash('sha256').update(cert.raw).digest()), issuerSerial);
  return sequence(objectIdentifier(Oids.signingCertificateV2), setOf(sequence(sequence(certId))));
}

export function signatureAlgorithmFor(key: KeyObject, hash: HashAlgorithm): { oid: string; algId: Buffer } {
  const alg = naturalSignatureAlgorithm(key.asymmetricKeyType, hash);
  if (!alg) throw new RangeError(`unsupported TSA key type ${key.asymmetricKeyType}`);
  return { oid: alg.oid, algId: alg.der };
}

export interface BuiltTimestampToken {
  der: Buffer;
  genTime: Date;
  tstInfoDer: Buffer;
  /** Offset of the signature value inside `der` (a fault knob flips a byte there). */
  signatureOffset: number;
  signatureLength: number;
}

/** A ContentInfo(SignedData(TSTInfo)) token. */
export function buildTimestampToken(o: BuildTimestampTokenOptions): BuiltTimestampToken {
  const genTime = o.genTime ?? new Date();
  const hash = o.digestAlgorithm ?? 'sha256';
  const tstInfoDer = encodeTstInfo(o, genTime);
  const id = certificateIdentity(o.signer.cert);

  const attrs = [
    sequence(objectIdentifier(Oids.contentType), setOf(objectIdentifier(Oids.tstInfo))),
    sequence(objectIdentifier(Oids.messageDigest), setOf(octetString(digest(hash, tstInfoDer)))),
  ];
  const ess = o.essCertIdVersion ?? 2;
  if (ess !== 'none') attrs.push(essAttribute(o.signer.cert, ess));
  const signingTime = o.signingTime === undefined ? genTime : o.signingTime;
  if (signingTime) attrs.push(sequence(objectIdentifier(Oids.signingTime), setOf(cmsTime(signingTime))));
  const signedAttrsSet = setOf(...attrs);
  const sigAlg = signatureAlgorithmFor(o.signer.privateKey, hash);
  const signature = cryptoSign(o.signer.privateKey.asymmetricKeyType === 'ed25519' ? null : hash, signedAttrsSet, o.signer.privateKey);

  const signerInfo = sequence(
    integer(1),
    sequence(id.issuer.der, integer(id.serialNumber)),
    digestAlgorithmId(hash),
    Buffer.concat([Buffer.from([0xa0]), signedAttrsSet.subarray(1)]), // [0] IMPLICIT SET
    sigAlg.algId,
    octetString(signature),
  );
  const certs = o.certificates?.length ? [tlv(0xa0, ...o.certificates.map((c) => c.raw))] : [];
  const signedData = sequence(
    integer(3),
    setOf(digestAlgorithmId(hash)),
    sequence(objectIdentifier(Oids.tstInfo), explicit(0, octetString(tstInfoDer))),
    ...certs,
    setOf(signerInfo),
  );
  const der = sequence(objectIdentifier(Oids.signedData), explicit(0, signedData));
  const signatureOffset = der.lastIndexOf(signature);
  return { der, genTime, tstInfoDer, signatureOffset, signatureLength: signature.length };
}


