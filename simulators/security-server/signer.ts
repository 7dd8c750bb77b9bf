// Software token: signs the parts of one message for a member with its signing key (SIG-001,
// SIG-003..009). A single part is signed directly (`/message.xml`); a message with attachments or
// a REST body gets a hash chain and the signature covers `/sig-hashchainresult.xml` (SIG-006).
// The signature embeds the OCSP response of the signing certificate (and of any intermediate CA),
// got through the OcspCache seam.
import { ErrorCodes, XRoadError } from '../../protocol/faults/index.js';
import { buildXadesSignature } from './xades-seam.js';
import type { OcspCache } from './components.js';
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
  constructor(private readonly ocspCache: OcspCache) {}

  async sign(key: KeyMaterial, parts: PartsToSign): Promise<SignedParts> {
    let ocsp: Buffer[];
    try {
      // OCSP for every certificate below the trust anchor: the signing cert and its intermediates.
      ocsp = [await this.ocspCache.ownResponse(key.cert)];
      for (const ca of key.chain) ocsp.push(await this.ocspCache.ownResponse(ca));
    } catch (e) {
      throw new XRoadError(ErrorCodes.cannotCreateSignature, `Cannot get OCSP response for the signing certificate: ${(e as Error).message}`, undefined, { cause: e });
    }
    try {
      // A message with attachments (or a REST body) is batch-signed through a hash chain (SIG-006).
      return buildXadesSignature({ key, ocspResponses: ocsp, message: parts.message, attachments: parts.attachments });
    } catch (e) {
      if (e instanceof XRoadError) throw e;
      throw new XRoadError(ErrorCodes.cannotCreateSignature, `Failed to create signature: ${(e as Error).message}`, undefined, { cause: e });
    }
  }
}
