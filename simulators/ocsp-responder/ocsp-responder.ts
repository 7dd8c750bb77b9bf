// OCSP responder simulator: RFC 6960 over HTTP (Appendix A: POST application/ocsp-request, or GET
// with the base64 request in the path) on loopback. Answers come from answer.ts under the fault
// knobs in knobs.ts; hits are counted for OCSP-006 refresh-cadence checks. Bad requests get 4xx
// and never stop the server; every socket has a timeout.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HashName } from '../../protocol/ocsp/index.js';
import { issueCertificate, type IssuedCert, type TestPki } from '../pki/index.js';
import { answerOcspRequest, type AnswerOptions, type ResponderKeys } from './answer.js';
import { KnobState, serialKey, type CertTarget } from './knob-state.js';
import { OCSP_RESPONDER_KNOBS, type KnobDescriptor, type KnobName, type KnobSettings, type RevokedSetting } from './knobs.js';

export const MAX_OCSP_REQUEST_BYTES = 64 * 1024;

export interface OcspResponderOptions {
  /** Take the CA (issuingCa) and delegated responder (ocspSigner) from a test PKI ... */
  pki?: Pick<TestPki, 'issuingCa' | 'ocspSigner'>;
  /** ... or give them directly (these win over `pki`). */
  ca?: IssuedCert;
  delegatedSigner?: IssuedCert;
  /** 'delegated' (default when a delegated signer exists): sign with it and put its cert in `certs`; 'ca': sign with the CA key. */
  signWith?: 'delegated' | 'ca';
  responderIdKind?: 'byName' | 'byKey';
  /** Add nextUpdate = thisUpdate + seconds to every SingleResponse (default: none). */
  nextUpdateSeconds?: number;
  signatureHash?: HashName;
  /** Status for serials of our CA that nobody registered (default 'unknown'). */
  defaultStatus?: 'good' | 'unknown';
  /** Certificates to answer 'good' for from the start. */
  goodCertificates?: CertTarget[];
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Idle socket timeout (default 10 s). */
  socketTimeoutMs?: number;
  /** Clock for producedAt/thisUpdate (default: wall clock). */
  now?: () => Date;
}

export interface OcspResponderHits {
  /** Every HTTP request received. */
  total: number;
  /** Requests answered with an OCSPResponse for a parsable OCSP request. */
  answered: number;
  /** Requests refused with 4xx (bad method, content type, size, encoding, unparsable body). */
  rejected: number;
  /** Answered requests per certificate serial (lowercase hex). */
  bySerial: Map<string, number>;
}

export interface OcspResponderKnobs {
  /** The declared knobs: name, description, scope. */
  list(): readonly KnobDescriptor[];
  set<K extends KnobName>(name: K, value: KnobSettings[K], target?: CertTarget): Promise<void>;
  /** Clears one knob, or all knobs of the target (global when no target). */
  clear(name?: KnobName, target?: CertTarget): Promise<void>;
  /** Clears every fault knob (global and per certificate) and brings a 'down' listener back; statuses stay. */
  resetFaults(): Promise<void>;
  active(): ReturnType<KnobState['snapshot']>;
}

export interface OcspResponderHandle {
  url: string;
  port: number;
  knobs: OcspResponderKnobs;
  /** Per-certificate status registry (shorthands for the status knobs). */
  certificates: {
    good(target: CertTarget): void;
    revoked(target: CertTarget, setting?: RevokedSetting): void;
    unknown(target: CertTarget): void;
    forget(target: CertTarget): void;
  };
  readonly hits: OcspResponderHits;
  hitsFor(target: CertTarget): number;
  resetHits(): void;
  /** The self-signed responder the unauthorisedSigner knob signs with. */
  rogueSigner: IssuedCert;
  stop(): Promise<void>;
}

function send(res: ServerResponse, status: number, body?: Buffer, contentType = 'application/ocsp-response'): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | number> = { 'content-length': body?.length ?? 0, 'cache-control': 'no-store' };
  if (body) headers['content-type'] = contentType;
  res.writeHead(status, headers);
  res.end(body);
}

