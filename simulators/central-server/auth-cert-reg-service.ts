// The central server's authCertReg endpoint (MSERV-004/005, PR-MSERV §2.3): HTTPS on loopback, its
// TLS certificate published as authCertRegServiceCert and its URL as authCertRegServiceAddress in
// the private parameters, so a security server can pin it. Each POST is decoded and verified with
// protocol/mserv (both signatures over the exact SOAP bytes, auth cert, owner cert + fresh OCSP,
// owner) against the published trust, recorded in the inbox, and answered text/xml with the echo
// and a requestId, or with a SOAP fault. The `impostor` knob makes it present another certificate
// (same subject, other key) so scenarios can check the security server refuses it.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ErrorCodes, isXRoadError, XRoadError } from '../../protocol/faults/index.js';
import {
  buildManagementResponse,
  readAuthCertRegRequest,
  verifyAuthCertRegRequest,
  type AuthCertRegRequest,
  type VerifiedAuthCertReg,
} from '../../protocol/mserv/index.js';
import { buildFault } from '../../protocol/soap/index.js';
import type { VerificationTrust } from '../../protocol/trust/index.js';
import { issueCertificate, type IssuedCert, type KeyAlgorithm } from '../pki/index.js';
import { readBody, send } from '../http/small-server.js';
import { RequestInbox } from '../http/request-inbox.js';

export const AUTH_CERT_REG_PATH = '/managementservice/';
const MAX_BODY = 1 << 20;

export interface ReceivedAuthCertReg {
  receivedAt: Date;
  contentType: string | undefined;
  body: Buffer;
  request?: AuthCertRegRequest;
  verified?: VerifiedAuthCertReg;
  error?: XRoadError;
  requestId?: number;
}

/** What the central server's authCertReg endpoint received and concluded. */
export class AuthCertRegInbox extends RequestInbox<ReceivedAuthCertReg> {
  /** TLS handshakes started (including refused ones): a refusing client still connects. */
  handshakes = 0;

  constructor() {
    super(5000);
  }

  override clear(): void {
    super.clear();
    this.handshakes = 0;
  }
}

export interface AuthCertRegService {
  /** https://127.0.0.1:PORT/managementservice/ */
  url: string;
  /** The certificate published as authCertRegServiceCert (DER). */
  certDer: Buffer;
  tls: IssuedCert;
  /** Same subject, other key: served while the impostor knob is on. */
  impostorTls: IssuedCert;
  inbox: AuthCertRegInbox;
  /** Present the impostor certificate (true) or the published one (false) on new connections. */
  serveImpostor(on: boolean): void;
  readonly servingImpostor: boolean;
  stop(): Promise<void>;
}

export interface AuthCertRegServiceOptions {
  trust: () => VerificationTrust;
  keyAlgorithm?: KeyAlgorithm;
  host?: string;
  now?: () => Date;
  socketTimeoutMs?: number;
}

const SUBJECT: Array<[string, string]> = [['C', 'FI'], ['O', 'roadtest'], ['CN', '127.0.0.1']];

export async function startAuthCertRegService(options: AuthCertRegServiceOptions): Promise<AuthCertRegService> {
  const host = options.host ?? '127.0.0.1';
  const keyAlgorithm = options.keyAlgorithm ?? 'rsa';
  const [tls, impostorTls] = await Promise.all([
    issueCertificate('self', { name: 'cs-management-tls', subject: SUBJECT, profile: 'harness', keyAlgorithm }),
    issueCertificate('self', { name: 'cs-management-tls-impostor', subject: SUBJECT, profile: 'harness', keyAlgorithm }),
  ]);
  const inbox = new AuthCertRegInbox();
  let impostor = false;
  const sockets = new Set<Socket>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      req.resume();
      return send(res, 405, Buffer.from('authCertReg is a POST\n'), 'text/plain; charset=utf-8');
    }
    const body = await readBody(req, MAX_BODY);
    const contentType = req.headers['content-type'];
    const record: ReceivedAuthCertReg = { receivedAt: new Date(), contentType, body: body ?? Buffer.alloc(0) };
    inbox.received.push(record);
    try {
      if (!body) throw new XRoadError(ErrorCodes.internalError, `Request body larger than ${MAX_BODY} bytes`);
      record.request = readAuthCertRegRequest(contentType, body);
      record.verified = verifyAuthCertRegRequest(record.request, { trust: options.trust(), atDate: (options.now ?? (() => new Date()))() });
      record.requestId = inbox.takeRequestId();
      const { soap, fields } = record.request.request;
      send(res, 200, buildManagementResponse(soap, 'authCertReg', fields, record.requestId), 'text/xml; charset=UTF-8');
    } catch (e) {
      record.error = isXRoadError(e) ? e : new XRoadError(ErrorCodes.internalError, (e as Error).message, undefined, { cause: e });
      send(res, 500, Buffer.from(buildFault({ faultCode: `Server.${record.error.code}`, faultString: record.error.message }), 'utf8'), 'text/xml; charset=UTF-8');
    }
  }

  const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  const timeout = options.socketTimeoutMs ?? 10_000;
  server.headersTimeout = timeout;
  server.requestTimeout = timeout * 3;
  server.setTimeout(timeout, (s) => s.destroy());
  server.keepAliveTimeout = 1_000;
  server.on('connection', (s: Socket) => {
    inbox.handshakes++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // A client refusing our certificate aborts the handshake; that is expected, not a crash.
  server.on('tlsClientError', () => undefined);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve((server.address() as { port: number }).port);
    });
  });

  return {
    url: `https://${host}:${port}${AUTH_CERT_REG_PATH}`,
    certDer: tls.certDer,
    tls,
    impostorTls,
    inbox,
    serveImpostor(on) {
      impostor = on;
      const c = on ? impostorTls : tls;
      server.setSecureContext({ cert: c.certPem, key: c.keyPem });
      // Kept-alive connections would still show the old certificate.
      for (const s of sockets) s.destroy();
    },
    get servingImpostor() {
      return impostor;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
