// The IS connection policy of the SUT's client (MESS-009, REST-013), switched for one scenario on
// the embedded reference SUT. A real SUT's administrator sets this in its UI; the embedded one is
// reached through its config, which its ServerConf reads per request. The certificates are test
// PKI certificates standing in for an IS's own (X-Road registers any certificate there, usually
// self-signed): one is registered, the other is not.
import type { EnvironmentHandles } from '../environment/environment-handles.js';

export class IsPolicyError extends Error {
  override readonly name = 'IsPolicyError';
  readonly code = 'is_policy_not_switchable';
}

export interface IsCertificate {
  certPem: string;
  keyPem: string;
}

export function registeredIsCertificate(h: EnvironmentHandles): IsCertificate {
  return { certPem: h.pki.tsaSigner.certPem, keyPem: h.pki.tsaSigner.keyPem };
}

export function unregisteredIsCertificate(h: EnvironmentHandles): IsCertificate {
  return { certPem: h.pki.ocspSigner.certPem, keyPem: h.pki.ocspSigner.keyPem };
}

/** Sets policy `https` with the registered certificate on the SUT's client; returns the undo. */
export function requireRegisteredIsCertificate(h: EnvironmentHandles): () => void {
  const sut = h.sutServer;
  if (!sut) throw new IsPolicyError('the IS connection policy can only be switched on the embedded reference SUT');
  const client = sut.config.clients.find((c) => c.id === h.layout.sut.client);
  if (!client) throw new IsPolicyError(`the SUT does not host ${h.layout.sut.client}`);
  const before = { isConnection: client.isConnection, isCerts: [...client.isCerts] };
  client.isConnection = 'https';
  client.isCerts = [registeredIsCertificate(h).certPem];
  return () => {
    client.isConnection = before.isConnection;
    client.isCerts = before.isCerts;
  };
}
