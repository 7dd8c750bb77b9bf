// Builds time-stamp tokens that X-Road 7.8 accepts (corrections.md §3 "TSA"): one SignerInfo
// whose signed attributes carry content-type id-ct-TSTInfo, message-digest, an ESS
// signing-certificate attribute (v2 by default) and signingTime (as OpenSSL adds it, so the TSA
// certificate must be valid then). The signature covers the DER SET OF, sorted, which is what
// BouncyCastle and OpenSSL recompute.
import { createHash, sign as cryptoSign, type KeyObject, type X509Certificate } from 'node:crypto';
import { cmsTime, explicit, generalizedTime, implicitPrimitive, int, nullValue, octets, oid, seq, setOf, tlv } from './der-writer.js';
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

const RSA_SIG_OID: Partial<Record<HashAlgorithm, string>> = {
  sha1: Oids.sha1WithRsa,
  sha224: Oids.sha224WithRsa,
  sha256: Oids.sha256WithRsa,
  sha384: Oids.sha384WithRsa,
  sha512: Oids.sha512WithRsa,
};
const ECDSA_SIG_OID: Partial<Record<HashAlgorithm, string>> = {
  sha1: Oids.ecdsaWithSha1,
  sha224: Oids.ecdsaWithSha224,
  sha256: Oids.ecdsaWithSha256,
  sha384: Oids.ecdsaWithSha384,
  sha512: Oids.ecdsaWithSha512,
};

const algId = (o: string, withNull = true) => (withNull ? seq(oid(o), nullValue()) : seq(oid(o)));

export function encodeTstInfo(o: BuildTimestampTokenOptions, genTime: Date): Buffer {
  const parts = [
    int(1),
    oid(o.policy),
    seq(algId(hashAlgorithmOid(o.messageImprint.hashAlgorithm)), octets(o.messageImprint.hashedMessage)),
    int(o.serialNumber),
    generalizedTime(genTime),
  ];
  if (o.accuracy) {
    const a = o.accuracy;
    const acc: Buffer[] = [];
    if (a.seconds) acc.push(int(a.seconds));
    if (a.millis) acc.push(implicitPrimitive(0, int(a.millis).subarray(2)));
    if (a.micros) acc.push(implicitPrimitive(1, int(a.micros).subarray(2)));
    parts.push(seq(...acc));
  }
  // ordering DEFAULT FALSE is omitted in DER.
  if (o.nonce !== undefined) parts.push(int(o.nonce));
  if (o.includeTsaName ?? true) parts.push(explicit(0, explicit(4, certificateIdentity(o.signer.cert).subject.der)));
  return seq(...parts);
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
  const issuerSerial = seq(seq(explicit(4, id.issuer.der)), int(id.serialNumber));
  if (version === 1) {
    const certId = seq(octets(createHash('sha1').update(cert.raw).digest()), issuerSerial);
    return seq(oid(Oids.signingCertificate), setOf(seq(seq(certId))));
  }
  // ESSCertIDv2.hashAlgorithm DEFAULT sha256: omitted in DER.
  const certId = seq(octets(createHash('sha256').update(cert.raw).digest()), issuerSerial);
  return seq(oid(Oids.signingCertificateV2), setOf(seq(seq(certId))));
}

export function signatureAlgorithmFor(key: KeyObject, hash: HashAlgorithm): { oid: string; algId: Buffer } {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return { oid: RSA_SIG_OID[hash]!, algId: algId(RSA_SIG_OID[hash]!) };
  if (type === 'ec') return { oid: ECDSA_SIG_OID[hash]!, algId: algId(ECDSA_SIG_OID[hash]!, false) };
  if (type === 'ed25519') return { oid: Oids.ed25519, algId: algId(Oids.ed25519, false) };
  throw new RangeError(`unsupported TSA key type ${type}`);
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
    seq(oid(Oids.contentType), setOf(oid(Oids.tstInfo))),
    seq(oid(Oids.messageDigest), setOf(octets(digest(hash, tstInfoDer)))),
  ];
  const ess = o.essCertIdVersion ?? 2;
  if (ess !== 'none') attrs.push(essAttribute(o.signer.cert, ess));
  const signingTime = o.signingTime === undefined ? genTime : o.signingTime;
  if (signingTime) attrs.push(seq(oid(Oids.signingTime), setOf(cmsTime(signingTime))));
  const signedAttrsSet = setOf(...attrs);
  const sigAlg = signatureAlgorithmFor(o.signer.privateKey, hash);
  const signature = cryptoSign(o.signer.privateKey.asymmetricKeyType === 'ed25519' ? null : hash, signedAttrsSet, o.signer.privateKey);

  const signerInfo = seq(
    int(1),
    seq(id.issuer.der, int(id.serialNumber)),
    algId(hashAlgorithmOid(hash)),
    Buffer.concat([Buffer.from([0xa0]), signedAttrsSet.subarray(1)]), // [0] IMPLICIT SET
    sigAlg.algId,
    octets(signature),
  );
  const certs = o.certificates?.length ? [tlv(0xa0, ...o.certificates.map((c) => c.raw))] : [];
  const signedData = seq(
    int(3),
    setOf(algId(hashAlgorithmOid(hash))),
    seq(oid(Oids.tstInfo), explicit(0, octets(tstInfoDer))),
    ...certs,
    setOf(signerInfo),
  );
  const der = seq(oid(Oids.signedData), explicit(0, signedData));
  const signatureOffset = der.lastIndexOf(signature);
  return { der, genTime, tstInfoDer, signatureOffset, signatureLength: signature.length };
}


