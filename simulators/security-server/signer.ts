// Software token: signs the parts of one message for a member with its signing key (SIG-001,
// SIG-003..009). A single part is signed directly (`/message.xml`); a message with attachments or
// a REST body gets a hash chain and the signature covers `/sig-hashchainresult.xml` (SIG-006).
// The signature embeds the OCSP response of the signing certificate (and of any intermediate CA),
// got from the server's own-OCSP source (the cache, or a forged one under a peer knob).
import { ErrorCodes, XRoadError } from '../../protocol/faults/index.js';
import { buildXadesSignature } from './xades-seam.js';
import type { X509Certificate } from 'node:crypto';
import type { KeyMaterial } from './server-conf.js';

export interface PartsToSign {
  /** `/message.xml`: the SOAP part or the REST header part, exact bytes. */
  message: Buffer;
  /** `/attachment1..n`: attachment bodies or the REST body, exact bytes. */
  attachments: Buffer[];
}

export interface SignedParts {
  /** The signature/bdoc-1.0/ts part. */
  signatureXml: Buffer;
  /** Present for batch signatures. */
  hashChainResult?: Buffer;
  hashChain?: Buffer;
}

export class Signer {
  constructor(private readonly ocspFor: (cert: X509Certificate) => Promise<Buffer>) {}

  async sign(key: KeyMaterial, parts: PartsToSign): Promise<SignedParts> {
    let ocsp: Buffer[];
    try {
      // OCSP for every certificate below the trust anchor: the signing cert and its intermediates.
      ocsp = [await this.ocspFor(key.cert)];
      for (const ca of key.chain) ocsp.push(await this.ocspFor(ca));
    } catch (e) {
      throw new XRoadError(ErrorCodes.cannotCreateSignature, `Cannot get OCSP response for the signing certificate: ${(e as Error).message}`, undefined, { cause: e });
    }
    try {
      // A message with attachments (or a REST body) is batch-signed through a hash chain (SIG-006).
      return await buildXadesSignature({ key, ocspResponses: ocsp, message: parts.message, attachments: parts.attachments });
    } catch (e) {
      if (e instanceof XRoadError) throw e;
      throw new XRoadError(ErrorCodes.cannotCreateSignature, `Failed to create signature: ${(e as Error).message}`, undefined, { cause: e });
    }
  }
}
