// X-Road's TimestampVerifier (globalconf-impl, 7.8) re-stated: the imprint must be the digest of
// the stamped data under the token's own hash algorithm; the SID must name an approvedTSA
// certificate; the SignerInfo must verify with it. genTime is then the ASiC verification time
// (CATALOG §1). What X-Road does NOT check, we do not either: the TSA cert's chain, its EKU, the
// ESS certHash, genTime against now, or the cert's validity at genTime (only at signingTime).
import { timingSafeEqual, type X509Certificate } from 'node:crypto';
import type { ApprovedTsa, VerificationTrust } from '../trust/index.js';
import { digest, type HashAlgorithm } from './hash-algorithms.js';
import { verifySignerInfo } from './signer-info-verifier.js';
import { describeSignerIdentifier, signerIdentifierMatches } from './signer-identifier.js';
import { timestampError, TimestampErrorCodes } from './timestamp-error-codes.js';
import { parseTimestampToken, singleValuedAttribute, type TimestampToken } from './timestamp-token.js';
import { Oids } from './oids.js';
import { asn1 } from './asn1.js';
import type { TstInfo } from './tst-info.js';

export interface ExpectedImprint {
  /** When given, the token must use this algorithm too. */
  hashAlgorithm?: HashAlgorithm;
  digest: Uint8Array;
}

export type TimestampTrust = Pick<VerificationTrust, 'approvedTsas'>;

export interface VerifyTimestampOptions {
  /**
   * The bytes that were stamped: for a batch time-stamp the ts-hashchainresult.xml bytes, for a
   * single one the raw decoded ds:SignatureValue bytes (CATALOG §1 "Timestamp imprint").
   */
  stampedData?: Uint8Array;
  /** Alternative to stampedData when only the digest is at hand. */
  imprint?: ExpectedImprint;
  trust: TimestampTrust;
}

export interface VerifiedTimestamp {
  /** TSTInfo.genTime: the verification time of an ASiC container. */
  genTime: Date;
  signerCert: X509Certificate;
  tsa: ApprovedTsa;
  tstInfo: TstInfo;
  token: TimestampToken;
  /** The CMS signingTime signed attribute, if the TSA added one. */
  signingTime?: Date;
}

/** Full verification of a token (DER or already parsed) against stamped data or an imprint. */
export function verifyTimestampToken(token: Uint8Array | TimestampToken, options: VerifyTimestampOptions): VerifiedTimestamp {
  const parsed = isParsed(token) ? token : parseTimestampToken(token);
  checkImprint(parsed.tstInfo, options);
  return verifyTimestampSignature(parsed, options.trust);
}

/** The signer half alone (X-Road's verify(token, tspCerts)), for callers that compared the imprint already. */
export function verifyTimestampSignature(token: Uint8Array | TimestampToken, trust: TimestampTrust): VerifiedTimestamp {
  const parsed = isParsed(token) ? token : parseTimestampToken(token);
  if (trust.approvedTsas.length === 0) {
    throw timestampError(TimestampErrorCodes.noTimestampingProviderFound, 'No TSP service providers are configured.');
  }
  const tsa = findApprovedTsa(parsed, trust);
  if (!tsa) {
    throw timestampError(
      TimestampErrorCodes.tspCertificateNotFound,
      `Could not find TSP certificate for timestamp (signer ${describeSignerIdentifier(parsed.signerInfo.sid)})`,
    );
  }
  verifySignerInfo(parsed, tsa.cert);
  const st = singleValuedAttribute(parsed.signerInfo.signedAttributes, Oids.signingTime, 'signing-time');
  return {
    genTime: parsed.tstInfo.genTime,
    signerCert: tsa.cert,
    tsa,
    tstInfo: parsed.tstInfo,
    token: parsed,
    signingTime: st ? asn1.time(st, 'signingTime') : undefined,
  };
}

/** The approved TSA whose certificate the token's SID names (X-Road's getSignerCertificate). */
export function findApprovedTsa(token: TimestampToken, trust: TimestampTrust): ApprovedTsa | undefined {
  return trust.approvedTsas.find((t) => signerIdentifierMatches(token.signerInfo.sid, t.cert));
}

function checkImprint(info: TstInfo, options: VerifyTimestampOptions): void {
  const { hashAlgorithm, hashAlgorithmOid, hashedMessage } = info.messageImprint;
  if (!hashAlgorithm) {
    throw timestampError(TimestampErrorCodes.internalError, `Unsupported time-stamp imprint hash algorithm ${hashAlgorithmOid}`);
  }
  let expected: Buffer;
  if (options.stampedData) {
    expected = digest(hashAlgorithm, options.stampedData);
  } else if (options.imprint) {
    if (options.imprint.hashAlgorithm && options.imprint.hashAlgorithm !== hashAlgorithm) {
      throw timestampError(
        TimestampErrorCodes.malformedSignature,
        `Timestamp hashes do not match (token uses ${hashAlgorithm}, expected ${options.imprint.hashAlgorithm})`,
      );
    }
    expected = Buffer.from(options.imprint.digest);
  } else {
    throw new TypeError('verifyTimestampToken needs stampedData or imprint');
  }
  if (expected.length !== hashedMessage.length || !timingSafeEqual(expected, hashedMessage)) {
    throw timestampError(TimestampErrorCodes.malformedSignature, 'Timestamp hashes do not match');
  }
}

function isParsed(t: Uint8Array | TimestampToken): t is TimestampToken {
  return !(t instanceof Uint8Array);
}
