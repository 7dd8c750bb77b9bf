// What SOAP and REST transport messages share (TRANSP-004..006): a request opens with the OCSP
// responses for our TLS auth certificate chain (TRANSP-005 (1)), so the provider can judge our
// certificate; after the message parts come the hash chain and the signature. The peer knobs
// change exactly one of them after signing.
import { randomUUID } from 'node:crypto';
import { buildFault } from '../../protocol/soap/index.js';
import type { TransportMessageEncoder } from '../../protocol/transport/index.js';
import { currentAuthIdentity } from './auth-identity.js';
import type { PeerKnobs } from './peer-knobs.js';
import type { ServerContext } from './server-context.js';
import type { SignedParts } from './signer.js';
import { tamperHashChain, tamperSignatureValue } from './tamper.js';

/** The OCSP parts of a request, unless the omit-ocsp-parts knob is on. */
export async function encodeOwnOcspParts(ctx: ServerContext, encoder: TransportMessageEncoder): Promise<void> {
  if (ctx.knobs.has('omit-ocsp-parts')) return;
  const identity = currentAuthIdentity(ctx);
  encoder.ocspResponse(await ctx.ownOcsp.response(identity.cert, 'auth'));
  for (const ca of identity.chain) encoder.ocspResponse(await ctx.ownOcsp.response(ca, 'auth'));
}

/** The hash chain (batch signatures) and the signature, or a fault in its place (fault-as-last-part). */
export function encodeSignatureParts(encoder: TransportMessageEncoder, signed: SignedParts, knobs: PeerKnobs): void {
  if (signed.hashChainResult && signed.hashChain) {
    const chain = signed.hashChain.toString('utf8');
    encoder.hashChain(signed.hashChainResult.toString('utf8'), knobs.has('tamper-hash-chain') ? tamperHashChain(chain) : chain);
  }
  if (knobs.has('fault-as-last-part')) {
    encoder.fault(buildFault({ faultCode: 'server.serverproxy.cannot_create_signature', faultString: 'Signing failed (peer knob fault-as-last-part)', faultActor: '', faultDetail: randomUUID() }));
  } else if (!knobs.has('omit-signature')) {
    encoder.signature(knobs.has('tamper-signature') ? tamperSignatureValue(signed.signatureXml) : signed.signatureXml);
  }
}

/** The transport message's Content-Type, or a wrong one (wrong-content-type knob). */
export function transportContentType(encoder: TransportMessageEncoder, knobs: PeerKnobs): string {
  return knobs.has('wrong-content-type') ? 'text/html; charset=UTF-8' : encoder.contentType;
}
