// Verifies a transport message the SUT produced as the other security server would (SIG-001,
// SIG-002, SIG-010 from the peer's side): decode it, then check the XAdES signature, hash chain,
// signer name, certificate path and embedded OCSP against the peer's global configuration.
// Returns the decoded message and the verification error, if any, so a step can say which.
import { parseClientIdPath, type ClientId } from '../../protocol/identifiers/index.js';
import { decodeTransportMessage, type DecodedTransportMessage } from '../../protocol/transport/index.js';
import type { GlobalConfView } from '../../simulators/security-server/components.js';
import { MessageVerifier } from '../../simulators/security-server/message-verifier.js';

export interface TransportVerdict {
  decoded?: DecodedTransportMessage;
  /** Decoding or verification failure: X-Road code and message. */
  error?: { code: string; message: string };
}

function asError(e: unknown): { code: string; message: string } {
  const x = e as { code?: string; message?: string };
  return { code: x.code ?? 'internal_error', message: x.message ?? String(e) };
}

export async function decodeTransport(body: Buffer, contentType: string, hashAlgorithm: string | undefined): Promise<DecodedTransportMessage> {
  return decodeTransportMessage([body], { contentType, ...(hashAlgorithm ? { hashAlgorithm } : {}), faultAllowed: true });
}

/** Decodes and verifies; `signer` is the member that must have signed (request: client; response: provider). */
export async function verifyTransport(conf: GlobalConfView, body: Buffer, contentType: string, hashAlgorithm: string | undefined, signer: string | ClientId): Promise<TransportVerdict> {
  let decoded: DecodedTransportMessage;
  try {
    decoded = await decodeTransport(body, contentType, hashAlgorithm);
  } catch (e) {
    return { error: asError(e) };
  }
  try {
    await new MessageVerifier(conf).verify(decoded, typeof signer === 'string' ? parseClientIdPath(signer) : signer);
    return { decoded };
  } catch (e) {
    return { decoded, error: asError(e) };
  }
}
