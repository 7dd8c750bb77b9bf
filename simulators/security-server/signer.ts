// Software token: signs the parts of one message for a member with its signing key (SIG-001,
// SIG-003..009). A single part is signed directly (`/message.xml`); a message with attachments or
// a REST body gets a hash chain and the signature covers `/sig-hashchainresult.xml` (SIG-006).
// The signature embeds the OCSP response of the signing certificate (and of any intermediate CA),
// got through the OcspCache seam.
import { createHash } from 'node:crypto';
import { ErrorCodes, XRoadError } from '../../protocol/faults/index.js';
import { buildHashChains, MESSAGE, SIG_HASH_CHAIN, SIG_HASH_CHAIN_RESULT } from '../../protocol/hashchain/index.js';
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
      for (const ca of key.chain.slice(0, -1)) ocsp.push(await this.ocspCache.ownResponse(ca));
    } catch (e) {
      throw new XRoadError(ErrorCodes.cannotCreateSignature, `Cannot get OCSP response for the signing certificate: ${(e as Error).message}`, undefined, { cause: e });
    }
    const sha512 = (b: Buffer) => createHash('sha512').update(b).digest();
    try {
      if (parts.attachments.length === 0) {
        const signatureXml = await buildXadesSignature({ key, ocspResponses: ocsp, reference: { uri: MESSAGE, digest: sha512(parts.message), mimeType: 'text/xml' } });
        return { signatureXml };
      }
      const chains = buildHashChains([[sha512(parts.message), ...parts.attachments.map(sha512)]], 'sha512');
      const hashChainResult = Buffer.from(chains.hashChainResultXml(SIG_HASH_CHAIN), 'utf8');
      const hashChain = Buffer.from(chains.hashChainXmls(MESSAGE)[0]!, 'utf8');
      const signatureXml = await buildXadesSignature({
        key,
        ocspResponses: ocsp,
        reference: { uri: SIG_HASH_CHAIN_RESULT, digest: sha512(hashChainResult), mimeType: 'application/hash-chain-result' },
      });
      return { signatureXml, hashChainResult, hashChain };
    } catch (e) {
      if (e instanceof XRoadError) throw e;
      throw new XRoadError(ErrorCodes.cannotCreateSignature, `Failed to create signature: ${(e as Error).message}`, undefined, { cause: e });
    }
  }
}
