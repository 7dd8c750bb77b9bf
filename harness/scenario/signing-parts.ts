// The signed pieces of a multipart transport message as the other SS receives them (SIG-004,
// SIG-009): `/message.xml` (SOAP part or REST header part), `/attachmentN` (attachments or the REST
// body), the hash chain pair of a batch signature and the signature document itself.
import 'reflect-metadata';
import type { X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { parseMultipart } from '../../protocol/multipart/index.js';
import type { VerificationTrust } from '../../protocol/trust/index.js';

export interface SignedPieces {
  message?: Buffer;
  attachments: Buffer[];
  hashChainResult?: string;
  hashChain?: string;
  signatureXml?: Buffer;
}

const MESSAGE_TYPES = new Set(['text/xml', 'application/xop+xml', 'application/x-road-rest-request', 'application/x-road-rest-response']);

export function signedPieces(body: Buffer, contentType: string): SignedPieces {
  const out: SignedPieces = { attachments: [] };
  for (const p of parseMultipart(body, contentType, { nested: true }).parts) {
    const t = (p.mediaType ?? '').toLowerCase();
    const bytes = Buffer.from(p.body);
    if (MESSAGE_TYPES.has(t) && out.message === undefined) out.message = bytes;
    else if (t === 'multipart/mixed') out.attachments.push(...(p.nested?.parts ?? []).map((n) => Buffer.from(n.body)));
    else if (t === 'application/x-road-rest-body') out.attachments.push(bytes);
    else if (t === 'application/hash-chain-result') out.hashChainResult = bytes.toString('utf8');
    else if (t === 'application/hash-chain') out.hashChain = bytes.toString('utf8');
    else if (t === 'signature/bdoc-1.0/ts') out.signatureXml = bytes;
  }
  return out;
}

/** SIG-001: nonRepudiation in KeyUsage and an issuer among the approved CAs. Returns the problems. */
export function checkSigningCertificate(cert: X509Certificate, trust: VerificationTrust): string[] {
  const p: string[] = [];
  const ku = new x509.X509Certificate(cert.raw).getExtension(x509.KeyUsagesExtension);
  if (!ku || (ku.usages & x509.KeyUsageFlags.nonRepudiation) === 0) p.push(`KeyUsage of ${cert.subject} has no nonRepudiation`);
  const cas = trust.approvedCas.flatMap((c) => [c.topCa, ...c.intermediateCas]);
  if (!cas.some((ca) => cert.checkIssued(ca) && cert.verify(ca.publicKey))) p.push(`${cert.issuer} is not an approved CA`);
  return p;
}
