// Puts a capture (transport-capture.ts) where the global configuration says the peer's server
// is, with the TLS certificate, registration and OCSP status a scenario names — the provider-SS
// variants TRANSP-002 lists (non-approved CA, unregistered certificate, another server's
// certificate, revoked or stale OCSP) — and undoes it all afterwards.
import type { X509Certificate } from 'node:crypto';
import type { EnvironmentHandles } from '../environment/environment-handles.js';
import { startTransportCapture, sha1Hex, type CaptureReply, type TransportCapture } from './transport-capture.js';
import { changeInstance, listedServer, type AsyncUndo } from './transport-instance-edits.js';
import { warmExtraCerts } from './transport-certs.js';
import { consumerTls, ocspResponseFor, type TlsChoice } from './transport-identities.js';

export type Registration =
  /** Leave the instance's registrations alone. */
  | 'as-is'
  /** List the certificate as another auth certificate of the peer's server. */
  | 'peer'
  /** List it as the auth certificate of a third server (OTHER) that hosts nobody. */
  | 'other-server';

export interface FakeProviderOptions {
  tls: TlsChoice;
  registration: Registration;
  /** What the capture's :5577 role serves for its certificate; 'empty' answers with no parts. */
  ocsp: 'good' | 'stale' | 'revoked' | 'empty';
  reply: CaptureReply;
}

export const OTHER_SERVER_CODE = 'OTHER';

export async function fakeProviderInPlaceOfPeer(h: EnvironmentHandles, o: FakeProviderOptions): Promise<{ capture: TransportCapture; cert: X509Certificate; undo: AsyncUndo }> {
  warmExtraCerts(h.pki, h.layout);
  const identity = await consumerTls(h, o.tls, 'none');
  const peerAuth = h.pki.securityServers[h.layout.peer.serverCode]!.auth.cert;
  const issuer = o.tls === 'rogue-auth' ? identity.cert : h.pki.issuingCa.cert;
  const mine = sha1Hex(identity.cert);
  const capture = await startTransportCapture({
    identity,
    reply: o.reply,
    ocsp:
      o.ocsp === 'empty'
        ? { kind: 'empty' }
        : {
            kind: 'lookup',
            lookup: async (sha1) => {
              if (sha1 === mine) return ocspResponseFor(h, identity.cert, o.ocsp as 'good' | 'stale' | 'revoked', issuer);
              if (sha1 === sha1Hex(peerAuth)) return ocspResponseFor(h, peerAuth, 'good');
              return undefined;
            },
          },
  });
  let undoInstance: AsyncUndo;
  try {
    undoInstance = await changeInstance(h, (m) => {
      const peer = listedServer(m, h.layout.peer.serverCode);
      peer.address = capture.address;
      if (o.registration === 'peer') peer.authCerts = [...(peer.authCerts ?? []), identity.cert.raw];
      if (o.registration === 'other-server') {
        m.securityServers!.push({ owner: { memberClass: h.layout.peer.memberClass, memberCode: h.layout.peer.memberCode }, serverCode: OTHER_SERVER_CODE, authCerts: [identity.cert.raw], clients: [] });
      }
    });
  } catch (e) {
    await capture.stop();
    throw e;
  }
  return {
    capture,
    cert: identity.cert,
    undo: async () => {
      await undoInstance();
      await capture.stop();
    },
  };
}
