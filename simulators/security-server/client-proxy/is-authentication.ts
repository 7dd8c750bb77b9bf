// IS connection policy (MESS-009): HTTP accepts anything; HTTPS NO AUTH needs a TLS connection;
// HTTPS needs a TLS client certificate equal to one registered for the client. Messages follow
// X-Road's IsAuthentication so a harness matching on text sees familiar wording.
import { X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import type { HostedClientConfig } from '../config.js';

export function verifyIsAuthentication(client: HostedClientConfig, req: IncomingMessage): void {
  const socket = req.socket as Partial<TLSSocket>;
  const encrypted = socket.encrypted === true;
  if (client.isConnection === 'http') return;
  if (!encrypted) {
    throw new XRoadError(
      ErrorCodes.sslAuthenticationFailed,
      `Client (${client.id}) specifies ${client.isConnection === 'https' ? 'HTTPS' : 'HTTPS NO AUTH'} but client made plaintext connection`,
    );
  }
  if (client.isConnection === 'https-noauth') return;
  const peer = socket.getPeerCertificate?.();
  if (!peer?.raw) throw new XRoadError(ErrorCodes.sslAuthenticationFailed, `Client (${client.id}) specifies HTTPS but did not supply TLS certificate`);
  const presented = new X509Certificate(peer.raw);
  const now = Date.now();
  if (now < Date.parse(presented.validFrom) || now > Date.parse(presented.validTo)) {
    throw new XRoadError(ErrorCodes.sslAuthenticationFailed, `Client (${client.id}) TLS certificate is not valid (${presented.validFrom} .. ${presented.validTo})`);
  }
  if (!client.isCerts.some((pem) => new X509Certificate(pem).raw.equals(presented.raw))) {
    throw new XRoadError(ErrorCodes.sslAuthenticationFailed, `Client (${client.id}) TLS certificate does not match any IS certificates`);
  }
}
