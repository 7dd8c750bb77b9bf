// The TLS identity this server shows other security servers: its auth key, or — with the peer
// knob unregistered-auth-cert — another certificate, so a SUT's TRANSP-002/010 checks can be seen.
import { X509Certificate } from 'node:crypto';
import type { ServerContext } from './server-context.js';

export interface AuthIdentity {
  cert: X509Certificate;
  /** Leaf first, then intermediates, PEM. */
  certPems: string[];
  keyPem: string;
  /** Intermediates (for OCSP parts). */
  chain: X509Certificate[];
}

export function currentAuthIdentity(ctx: Pick<ServerContext, 'knobs' | 'serverConf'>): AuthIdentity {
  const alternate = ctx.knobs.value<{ certPem: string; keyPem: string }>('unregistered-auth-cert');
  if (alternate?.certPem && alternate.keyPem) {
    return { cert: new X509Certificate(alternate.certPem), certPems: [alternate.certPem], keyPem: alternate.keyPem, chain: [] };
  }
  const auth = ctx.serverConf.authKey;
  return { cert: auth.cert, certPems: [auth.certPem, ...auth.chain.map((c) => c.toString())], keyPem: auth.keyPem, chain: auth.chain };
}