/** Reads the body up to the limit; undefined when it is larger (the caller answers 413). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) return resolve(undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function decodeGetRequest(path: string): Buffer | undefined {
  const encoded = path.replace(/^\/+/, '');
  if (!encoded) return undefined;
  let text: string;
  try {
    text = decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const der = Buffer.from(text, 'base64');
  return der.length > 0 && der.length <= MAX_OCSP_REQUEST_BYTES ? der : undefined;
}

export async function startOcspResponder(options: OcspResponderOptions): Promise<OcspResponderHandle> {
  const ca = options.ca ?? options.pki?.issuingCa;
  if (!ca) throw new Error('startOcspResponder needs a CA: options.ca or options.pki');
  const delegated = options.delegatedSigner ?? options.pki?.ocspSigner;
  const rogue = await issueCertificate('self', {
    name: 'rogue-ocsp',
    subject: [['C', 'FI'], ['O', 'roadtest'], ['CN', 'roadtest unauthorised OCSP responder']],
    profile: 'ocsp',
    keyAlgorithm: ca.keyAlgorithm,
  });
  const keys: ResponderKeys = { ca, delegated, rogue };
  const answerOptions: AnswerOptions = {
    signWith: options.signWith ?? (delegated ? 'delegated' : 'ca'),
    responderIdKind: options.responderIdKind ?? 'byName',
    nextUpdateSeconds: options.nextUpdateSeconds,
    signatureHash: options.signatureHash ?? 'sha256',
    defaultStatus: options.defaultStatus ?? 'unknown',
  };
  if (answerOptions.signWith === 'delegated' && !delegated) throw new Error("signWith 'delegated' needs a delegated signer");
  const host = options.host ?? '127.0.0.1';
  const socketTimeoutMs = options.socketTimeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());
  const state = new KnobState();
  for (const c of options.goodCertificates ?? []) state.set('good', true, c);

  const hits: OcspResponderHits = { total: 0, answered: 0, rejected: 0, bySerial: new Map() };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const reject = (res: ServerResponse, status: number, message: string) => {
    hits.rejected++;
    send(res, status, Buffer.from(message + '\n'), 'text/plain; charset=utf-8');
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    hits.total++;
    let der: Buffer | undefined;
    if (req.method === 'POST') {
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'application/ocsp-request') {
        req.resume();
        return reject(res, 415, 'Content-Type must be application/ocsp-request');
      }
      der = await readBody(req, MAX_OCSP_REQUEST_BYTES);
      if (!der) {
        res.setHeader('connection', 'close');
        return reject(res, 413, `OCSP request larger than ${MAX_OCSP_REQUEST_BYTES} bytes`);
      }
    } else if (req.method === 'GET') {
      der = decodeGetRequest(new URL(req.url ?? '/', 'http://x').pathname);
      if (!der) return reject(res, 400, 'GET path must be a base64 OCSP request (RFC 6960 A.1.1)');
    } else {
      req.resume();
      res.setHeader('allow', 'GET, POST');
      return reject(res, 405, 'OCSP uses GET or POST');
    }

    const answer = answerOcspRequest(der, state, keys, answerOptions, now());
    if (answer.httpStatus >= 400 && answer.httpStatus < 500 && answer.serials.length === 0) hits.rejected++;
    else {
      hits.answered++;
      for (const s of answer.serials) hits.bySerial.set(s, (hits.bySerial.get(s) ?? 0) + 1);
    }
    if (answer.delayMs > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve();
        }, answer.delayMs);
        timers.add(t);
      });
    }
    if (answer.kind === 'http') send(res, answer.httpStatus, Buffer.from(`simulated HTTP ${answer.httpStatus}\n`), 'text/plain; charset=utf-8');
    else send(res, answer.httpStatus, answer.body);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, Buffer.from('internal error\n'), 'text/plain; charset=utf-8');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = socketTimeoutMs;
  server.requestTimeout = socketTimeoutMs * 3;
  server.setTimeout(socketTimeoutMs, (socket) => socket.destroy());
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => {
    hits.total++;
    hits.rejected++;
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  const listen = (port: number) =>
    new Promise<number>((resolve, rejectListen) => {
      server.once('error', rejectListen);
      server.listen(port, host, () => {
        server.off('error', rejectListen);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });

  const port = await listen(options.port ?? 0);
  let down = false;

  const knobs: OcspResponderKnobs = {
    list: () => OCSP_RESPONDER_KNOBS,
    async set(name, value, target) {
      if (name === 'down') {
        if (target !== undefined) throw new Error("knob 'down' is global only");
        state.set('down', true);
        if (!down) {
          down = true;
          await close();
        }
        return;
      }
      state.set(name, value, target);
    },
    async clear(name, target) {
      state.clear(name, target);
      if (down && target === undefined && (name === undefined || name === 'down') && !stopped) {
        down = false;
        await listen(port);
      }
    },
    async resetFaults() {
      state.resetFaults();
      await knobs.clear('down');
    },
    active: () => state.snapshot(),
  };

  return {
    url: `http://${host}:${port}/`,
    port,
    knobs,
    certificates: {
      good: (t) => state.set('good', true, t),
      revoked: (t, s = {}) => state.set('revoked', s, t),
      unknown: (t) => state.set('unknown', true, t),
      forget: (t) => state.clear(undefined, t),
    },
    hits,
    hitsFor: (t) => hits.bySerial.get(serialKey(t)) ?? 0,
    resetHits() {
      hits.total = 0;
      hits.answered = 0;
      hits.rejected = 0;
      hits.bySerial.clear();
    },
    rogueSigner: rogue,
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await close();
    },
  };
}
