// Verifies the signature of a decoded transport message for the member that must have signed it
// (SIG-002: the request's client, the response's service provider; corrections.md: a REST
// response's signer is the x-road-service member). Errors keep X-Road's codes; the proxies add
// their origin prefix.
import { memberOf, type ClientId, type ServiceId } from '../../protocol/identifiers/index.js';
import { ErrorCodes, XRoadError } from '../../protocol/faults/index.js';
import type { DecodedTransportMessage } from '../../protocol/transport/index.js';
import type { GlobalConfView } from './components.js';
import { verifyXadesSignature } from './xades-seam.js';

export class MessageVerifier {
  constructor(private readonly globalConf: GlobalConfView) {}

  async verify(message: DecodedTransportMessage, signer: ClientId | ServiceId, atDate: Date = new Date()): Promise<void> {
    if (!message.signature) throw new XRoadError(ErrorCodes.missingSignature, 'Message does not have signature');
    verifyXadesSignature({
      signatureXml: message.signature.bytes,
      parts: message.signedParts,
      ...(message.hashAlgorithm ? { digestMethod: message.hashAlgorithm.uri } : {}),
      ...(message.hashChainResult !== undefined ? { hashChainResult: message.hashChainResult } : {}),
      ...(message.hashChain !== undefined ? { hashChain: message.hashChain } : {}),
      signer: memberOf(signer),
      trust: this.globalConf.trust(),
      atDate,
    });
  }
}
