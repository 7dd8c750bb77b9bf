// Full verification of an ASiC container as X-Road's AsicContainerVerifier does it (CATALOG
// "ASiC container full verification"; corrections.md §1), in its order:
//   structure -> signature document -> signer from message.xml -> the signature must reference
//   /message.xml or /sig-hashchainresult.xml -> time-stamp (batch: ts-hashchain must link
//   /META-INF/signatures.xml, imprint over ts-hashchainresult.xml; embedded: imprint over the raw
//   SignatureValue bytes) whose genTime becomes the verification time -> the signature itself
//   (schema check off, references and hash chain resolved from the container, certificate path
//   and OCSP at genTime).
// Attachment digests that a hash chain names but X-Road takes on trust become warnings.
import { ErrorCodes, isXRoadError, XRoadError } from '../faults/index.js';
import type { HashChainResolver } from '../hashchain/hash-chain-verifier.js';
import { verifyHashChain } from '../hashchain/hash-chain-verifier.js';
import { isAttachment, MESSAGE, SIG_HASH_CHAIN_RESULT, SIGNATURE } from '../hashchain/message-file-names.js';
import { idToShortString, type ClientId } from '../identifiers/index.js';
import { parseOcspResponse } from '../ocsp/index.js';
import { readSignatureDocument, referencesUri, signatureTimestampToken, type SignatureDocument } from '../signature/signature-document.js';
import type { ReferenceResolver } from '../signature/signature-references.js';
import { verifySignature } from '../signature/signature-verifier.js';
import { sameMember } from '../signature/signer-identity.js';
import { verifyTimestampToken } from '../timestamp/index.js';
import type { VerificationTrust } from '../trust/index.js';
import { AsicErrorCodes } from './asic-error-codes.js';
import type { AsicContainer } from './container.js';
import { readAsicContainer } from './container-reader.js';
import { messageSignerOrDeferred } from './message-signer.js';
import { validVerdict, verdictFromError, type AsicVerdict, type AsicVerdictDetails } from './verdict.js';

export interface VerifyAsicOptions {
  trust: VerificationTrust;
  /** When given, the signature must be this member's (instance, class, code); else the sender message.xml names. */
  expectedSigner?: ClientId;
}

function malformed(message: string, cause?: unknown): XRoadError {
  return new XRoadError(ErrorCodes.malformedSignature, message, undefined, { cause });
}

/** Resolves hash-chain parts from the container; attachments (digests only) are taken on trust, noted in `notes`. */
function hashChainResolver(c: AsicContainer, notes: { warnings: string[]; verified: string[] }): HashChainResolver {
  return {
    resolve: (uri) => c.getEntry(uri),
    shouldResolve: (uri, digestValue) => {
      if (c.hasEntry(uri)) return true;
      const hex = Buffer.from(digestValue).toString('hex');
      const inContainer = isAttachment(uri) ? c.getAttachmentDigest(uri) : undefined;
      if (inContainer?.equals(Buffer.from(digestValue))) notes.verified.push(`The digest for "${uri}" is: ${hex} (verified)`);
      else if (inContainer) notes.warnings.push(`hash chain digest for ${uri} (${hex}) differs from the SHA-512 of the container's ${uri.slice(1)}; X-Road takes it on trust`);
      else notes.warnings.push(`hash chain names ${uri} (digest ${hex}), which the container does not hold; taken on trust as X-Road does`);
      return false;
    },
  };
}

/** X-Road's signature resource resolver: attachments by their SHA-512, other parts by bytes. */
function referenceResolver(c: AsicContainer): ReferenceResolver {
  return (uri) => {
    if (isAttachment(uri)) {
      const d = c.getAttachmentDigest(uri);
      return d ? { digest: d } : undefined;
    }
    const data = c.getEntry(uri);
    return data ? { data } : undefined;
  };
}

