// authCertReg from the reference security server (MSERV-004, PR-MSERV §2.3): unlike the other
// management requests it does not go through the client proxy. The server POSTs the six-part
// request (protocol/mserv/auth-cert-reg.ts) straight to authCertRegServiceAddress of the private
// parameters over HTTPS, and trusts exactly one server certificate there: authCertRegServiceCert
// (X-Road's ManagementRequestClient builds its central-server TLS trust from that certificate
// alone). A connection presenting anything else is refused before the request is written.
// Seeded defect mserv-authcertreg-no-pin (defects.ts) skips that check.
import type { KeyObject, X509Certificate } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import type { PeerCertificate } from 'node:tls';
import { ErrorCodes, isXRoadError, XRoadError } from '../../../protocol/faults/index.js';
import { memberOf } from '../../../protocol/identifiers/index.js';
import {
  assembleAuthCertRegRequest,
  buildManagementSoap,
  readManagementResponse,
  signAuthCertReg,
  type ManagementFields,
} from '../../../protocol/mserv/index.js';
import type { GlobalConfView } from '../components.js';
import { managementServiceProvider, type ManagementExchange, type ManagementSenderDeps } from './management-sender.js';

export interface NewAuthKey {
  /** The new authentication certificate (DER) to register. */
  certDer: Uint8Array;
  /** Its private key: signs the proof of possession. */
  key: KeyObject;
}

export interface AuthCertRegOptions {
  /** The server's address to register (default: none, the field is optional). */
  address?: string;
  /** Override authCertRegServiceAddress (default: from the private parameters). */
  url?: string;
  timeoutMs?: number;
}

export interface AuthCertRegExchange extends ManagementExchange {
  /** Where it was posted. */
  url?: string;
  /** The certificate the central server presented, when the TLS handshake got that far. */
  serverCertDer?: Buffer;
}

interface AuthCertRegTarget {
  address: string;
  cert?: X509Certificate;
}

/** authCertRegServiceAddress and authCertRegServiceCert of the loaded private parameters. */
export function authCertRegTarget(globalConf: GlobalConfView): AuthCertRegTarget {
  const snap = (globalConf as Partial<{ snapshot(): { own: { private?: { managementService: { authCertRegServiceAddress: string; authCertRegServiceCert?: { cert: X509Certificate } } } } } | undefined }>).snapshot?.();
  const ms = snap?.own.private?.managementService;
  if (!ms?.authCertRegServiceAddress) throw new XRoadError(ErrorCodes.internalError, 'The global configuration names no authCertRegServiceAddress');
  return { address: ms.authCertRegServiceAddress, ...(ms.authCertRegServiceCert ? { cert: ms.authCertRegServiceCert.cert } : {}) };
}

function post(url: string, contentType: string, body: Buffer, pinned: X509Certificate | undefined, timeoutMs: number, seen: (c: PeerCertificate) => void): Promise<{ status: number; contentType: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const tls = pinned
      ? {
          ca: pinned.toString(),
          checkServerIdentity: (_host: string, cert: PeerCertificate) => {
            seen(cert);
            return cert.raw.equals(pinned.raw) ? undefined : new Error('the central server presented a certificate other than authCertRegServiceCert');
          },
        }
      : { rejectUnauthorized: false };
    const req = httpsRequest(url, { method: 'POST', agent: false, headers: { 'Content-Type': contentType, 'Content-Length': body.length }, timeout: timeoutMs, ...tls }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('socket', (s) => s.once('secureConnect', () => seen((s as unknown as { getPeerCertificate(): PeerCertificate }).getPeerCertificate())));
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

export async function sendAuthCertReg(deps: ManagementSenderDeps, auth: NewAuthKey, options: AuthCertRegOptions = {}): Promise<AuthCertRegExchange> {
  const server = deps.serverConf.serverId;
  const owner = memberOf(server);
  const fields: ManagementFields = { server, ...(options.address !== undefined ? { address: options.address } : {}), authCert: auth.certDer };
  const soap = buildManagementSoap({ kind: 'authCertReg', sender: owner, provider: managementServiceProvider(deps.globalConf), fields });
  const exchange: AuthCertRegExchange = { kind: 'authCertReg', request: { contentType: 'text/xml; charset=UTF-8', body: soap, soap } };
  try {
    const target = authCertRegTarget(deps.globalConf);
    const pinCheck = !deps.defects.has('mserv-authcertreg-no-pin');
    if (pinCheck && !target.cert) throw new XRoadError(ErrorCodes.internalError, 'The global configuration has no authCertRegServiceCert to trust');
    const signing = deps.serverConf.signKey(owner);
    if (!signing) throw new XRoadError(ErrorCodes.cannotCreateSignature, `No signing key for the owner ${owner.memberClass}/${owner.memberCode} on this server`);
    const ocsp = await deps.ownOcsp(signing.cert);
    const parts = signAuthCertReg(soap, { authKey: auth.key, authCertDer: auth.certDer, ownerKey: signing.key, ownerCertDer: signing.cert.raw, ownerOcspDer: ocsp });
    exchange.request = { ...assembleAuthCertRegRequest(soap, parts), soap };
    exchange.url = options.url ?? target.address;
    exchange.response = await post(exchange.url, exchange.request.contentType, exchange.request.body, pinCheck ? target.cert : undefined, options.timeoutMs ?? 15_000, (c) => {
      if (c?.raw) exchange.serverCertDer = Buffer.from(c.raw);
    });
    exchange.requestId = readManagementResponse(exchange.response.contentType, exchange.response.body).requestId;
  } catch (e) {
    exchange.error = isXRoadError(e) ? e : new XRoadError(ErrorCodes.networkError, `authCertReg failed: ${(e as Error).message}`, undefined, { cause: e });
  }
  return exchange;
}
