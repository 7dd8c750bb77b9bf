// Time-stamping authority simulator: RFC 3161 §3.4 over HTTP (POST application/timestamp-query ->
// application/timestamp-reply) on loopback. Tokens follow corrections.md §3 "TSA" so X-Road 7.8
// accepts them; fault knobs (knobs.ts) produce each refusal TSA-002/TSA-005 scenarios need. Bad
// requests get 4xx and never stop the server; every socket has a timeout.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ApprovedTsa } from '../../protocol/trust/index.js';
import type { Accuracy, HashAlgorithm } from '../../protocol/timestamp/index.js';
import { issueCertificate, type IssuedCert, type TestPki } from '../pki/index.js';
import { answerTimestampRequest, type TsaAnswerOptions, type TsaKeys } from './answer.js';
import { TSA_KNOBS, TsaKnobState, type TsaKnobDescriptor, type TsaKnobName, type TsaKnobSettings, type TsaKnobValues } from './knobs.js';

export const MAX_TIMESTAMP_QUERY_BYTES = 64 * 1024;

/** OpenSSL's example `tsa_policy1`, the policy of the TSA in X-Road's own test CA (dev-* vectors). */
export const DEFAULT_TSA_POLICY = '1.2.3.4.1';

export interface TsaOptions {
  /** Take the approved TSA signer (tsaSigner) and the root that issues the unknown signer from a test PKI ... */
  pki?: Pick<TestPki, 'rootCa' | 'tsaSigner'>;
  /** ... or give the signer directly (wins over `pki`). */
  signer?: IssuedCert;
  /** Signer for the unknownSigner knob; default: a TSA cert issued at start by pki.rootCa (self-signed without one). */
  unknownSigner?: IssuedCert;
  policy?: string;
  accuracy?: Accuracy;
  /** SignerInfo digest (default sha256). */
  signerDigest?: HashAlgorithm;
  /** ESS signing-certificate attribute version (default 2). */
  essCertIdVersion?: 1 | 2;
  /** Add the CMS signingTime attribute (default true, as OpenSSL does). */
  signingTime?: boolean;
  /** First TSTInfo serial number (default 1); each token takes the next. */
  firstSerial?: bigint;
  /** Name given to the approvedTSA entry this TSA offers for global configuration. */
  name?: string;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Idle socket timeout (default 10 s). */
  socketTimeoutMs?: number;
  /** Clock for genTime/signingTime (default: wall clock). */
  now?: () => Date;
}

export interface TsaHits {
  /** Every HTTP request received (including ones refused before parsing). */
  total: number;
  /** Tokens issued (status granted / grantedWithMods, faulty tokens included). */
  tokensIssued: number;
  /** Answers with PKIStatus rejection (knob, or a request we cannot serve). */
  refusals: number;
  /** Requests refused with 4xx (method, content type, size, undecodable body). */
  badRequests: number;
}

export interface TsaKnobs {
  /** The declared knobs: name, description, requirements. */
  list(): readonly TsaKnobDescriptor[];
  set<K extends TsaKnobName>(name: K, value: TsaKnobSettings[K]): Promise<void>;
  /** Clears one knob, or every knob (back to granted). */
  clear(name?: TsaKnobName): Promise<void>;
  active(): TsaKnobValues;
}

export interface TsaHandle {
  url: string;
  port: number;
  knobs: TsaKnobs;
  readonly hits: TsaHits;
  resetHits(): void;
  /** The approved TSA: its certificate goes into shared-params approvedTSA/cert. */
  signer: IssuedCert;
  /** The signer the unknownSigner knob uses (not approved anywhere). */
  unknownSigner: IssuedCert;
  /** The approvedTSA entry for global configuration / VerificationTrust. */
  approvedTsa: ApprovedTsa;
  stop(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: Buffer, contentType: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': body.length, 'cache-control': 'no-store' });
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

export async function startTsa(options: TsaOptions): Promise<TsaHandle> {
  const signer = options.signer ?? options.pki?.tsaSigner;
  if (!signer) throw new Error('startTsa needs a signer: options.signer or options.pki');
  const unknownSigner =
    options.unknownSigner ??
    (await issueCertificate(options.pki?.rootCa ?? 'self', {
      name: 'unapproved-tsa',
      subject: [['C', 'FI'], ['O', 'roadtest'], ['CN', 'roadtest unapproved TSA']],
      profile: 'tsa',
      keyAlgorithm: signer.keyAlgorithm,
    }));
  const keys: TsaKeys = { signer, unknownSigner };
  const answerOptions: TsaAnswerOptions = {
    policy: options.policy ?? DEFAULT_TSA_POLICY,
    accuracy: options.accuracy,
    signerDigest: options.signerDigest ?? 'sha256',
    essCertIdVersion: options.essCertIdVersion ?? 2,
    signingTime: options.signingTime ?? true,
  };
  const host = options.host ?? '127.0.0.1';
  const socketTimeoutMs = options.socketTimeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());
  let serial = options.firstSerial ?? 1n;
  const state = new TsaKnobState();
  const hits: TsaHits = { total: 0, tokensIssued: 0, refusals: 0, badRequests: 0 };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const badRequest = (res: ServerResponse, status: number, message: string) => {
    hits.badRequests++;
    send(res, status, Buffer.from(message + '\n'), 'text/plain; charset=utf-8');
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    hits.total++;
    if (req.method !== 'POST') {
      req.resume();
      res.setHeader('allow', 'POST');
      return badRequest(res, 405, 'RFC 3161 over HTTP uses POST');
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/timestamp-query') {
      req.resume();
      return badRequest(res, 415, 'Content-Type must be application/timestamp-query');
    }
    const der = await readBody(req, MAX_TIMESTAMP_QUERY_BYTES);
    if (!der) {
      res.setHeader('connection', 'close');
      return badRequest(res, 413, `time-stamp query larger than ${MAX_TIMESTAMP_QUERY_BYTES} bytes`);
    }
    const answer = answerTimestampRequest(der, state, keys, answerOptions, now(), () => serial++);
    if (answer.delayMs > 0) await sleep(answer.delayMs);
    if (answer.kind === 'http') {
      if (answer.httpStatus >= 400 && answer.httpStatus < 500) hits.badRequests++;
      return send(res, answer.httpStatus, Buffer.from(answer.message + '\n'), 'text/plain; charset=utf-8');
    }
    if (answer.serialNumber !== undefined) hits.tokensIssued++;
    else hits.refusals++;
    send(res, 200, answer.body, 'application/timestamp-reply');
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
    hits.badRequests++;
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
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
  const url = `http://${host}:${port}/`;
  let down = false;

  const knobs: TsaKnobs = {
    list: () => TSA_KNOBS,
    async set(name, value) {
      state.set(name, value);
      if (name === 'down' && !down) {
        down = true;
        await close();
      }
    },
    async clear(name) {
      state.clear(name);
      if (down && (name === undefined || name === 'down') && !stopped) {
        down = false;
        await listen(port);
      }
    },
    active: () => state.snapshot(),
  };

  return {
    url,
    port,
    knobs,
    hits,
    resetHits() {
      hits.total = 0;
      hits.tokensIssued = 0;
      hits.refusals = 0;
      hits.badRequests = 0;
    },
    signer,
    unknownSigner,
    approvedTsa: { name: options.name ?? 'roadtest TSA', url, cert: signer.cert },
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await close();
    },
  };
}
