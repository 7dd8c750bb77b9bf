// Time-stamping authority simulator: RFC 3161 §3.4 over HTTP (POST application/timestamp-query ->
// application/timestamp-reply) on loopback. Tokens follow corrections.md §3 "TSA" so X-Road 7.8
// accepts them; fault knobs (knobs.ts) produce each refusal TSA-002/TSA-005 scenarios need. Bad
// requests get 4xx and never stop the server; every socket has a timeout.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApprovedTsa } from '../../protocol/trust/index.js';
import type { Accuracy, HashAlgorithm } from '../../protocol/timestamp/index.js';
import { readBody, requestMediaType, send, sendText, startSmallServer } from '../http/small-server.js';
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
  const now = options.now ?? (() => new Date());
  let serial = options.firstSerial ?? 1n;
  const state = new TsaKnobState();
  const hits: TsaHits = { total: 0, tokensIssued: 0, refusals: 0, badRequests: 0 };

  const badRequest = (res: ServerResponse, status: number, message: string) => {
    hits.badRequests++;
    sendText(res, status, message);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    hits.total++;
    if (req.method !== 'POST') {
      req.resume();
      res.setHeader('allow', 'POST');
      return badRequest(res, 405, 'RFC 3161 over HTTP uses POST');
    }
    if (requestMediaType(req) !== 'application/timestamp-query') {
      req.resume();
      return badRequest(res, 415, 'Content-Type must be application/timestamp-query');
    }
    const der = await readBody(req, MAX_TIMESTAMP_QUERY_BYTES);
    if (!der) {
      res.setHeader('connection', 'close');
      return badRequest(res, 413, `time-stamp query larger than ${MAX_TIMESTAMP_QUERY_BYTES} bytes`);
    }
    const answer = answerTimestampRequest(der, state, keys, answerOptions, now(), () => serial++);
    if (answer.delayMs > 0) await server.sleep(answer.delayMs);
    if (answer.kind === 'http') {
      if (answer.httpStatus >= 400 && answer.httpStatus < 500) hits.badRequests++;
      return sendText(res, answer.httpStatus, answer.message);
    }
    if (answer.serialNumber !== undefined) hits.tokensIssued++;
    else hits.refusals++;
    send(res, 200, answer.body, 'application/timestamp-reply');
  }

  const server = await startSmallServer(handle, {
    host: options.host,
    port: options.port,
    socketTimeoutMs: options.socketTimeoutMs,
    onClientError: () => {
      hits.total++;
      hits.badRequests++;
    },
  });
  const url = server.url;

  const knobs: TsaKnobs = {
    list: () => TSA_KNOBS,
    async set(name, value) {
      state.set(name, value);
      if (name === 'down') await server.goDown();
    },
    async clear(name) {
      state.clear(name);
      if (name === undefined || name === 'down') await server.comeBack();
    },
    active: () => state.snapshot(),
  };

  return {
    url,
    port: server.port,
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
    stop: () => server.stop(),
  };
}
