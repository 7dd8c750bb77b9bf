// The ways a feature can ask the harness's consumer SS (transport-consumer.ts) to depart from a
// correct request, by name: which TLS certificate it shows and with what OCSP, which key signs and
// with what OCSP inside the signature, signature edits, HTTP method, proxy version. One table, so
// the Gherkin reads as a sentence and the matrix stays in the feature's Examples.
import { randomUUID } from 'node:crypto';
import { buildSoapRequest } from '../../simulators/member-systems/index.js';
import type { EnvironmentHandles } from '../environment/environment-handles.js';
import type { ConsumerMessage, ConsumerRequestSpec } from './transport-consumer.js';
import { OTHER_SERVER_CODE } from './transport-fake-provider.js';
import { consumerTls, signingKey, type OcspFlavour, type SignerChoice, type TlsChoice } from './transport-identities.js';
import { changeInstance, listedServer, type AsyncUndo } from './transport-instance-edits.js';
import { dropKeyInfo, rawEcdsaToDer } from './signing-edits.js';

export interface ConsumerVariant {
  tls?: TlsChoice;
  tlsOcsp?: OcspFlavour;
  /** Register the TLS certificate: as another auth cert of the peer, or of a third server. */
  register?: 'peer' | 'other-server';
  signer?: SignerChoice;
  signOcsp?: Exclude<OcspFlavour, 'none'>;
  editSignature?: (xml: string) => string;
  httpMethod?: string;
  proxyVersion?: string;
}

export const CONSUMER_VARIANTS: Record<string, ConsumerVariant> = {
  '': {},
  'showing a certificate from a CA that is not approved': { tls: 'rogue-auth' },
  'showing an approved-CA certificate no security server registered': { tls: 'unregistered-auth' },
  'showing the auth certificate of another security server': { tls: 'other-server-auth', register: 'other-server' },
  'showing a registered certificate whose OCSP status is revoked': { tls: 'fresh-peer-auth', register: 'peer', tlsOcsp: 'revoked' },
  'with a stale OCSP response for its TLS certificate': { tlsOcsp: 'stale' },
  'without OCSP responses for its TLS certificate': { tlsOcsp: 'none' },
  'with an OCSP response from an unauthorised responder for its TLS certificate': { tlsOcsp: 'unauthorised' },
  'with an OCSP response whose nextUpdate has passed for its TLS certificate': { tlsOcsp: 'next-update-past' },
  'with an OCSP response from an unauthorised responder in its signature': { signOcsp: 'unauthorised' },
  "signed with a certificate of the SUT's member": { signer: 'sut-member-sign' },
  'signed with its authentication certificate': { signer: 'peer-auth' },
  'with a stale OCSP response in its signature': { signOcsp: 'stale' },
  'with a revoked OCSP response in its signature': { signOcsp: 'revoked' },
  'signed with an EC key': { signer: 'ec-peer-sign' },
  'signed with an EC key whose signature value is DER-encoded': { signer: 'ec-peer-sign', editSignature: rawEcdsaToDer },
  'whose signature has no KeyInfo': { editSignature: dropKeyInfo },
  'over HTTP GET': { httpMethod: 'GET' },
  'announcing proxy version 6.0.0': { proxyVersion: '6.0.0' },
};

export function consumerVariant(name: string): ConsumerVariant {
  const v = CONSUMER_VARIANTS[name.trim()];
  if (!v) throw new Error(`unknown consumer variant "${name}"; known: ${Object.keys(CONSUMER_VARIANTS).filter(Boolean).join('; ')}`);
  return v;
}

/** Registers the variant's TLS certificate in the instance, when it says so; returns the undo. */
async function register(h: EnvironmentHandles, v: ConsumerVariant, certDer: Buffer): Promise<AsyncUndo | undefined> {
  if (!v.register) return undefined;
  return changeInstance(h, (m) => {
    if (v.register === 'peer') {
      const peer = listedServer(m, h.layout.peer.serverCode);
      peer.authCerts = [...(peer.authCerts ?? []), certDer];
    } else {
      m.securityServers!.push({ owner: { memberClass: h.layout.peer.memberClass, memberCode: h.layout.peer.memberCode }, serverCode: OTHER_SERVER_CODE, authCerts: [certDer], clients: [] });
    }
  });
}

/** The SOAP request the peer's client sends to the SUT's provider. */
export function consumerSoap(h: EnvironmentHandles, serviceCode: string): ConsumerMessage {
  const xml = buildSoapRequest({ client: h.layout.peer.client, service: `${h.layout.sut.provider}/${serviceCode}`, userId: 'EE12345678901', id: randomUUID() });
  return { kind: 'soap', soap: Buffer.from(xml, 'utf8') };
}

export function consumerRest(h: EnvironmentHandles, method: string, serviceCode: string, path: string, body?: Buffer): ConsumerMessage {
  const [p, q] = path.split('?', 2) as [string, string | undefined];
  const headers: Array<[string, string]> = [['X-Road-Client', h.layout.peer.client]];
  if (body) headers.push(['Content-Type', 'application/json']);
  return { kind: 'rest', method, service: `${h.layout.sut.provider}/${serviceCode}`, path: p, ...(q !== undefined ? { query: q } : {}), headers, ...(body ? { body } : {}) };
}

/** The full request spec for a variant, plus the undo of any instance change it made. */
export async function consumerSpec(h: EnvironmentHandles, url: string, message: ConsumerMessage, v: ConsumerVariant, timeoutMs: number): Promise<{ spec: ConsumerRequestSpec; undo?: AsyncUndo }> {
  const tls = await consumerTls(h, v.tls ?? 'peer', v.tlsOcsp ?? 'good');
  const undo = await register(h, v, tls.cert.raw);
  const sign = await signingKey(h, v.signer ?? 'peer', v.signOcsp ?? 'good');
  return {
    spec: {
      url,
      tls,
      message,
      sign,
      ...(v.editSignature ? { editSignature: v.editSignature } : {}),
      ...(v.httpMethod ? { httpMethod: v.httpMethod } : {}),
      ...(v.proxyVersion ? { proxyVersion: v.proxyVersion } : {}),
      timeoutMs,
    },
    ...(undo ? { undo } : {}),
  };
}
