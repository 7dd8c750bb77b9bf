// Verifies the token's one SignerInfo against a chosen certificate the way BouncyCastle's
// SignerInformation.verify does for X-Road's TimestampVerifier. Every failure is
// `mlog.timestamp_signer_verification_failed` (X-Road catches any exception there), with a
// message naming the check. Certificate validity is checked only at the signed signingTime when
// the attribute is present (corrections.md §1), never at genTime or now.
import { verify as cryptoVerify, type KeyObject, type X509Certificate } from 'node:crypto';
import type { AsnType } from 'asn1js';
import { Asn1StructureError, isContext, isUniversal, Tag } from '../asn1/der-reader.js';
import { asn1 } from './asn1.js';
import { hashOfEcdsaSignature, hashOfRsaSignature } from '../asn1/signature-algorithms.js';
import { digest, hashAlgorithmFromOid, type HashAlgorithm } from './hash-algorithms.js';
import { Oids } from './oids.js';
import { timestampError, TimestampErrorCodes } from './timestamp-error-codes.js';
import { singleValuedAttribute, type AlgorithmIdentifier, type TimestampToken } from './timestamp-token.js';

const COUNTER_SIGNATURE_OID = '1.2.840.113549.1.9.6';

class SignerCheckFailed extends Error {}

export function verifySignerInfo(token: TimestampToken, cert: X509Certificate): void {
  try {
    runChecks(token, cert);
  } catch (e) {
    if (e instanceof SignerCheckFailed || e instanceof Asn1StructureError) {
      throw timestampError(
        TimestampErrorCodes.timestampSignerVerificationFailed,
        `Failed to verify timestamp signer information: ${e.message}`,
        e,
      );
    }
    throw e;
  }
}

function fail(message: string): never {
  throw new SignerCheckFailed(message);
}

function runChecks(token: TimestampToken, cert: X509Certificate): void {
  const si = token.signerInfo;
  const attrs = si.signedAttributes;

  const signingTimeValue = singleValuedAttribute(attrs, Oids.signingTime, 'signing-time');
  if (signingTimeValue) {
    const signingTime = asn1.time(signingTimeValue, 'signingTime attribute');
    const notBefore = new Date(cert.validFrom);
    const notAfter = new Date(cert.validTo);
    if (signingTime < notBefore || signingTime > notAfter) {
      fail(`TSA certificate not valid at signingTime ${signingTime.toISOString()} (valid ${notBefore.toISOString()} .. ${notAfter.toISOString()})`);
    }
  }

  const digestAlg = hashAlgorithmFromOid(si.digestAlgorithm.oid) ?? fail(`unsupported SignerInfo digest algorithm ${si.digestAlgorithm.oid}`);
  const scheme = signatureScheme(si.signatureAlgorithm, digestAlg, cert.publicKey);

  const contentType = singleValuedAttribute(attrs, Oids.contentType, 'content-type');
  if (!contentType) fail('the content-type attribute must be present whenever signed attributes are present');
  if (!isUniversal(contentType, Tag.oid)) fail("content-type attribute value is not an OBJECT IDENTIFIER");
  if (asn1.oid(contentType, 'content-type') !== Oids.tstInfo) fail('content-type attribute value does not match eContentType');

  const protect = singleValuedAttribute(attrs, Oids.cmsAlgorithmProtect, 'cmsAlgorithmProtect');
  if (protect) checkAlgorithmProtection(protect, si.digestAlgorithm, si.signatureAlgorithm);

  const md = singleValuedAttribute(attrs, Oids.messageDigest, 'message-digest');
  if (!md) fail('the message-digest signed attribute must be present when there are any signed attributes');
  if (!isUniversal(md, Tag.octetString)) fail('message-digest attribute value is not an OCTET STRING');
  if (!asn1.octetStringBer(md, 'message-digest').equals(digest(digestAlg, token.eContent))) {
    fail('message-digest attribute value does not match calculated value');
  }

  if (attrs.some((a) => a.oid === COUNTER_SIGNATURE_OID)) fail('a countersignature attribute must not be a signed attribute');

  if (!scheme.verify(si.signedAttributesDer, si.signature)) fail('signature does not verify with the TSA certificate');
}

interface SignatureScheme {
  verify(data: Buffer, signature: Buffer): boolean;
}

