// OCSP responder simulator: RFC 6960 over HTTP (Appendix A: POST application/ocsp-request, or GET
// with the base64 request in the path) on loopback. Answers come from answer.ts under the fault
// knobs in knobs.ts; hits are counted for OCSP-006 refresh-cadence checks. Bad requests get 4xx
// and never stop the server; every socket has a timeout.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HashName } from '../../protocol/ocsp/index.js';
import { readBody, requestMediaType, send, sendText, startSmallServer } from '../http/small-server.js';
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
  const now = options.now ?? (() => new Date());
  const state = new KnobState();
  for (const c of options.goodCertificates ?? []) state.set('good', true, c);

  const hits: OcspResponderHits = { total: 0, answered: 0, rejected: 0, bySerial: new Map() };

  const reject = (res: ServerResponse, status: number, message: string) => {
    hits.rejected++;
    sendText(res, status, message);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    hits.total++;
    let der: Buffer | undefined;
    if (req.method === 'POST') {
      if (requestMediaType(req) !== 'application/ocsp-request') {
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
    if (answer.delayMs > 0) await server.sleep(answer.delayMs);
    if (answer.kind === 'http') sendText(res, answer.httpStatus, `simulated HTTP ${answer.httpStatus}`);
    else send(res, answer.httpStatus, answer.body, 'application/ocsp-response');
  }

  const server = await startSmallServer(handle, {
    host: options.host,
    port: options.port,
    socketTimeoutMs: options.socketTimeoutMs,
    onClientError: () => {
      hits.total++;
      hits.rejected++;
    },
  });

  const knobs: OcspResponderKnobs = {
    list: () => OCSP_RESPONDER_KNOBS,
    async set(name, value, target) {
      if (name === 'down') {
        if (target !== undefined) throw new Error("knob 'down' is global only");
        state.set('down', true);
        await server.goDown();
        return;
      }
      state.set(name, value, target);
    },
    async clear(name, target) {
      state.clear(name, target);
      if (target === undefined && (name === undefined || name === 'down')) await server.comeBack();
    },
    async resetFaults() {
      state.resetFaults();
      await knobs.clear('down');
    },
    active: () => state.snapshot(),
  };

  return {
    url: server.url,
    port: server.port,
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
    stop: () => server.stop(),
  };
}