function verifyTimestamp(c: AsicContainer, doc: SignatureDocument, trust: VerificationTrust, details: AsicVerdictDetails): Date {
  const token = c.timestampToken ?? signatureTimestampToken(doc);
  if (!token || token.length === 0) {
    throw new XRoadError(AsicErrorCodes.timestampNotFound, 'container has no time-stamp: neither META-INF/timestamp.tst nor a SignatureTimeStamp in the signature');
  }
  let stampedData: Uint8Array;
  const tsResult = c.tsHashChainResult;
  if (tsResult !== undefined) {
    try {
      verifyHashChain(tsResult, { resolve: (uri) => c.getEntry(uri), shouldResolve: (uri) => c.hasEntry(uri) }, new Map([[SIGNATURE, null]]));
    } catch (err) {
      // Any failure in the time-stamp hash chain is plain malformed_signature (corrections.md §1).
      throw malformed(`Failed to verify time-stamp hash chain: ${(err as Error).message}`, err);
    }
    stampedData = tsResult;
  } else {
    stampedData = doc.signatureValue;
  }
  const ts = verifyTimestampToken(token, { stampedData, trust });
  details.batchTimestamp = tsResult !== undefined;
  details.timestampGenTime = ts.genTime;
  details.timestampSigner = ts.tsa.name;
  return ts.genTime;
}

function ocspProducedAt(der: Buffer): Date | undefined {
  try {
    return parseOcspResponse(der).basic?.producedAt;
  } catch {
    return undefined;
  }
}

/** Verifies a container already read (structure-checked) into memory. */
export function verifyAsicContents(c: AsicContainer, options: VerifyAsicOptions): AsicVerdict {
  const details: AsicVerdictDetails = {};
  const notes = { warnings: [] as string[], verified: [] as string[] };
  try {
    const doc = readSignatureDocument(c.signatureXml!);
    const fromMessage = messageSignerOrDeferred(c.message!);
    const derived = 'signer' in fromMessage ? fromMessage.signer : undefined;
    const signer = options.expectedSigner ?? derived;
    if (options.expectedSigner && derived && !sameMember(options.expectedSigner, derived)) {
      notes.warnings.push(`message.xml names ${idToShortString(derived)} as the signer; verified against the expected ${idToShortString(options.expectedSigner)}`);
    }
    if (signer) details.signer = idToShortString(signer);
    details.batchSignature = referencesUri(doc, SIG_HASH_CHAIN_RESULT);
    if (!referencesUri(doc, MESSAGE) && !details.batchSignature) {
      throw malformed(`Signature does not reference '${MESSAGE}' or '${SIG_HASH_CHAIN_RESULT}'`);
    }
    const atDate = verifyTimestamp(c, doc, options.trust, details);
    if (!signer) throw (fromMessage as { deferred: XRoadError }).deferred;
    const verified = verifySignature({
      signatureXml: doc,
      signer,
      trust: options.trust,
      atDate,
      // X-Road adds the message as a required part without data: the hash chain must use it.
      parts: [{ name: MESSAGE }],
      hashChainResult: c.sigHashChainResult,
      hashChain: c.sigHashChain,
      hashChainResolver: hashChainResolver(c, notes),
      resolveReference: referenceResolver(c),
      verifySchema: false,
    });
    details.signingCertificateSubject = verified.signingCert.subject.replace(/\n/g, ', ');
    details.ocspProducedAt = ocspProducedAt(verified.ocspResponse);
    details.attachmentDigests = notes.verified;
    return validVerdict(`signature by ${details.signer} valid at time-stamp ${atDate.toISOString()}`, details, notes.warnings);
  } catch (err) {
    // X-Road translates any uncoded exception to internal_error and reports the container as
    // failed; so do we, so that one odd container does not stop an archive run.
    const coded = isXRoadError(err) ? err : new XRoadError(ErrorCodes.internalError, `${(err as Error)?.message ?? String(err)}`, undefined, { cause: err });
    return verdictFromError(coded, details, notes.warnings);
  }
}

/**
 * Reads and verifies a container. Returns a verdict (valid, or invalid with X-Road's code);
 * throws UnusableInputError for bytes that are no usable zip (empty, truncated, corrupted).
 */
export async function verifyAsicContainer(bytes: Buffer, options: VerifyAsicOptions): Promise<AsicVerdict> {
  let c: AsicContainer;
  try {
    c = await readAsicContainer(bytes);
  } catch (err) {
    return verdictFromError(err);
  }
  return verifyAsicContents(c, options);
}