/** Signature algorithm name as BouncyCastle's CMS name generator derives it from the two OIDs. */
function signatureScheme(sigAlg: AlgorithmIdentifier, digestAlg: HashAlgorithm, key: KeyObject): SignatureScheme {
  const keyType = key.asymmetricKeyType;
  const requireKey = (want: string) => {
    if (keyType !== want) fail(`signature algorithm ${sigAlg.oid} needs a ${want} key, TSA certificate has ${keyType}`);
  };
  const plain = (hash: HashAlgorithm | null): SignatureScheme => ({
    verify: (data, sig) => safeVerify(() => cryptoVerify(hash, data, key, sig)),
  });
  const rsaHash = hashOfRsaSignature(sigAlg.oid);
  const ecdsaHash = hashOfEcdsaSignature(sigAlg.oid);
  if (sigAlg.oid === Oids.rsaEncryption || rsaHash) {
    requireKey('rsa');
    return plain(rsaHash ?? digestAlg);
  }
  if (sigAlg.oid === Oids.ecPublicKey || ecdsaHash) {
    requireKey('ec');
    return plain(ecdsaHash ?? digestAlg);
  }
  if (sigAlg.oid === Oids.ed25519) {
    requireKey('ed25519');
    return plain(null);
  }
  if (sigAlg.oid === Oids.rsassaPss) {
    if (keyType !== 'rsa' && keyType !== 'rsa-pss') fail(`RSASSA-PSS needs an RSA key, TSA certificate has ${keyType}`);
    const pss = readPssParams(sigAlg.parameters);
    return {
      verify: (data, sig) =>
        safeVerify(() => cryptoVerify(pss.hash, data, { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: pss.saltLength }, sig)),
    };
  }
  fail(`unsupported signature algorithm ${sigAlg.oid}`);
}

function safeVerify(f: () => boolean): boolean {
  try {
    return f();
  } catch {
    return false;
  }
}

/** RSASSA-PSS-params (RFC 4055 §3.1); MGF1 must use the same hash, as BouncyCastle's JCA verifier requires. */
function readPssParams(params: AsnType | undefined): { hash: HashAlgorithm; saltLength: number } {
  let hash: HashAlgorithm = 'sha1';
  let mgfHash: HashAlgorithm = 'sha1';
  let saltLength = 20;
  if (params && isUniversal(params, Tag.sequence)) {
    for (const p of asn1.sequence(params, 'RSASSA-PSS-params')) {
      const [inner] = (p.valueBlock as unknown as { value: AsnType[] }).value ?? [];
      if (isContext(p, 0)) hash = hashFromAlgId(inner);
      else if (isContext(p, 1)) {
        const [mgfOid, mgfParams] = asn1.sequence(inner, 'maskGenAlgorithm');
        if (asn1.oid(mgfOid, 'maskGenAlgorithm') !== Oids.mgf1) fail('RSASSA-PSS: mask generation function is not MGF1');
        mgfHash = hashFromAlgId(mgfParams);
      } else if (isContext(p, 2)) saltLength = Number(asn1.integer(inner, 'saltLength'));
    }
  }
  if (mgfHash !== hash) fail('RSASSA-PSS: MGF1 hash differs from the message hash');
  return { hash, saltLength };
}

function hashFromAlgId(block: AsnType | undefined): HashAlgorithm {
  const [oid] = asn1.sequence(block, 'AlgorithmIdentifier');
  const o = asn1.oid(oid, 'AlgorithmIdentifier.algorithm');
  return hashAlgorithmFromOid(o) ?? fail(`unsupported hash algorithm ${o}`);
}

/** RFC 6211: CMSAlgorithmProtection must repeat the SignerInfo's algorithms (NULL and absent parameters are equivalent). */
function checkAlgorithmProtection(value: AsnType, digestAlg: AlgorithmIdentifier, sigAlg: AlgorithmIdentifier): void {
  const parts = asn1.sequence(value, 'CMSAlgorithmProtection');
  const [d] = parts;
  const s = parts.find((p) => isContext(p, 1));
  if (!s) fail('CMS Algorithm Identifier Protection check failed: no signatureAlgorithm');
  const sameAlg = (a: AsnType | undefined, b: AlgorithmIdentifier, implicit: boolean) => {
    const kids = implicit ? (a!.valueBlock as unknown as { value: AsnType[] }).value : asn1.sequence(a, 'AlgorithmIdentifier');
    const oid = asn1.oid(kids[0], 'AlgorithmIdentifier.algorithm');
    const pa = kids[1];
    const pb = b.parameters;
    const isNullish = (x: AsnType | undefined) => !x || isUniversal(x, Tag.null);
    if (oid !== b.oid) return false;
    if (isNullish(pa) && isNullish(pb)) return true;
    return !!pa && !!pb && Buffer.from(pa.valueBeforeDecodeView).equals(Buffer.from(pb.valueBeforeDecodeView));
  };
  if (!sameAlg(d, digestAlg, false)) fail('CMS Algorithm Identifier Protection check failed for digestAlgorithm');
  if (!sameAlg(s, sigAlg, true)) fail('CMS Algorithm Identifier Protection check failed for signatureAlgorithm');
}
