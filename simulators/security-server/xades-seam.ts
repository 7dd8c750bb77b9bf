// The one place the security server meets protocol/signature (XAdES builder and verifier,
// SIG-003..010), so the proxies deal in message parts and member ids only.
// signature-builder.ts is imported directly: protocol/signature/index.ts does not export it yet.
import type { ClientId } from '../../protocol/identifiers/index.js';
import { verifySignature, type MessagePart } from '../../protocol/signature/index.js';
import { buildSignatureAsync } from '../../protocol/signature/signature-builder.js';
import type { SignedPartDigest } from '../../protocol/transport/index.js';
import type { VerificationTrust } from '../../protocol/trust/index.js';
import { DigestMethods } from '../../protocol/xml/index.js';
import type { KeyMaterial } from './server-conf.js';

export interface XadesSignInput {
  key: KeyMaterial;
  /** DER OCSP responses for the signing cert (and intermediates), for RevocationValues. */
  ocspResponses: Buffer[];
  /** `/message.xml`: SOAP part or REST header part. */
  message: Buffer;
  /** `/attachment1..n`: a non-empty list makes it a batch (hash-chain) signature, SIG-006. */
  attachments: Buffer[];
}

export interface XadesSigned {
  signatureXml: Buffer;
  hashChainResult?: Buffer;
  hashChain?: Buffer;
}

/** The private-key operation runs off the event loop (signBytesAsync), as X-Road's signer is a process of its own. */
export async function buildXadesSignature(input: XadesSignInput): Promise<XadesSigned> {
  const built = await buildSignatureAsync({
    signingCert: input.key.cert,
    privateKey: input.key.key,
    messages: [{ message: input.message, attachments: input.attachments }],
    extraCertificates: input.key.chain,
    ocspResponses: input.ocspResponses,
  });
  return {
    signatureXml: Buffer.from(built.signatureXml, 'utf8'),
    ...(built.hashChainResult !== undefined ? { hashChainResult: Buffer.from(built.hashChainResult, 'utf8'), hashChain: Buffer.from(built.hashChains![0]!, 'utf8') } : {}),
  };
}

export interface XadesVerifyInput {
  signatureXml: Buffer;
  /** `/message.xml` (with data) and `/attachmentN` digests, from the transport decoder. */
  parts: readonly SignedPartDigest[];
  /** DigestMethod URI of the part digests (x-hash-algorithm). */
  digestMethod?: string;
  hashChainResult?: string;
  hashChain?: string;
  /** The member the signature must belong to (SIG-002). */
  signer: ClientId;
  trust: VerificationTrust;
  atDate: Date;
}

export function verifyXadesSignature(input: XadesVerifyInput): void {
  const method = input.digestMethod ?? DigestMethods.sha512;
  const parts: MessagePart[] = input.parts.map((p) => ({
    name: p.name,
    ...(p.data ? { data: p.data } : {}),
    digest: { method, value: p.digest },
  }));
  verifySignature({
    signatureXml: input.signatureXml,
    signer: input.signer,
    trust: input.trust,
    atDate: input.atDate,
    parts,
    ...(input.hashChainResult !== undefined ? { hashChainResult: input.hashChainResult } : {}),
    ...(input.hashChain !== undefined ? { hashChain: input.hashChain } : {}),
  });
}
