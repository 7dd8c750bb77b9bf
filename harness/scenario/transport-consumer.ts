// A consumer security server written by the harness (TRANSP-005/006/009/010, SIG-002/010/011,
// OCSP-007 with the SUT as provider): it builds the transport request itself — OCSP parts for the
// TLS certificate it shows, the SOAP or REST message, the hash chain for batch signatures, the
// XAdES signature with whatever key the scenario picks — sends it to the SUT's server proxy over
// mutual TLS and hands back the raw answer. Every departure a scenario needs (other signer, stale
// OCSP, signature edits, wrong HTTP method) is a field of the spec; the peer SS cannot do these.
import https from 'node:https';
import { randomUUID, X509Certificate, type KeyObject } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { buildSignature } from '../../protocol/signature/signature-builder.js';
import { buildRestRequestPart } from '../../protocol/rest/index.js';
import { TransportMessageEncoder, transportRequestHeaders } from '../../protocol/transport/index.js';
import { xroadTlsProfile } from '../../simulators/security-server/tls-trust.js';

export interface SigningKey {
  cert: X509Certificate;
  key: KeyObject;
  /** DER OCSP responses for the signing cert, embedded in the signature (SIG-005). */
  ocsp: Buffer[];
}

export interface ConsumerTls {
  certPem: string;
  keyPem: string;
  /** OCSP parts for the TLS auth cert (TRANSP-005 (1)); empty = none sent. */
  ocsp: Buffer[];
}

export type ConsumerMessage =
  | { kind: 'soap'; soap: Buffer; soapAction?: string; attachments?: Array<{ contentType: string; body: Buffer }> }
  | { kind: 'rest'; method: string; service: string; path: string; query?: string; headers: Array<[string, string]>; body?: Buffer };

export interface ConsumerRequestSpec {
  url: string;
  tls: ConsumerTls;
  message: ConsumerMessage;
  sign: SigningKey;
  /** Edits the finished signature XML (SIG-010/011 matrices). */
  editSignature?: (xml: string) => string;
  httpMethod?: string;
  proxyVersion?: string;
  timeoutMs: number;
}

export interface ConsumerAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The certificate the SUT's server proxy showed, and the TLS facts (TRANSP-001). */
  serverCert?: X509Certificate;
  protocol?: string | null;
  cipher?: string;
  error?: string;
  durationMs: number;
  /** What was sent, for evidence. */
  sent: { headers: Record<string, string>; body: Buffer };
}

/** Builds the transport request body and headers for the spec. */
export async function buildConsumerRequest(spec: ConsumerRequestSpec): Promise<{ headers: Record<string, string>; body: Buffer }> {
  const enc = new TransportMessageEncoder();
  for (const der of spec.tls.ocsp) enc.ocspResponse(der);
  const m = spec.message;
  let message: Buffer;
  let bodies: Buffer[];
  if (m.kind === 'soap') {
    message = m.soap;
    bodies = (m.attachments ?? []).map((a) => a.body);
    enc.soap(m.soap);
    for (const a of m.attachments ?? []) enc.attachment(a.body, a.contentType);
  } else {
    const part = buildRestRequestPart({ method: m.method, path: `/r1/${m.service}${m.path}`, ...(m.query !== undefined ? { query: m.query } : {}), headers: m.headers, requestId: randomUUID(), queryId: `roadtest-${randomUUID()}` });
    message = part.bytes;
    bodies = m.body && m.body.length > 0 ? [m.body] : [];
    enc.restRequest(part);
    if (bodies.length) enc.restBody(bodies[0]!);
  }
  const built = buildSignature({ signingCert: spec.sign.cert, privateKey: spec.sign.key, messages: [{ message, attachments: bodies }], ocspResponses: spec.sign.ocsp });
  if (built.hashChainResult !== undefined) enc.hashChain(built.hashChainResult, built.hashChains![0]!);
  enc.signature(spec.editSignature ? spec.editSignature(built.signatureXml) : built.signatureXml);
  const headers: Record<string, string> = {};
  const th = transportRequestHeaders({
    requestId: randomUUID(),
    originalContentType: m.kind === 'soap' ? 'text/xml; charset=UTF-8' : undefined,
    proxyVersion: spec.proxyVersion ?? '7.8.0',
    ...(m.kind === 'soap' ? { soapAction: m.soapAction ?? '' } : { rest: true }),
  });
  for (const [n, v] of th) headers[n] = v;
  headers['content-type'] = enc.contentType;
  return { headers, body: await enc.toBuffer() };
}

/** Sends the spec's request to the SUT's server proxy; transport failures come back in `error`. */
export async function sendAsConsumer(spec: ConsumerRequestSpec): Promise<ConsumerAnswer> {
  const sent = await buildConsumerRequest(spec);
  const started = Date.now();
  return new Promise<ConsumerAnswer>((resolve) => {
    const { dhparam: _server, ...profile } = xroadTlsProfile();
    const req = https.request(spec.url, {
      method: spec.httpMethod ?? 'POST',
      ...profile,
      cert: spec.tls.certPem,
      key: spec.tls.keyPem,
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
      agent: false,
      headers: { ...sent.headers, 'content-length': String(sent.body.length) },
      timeout: spec.timeoutMs,
    });
    let facts: Pick<ConsumerAnswer, 'serverCert' | 'protocol' | 'cipher'> = {};
    const done = (a: Omit<ConsumerAnswer, 'durationMs' | 'sent'>) => resolve({ ...facts, ...a, durationMs: Date.now() - started, sent });
    req.on('socket', (s) => {
      (s as TLSSocket).once('secureConnect', () => {
        const t = s as TLSSocket;
        const raw = t.getPeerCertificate()?.raw;
        facts = { ...(raw ? { serverCert: new X509Certificate(raw) } : {}), protocol: t.getProtocol(), cipher: t.getCipher()?.name ?? '' };
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${spec.timeoutMs} ms`)));
    req.on('error', (e) => done({ status: 0, headers: {}, body: Buffer.alloc(0), error: e.message }));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [n, v] of Object.entries(res.headers)) if (v !== undefined) headers[n] = Array.isArray(v) ? v.join(', ') : v;
        done({
          status: res.statusCode ?? 0,
          headers,
          body: Buffer.concat(chunks),
        });
      });
      res.on('error', (e) => done({ status: res.statusCode ?? 0, headers: {}, body: Buffer.concat(chunks), error: e.message }));
    });
    req.end(sent.body);
  });
}
