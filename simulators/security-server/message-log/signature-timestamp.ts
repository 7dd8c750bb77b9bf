// The single-record time-stamp (TSA-003): its imprint is the digest of the raw decoded
// ds:SignatureValue bytes (CATALOG §1 "Timestamp imprint", X-Road's SingleTimestampRequest), and
// the token goes into the signature as the first xades:UnsignedSignatureProperties child
// (protocol/signature's addSignatureTimestamp, X-Road's Signature.addSignatureTimestamp). The rest
// of signatures.xml is kept byte for byte; the result is read back before it is stored.
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import { readSignatureDocument, signatureTimestampToken } from '../../../protocol/signature/index.js';
import { addSignatureTimestamp } from '../../../protocol/signature/signature-builder.js';

/** The decoded bytes of ds:SignatureValue: what a single time-stamp's imprint is computed over. */
export function signatureValueBytes(signatureXml: Buffer): Buffer {
  return readSignatureDocument(signatureXml).signatureValue;
}

/** signatures.xml with the token embedded as xades:SignatureTimeStamp. */
export function embedSignatureTimestamp(signatureXml: Buffer, tokenDer: Buffer): Buffer {
  let stamped: Buffer;
  try {
    stamped = Buffer.from(addSignatureTimestamp(signatureXml.toString('utf8'), tokenDer), 'utf8');
  } catch (e) {
    throw new XRoadError(ErrorCodes.malformedSignature, `Cannot embed the time-stamp: ${(e as Error).message}`, undefined, { cause: e });
  }
  if (!embeddedSignatureTimestamp(stamped)?.equals(tokenDer)) {
    throw new XRoadError(ErrorCodes.malformedSignature, 'The embedded time-stamp does not read back from the signature');
  }
  return stamped;
}

/** The embedded xades:SignatureTimeStamp token, if the signature carries one. */
export function embeddedSignatureTimestamp(signatureXml: Buffer): Buffer | undefined {
  return signatureTimestampToken(readSignatureDocument(signatureXml));
}
