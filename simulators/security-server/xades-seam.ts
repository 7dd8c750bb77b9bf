// The one place the security server meets protocol/signature (XAdES builder and verifier, SIG-003..010).
// TODO(protocol/signature): protocol/signature is being written; until it lands both functions
// fail with the X-Road codes a server without a working signer/verifier would give, so every
// other part of the message path can be built and tested up to this seam.
import type { ClientId } from '../../protocol/identifiers/index.js';
import type { SignedPartDigest } from '../../protocol/transport/index.js';
import type { VerificationTrust } from '../../protocol/trust/index.js';
import { ErrorCodes, XRoadError } from '../../protocol/faults/index.js';
import type { KeyMaterial } from './server-conf.js';

export interface XadesSignInput {
  key: KeyMaterial;
  /** DER OCSP responses for the signing cert (and intermediates), for RevocationValues. */
  ocspResponses: Buffer[];
  /** The one signed data object: `/message.xml` or `/sig-hashchainresult.xml` with its SHA-512. */
  reference: { uri: string; digest: Buffer; mimeType: string };
}

export async function buildXadesSignature(_input: XadesSignInput): Promise<Buffer> {
  throw new XRoadError(ErrorCodes.cannotCreateSignature, 'XAdES signature builder (protocol/signature) is not available yet');
}

export interface XadesVerifyInput {
  signatureXml: Buffer;
  /** `/message.xml` (with data) and `/attachmentN` digests, from the transport decoder. */
  parts: readonly SignedPartDigest[];
  hashChainResult?: string;
  hashChain?: string;
  /** The member the signature must belong to (SIG-002). */
  signer: ClientId;
  trust: VerificationTrust;
  atDate: Date;
}

export async function verifyXadesSignature(_input: XadesVerifyInput): Promise<void> {
  throw new XRoadError(ErrorCodes.malformedSignature, 'XAdES signature verifier (protocol/signature) is not available yet');
}
