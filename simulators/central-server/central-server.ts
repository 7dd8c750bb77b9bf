// Central server simulator (GCONF-002..009): serves the signed configuration directories at
// /internalconf and /externalconf (`?version=N`, 404 for versions it does not serve, since any
// other answer counts as "available", corrections GCONF-002) and the part files at their
// Content-location paths, on loopback. Scenarios change `model` and call publish(); fault knobs
// (knobs.ts) break one artifact each. Bad requests get 4xx and never stop the server; every
// socket has a timeout.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  buildConfigurationAnchor,
  buildSignedDirectory,
  CONF_VERSIONS,
  trustFromSharedParams,
  parseSharedParameters,
  type ConfVersion,
  type DirectorySigningKey,
} from '../../protocol/globalconf/index.js';
import type { VerificationTrust } from '../../protocol/trust/index.js';
import { send, sendText, startSmallServer } from '../http/small-server.js';
import { issueCertificate, type IssuedCert, type TestPki } from '../pki/index.js';
import { instanceModelFromPki, type InstanceModel, type ModelFromPkiOptions } from './instance-model.js';
import { CENTRAL_SERVER_KNOBS, knobDescriptor, type KnobDescriptor, type KnobName, type KnobSettings, type KnobValues } from './knobs.js';
import { publish, type Publication } from './publication.js';
import { startAuthCertRegService, type AuthCertRegService } from './auth-cert-reg-service.js';

export type DirectoryKind = 'internal' | 'external';

export interface CentralServerOptions {
  /** The PKI whose centralServerSigner signs, and (unless `model` is given) whose instance is published. */
  pki: TestPki;
  model?: InstanceModel;
  modelOptions?: ModelFromPkiOptions;
  /** Signs externalconf (default: the same key as internalconf, pki.centralServerSigner). */
  externalSigner?: IssuedCert;
  /** Versions answered on `?version=N` (default 2..6); a request without `version` gets version 2. */
  versions?: readonly ConfVersion[];
  /** Expire-date = answer time + this (default 600 s, the CS default). */
  confExpireIntervalSeconds?: number;
  /** shared-params <source><address> (default `127.0.0.1:<port>`, so clients derive http://127.0.0.1:<port>/internalconf). */
  sourceAddress?: string;
  host?: string;
  port?: number;
  socketTimeoutMs?: number;
  /** Clock for Expire-date and generation folders (default: wall clock). */
  now?: () => Date;
  /**
   * Start the HTTPS authCertReg endpoint (MSERV-004) and publish its URL and TLS certificate as
   * authCertRegServiceAddress / authCertRegServiceCert (default false: key generation costs time).
   */
  authCertRegService?: boolean;
}

export interface RequestLogEntry {
  at: Date;
  method: string;
  path: string;
  kind?: DirectoryKind;
  version?: number;
  status: number;
}

export interface CentralServerKnobs {
  list(): readonly KnobDescriptor[];
  set<K extends KnobName>(name: K, value: KnobSettings[K]): Promise<void>;
  clear(name?: KnobName): Promise<void>;
  active(): KnobValues;
}

export interface CentralServerHandle {
  /** http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  port: number;
  internalConfUrl: string;
  externalConfUrl: string;
  /** The live instance model; call publish() after changing it. */
  model: InstanceModel;
  settings: { confExpireIntervalSeconds: number; versions: ConfVersion[] };
  /** Regenerates every version's files from `model` under a new generation folder. */
  publish(): Publication;
  readonly publication: Publication;
  knobs: CentralServerKnobs;
  readonly requests: readonly RequestLogEntry[];
  /** Versions asked for on /internalconf and /externalconf, in order (GCONF-002 log). */
  versionsRequested(kind?: DirectoryKind): number[];
  /** Anchor XML for a security server: this server's URL and the current (pre-rotation) signing cert. */
  anchorXml(kind?: DirectoryKind, generatedAt?: Date): string;
  /** Trust of the published instance, as a security server would derive it. */
  trust(): VerificationTrust;
  signers: { internal: IssuedCert; external: IssuedCert; rotated: IssuedCert; unknown: IssuedCert };
  /** The authCertReg endpoint, when started (options.authCertRegService). */
  authCertReg?: AuthCertRegService;
  stop(): Promise<void>;
}

const MAX_LOG = 2000;

export async function startCentralServer(options: CentralServerOptions): Promise<CentralServerHandle> {
  const pki = options.pki;
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? (() => new Date());
  const model = options.model ?? instanceModelFromPki(pki, options.modelOptions);
  const settings = { confExpireIntervalSeconds: options.confExpireIntervalSeconds ?? 600, versions: [...(options.versions ?? CONF_VERSIONS)] };
  const internalSigner = pki.centralServerSigner;
  const externalSigner = options.externalSigner ?? internalSigner;
  const [rotated, unknown] = await Promise.all([
    issueCertificate(pki.rootCa, { name: 'central-server-rotated', subject: [['C', 'FI'], ['O', 'roadtest'], ['CN', `roadtest ${pki.instance} central server signer (rotated)`]], profile: 'cs-signer', keyAlgorithm: pki.keyAlgorithm }),
    issueCertificate('self', { name: 'central-server-unknown', subject: [['C', 'FI'], ['O', 'roadtest'], ['CN', 'roadtest unknown configuration signer']], profile: 'cs-signer', keyAlgorithm: pki.keyAlgorithm }),
  ]);

  const knobState: KnobValues = {};
  const log: RequestLogEntry[] = [];
  let sequence = 0;
  let port = 0;
  const publications: Publication[] = [];

  const sourceAddress = () => options.sourceAddress ?? `${host}:${port}`;
  const sources = () => {
    const announce = knobState.keyRotation !== undefined;
    return [
      {
        address: sourceAddress(),
        internalVerificationCerts: announce ? [internalSigner.certDer, rotated.certDer] : [internalSigner.certDer],
        externalVerificationCerts: announce ? [externalSigner.certDer, rotated.certDer] : [externalSigner.certDer],
      },
    ];
  };
  const doPublish = (): Publication => {
    const p = publish(model, sources(), settings.versions, now(), sequence++);
    publications.push(p);
    // Keep the previous generations briefly: a client may fetch files listed a moment ago.
    while (publications.length > 3) publications.shift();
    return p;
  };
  const current = () => publications[publications.length - 1];

  function signerFor(kind: DirectoryKind): DirectorySigningKey {
    if (knobState.unknownSigner) return { privateKey: unknown.privateKey, cert: unknown.certDer };
    if (knobState.keyRotation?.stage === 'switch') return { privateKey: rotated.privateKey, cert: rotated.certDer };
    const s = kind === 'internal' ? internalSigner : externalSigner;
    return { privateKey: s.privateKey, cert: s.certDer };
  }

  function directoryBody(kind: DirectoryKind, version: ConfVersion): { body: Buffer; contentType: string } {
    const pub = current();
    const files = pub.versions.get(version);
    if (!files) throw new Error(`version ${version} is not published`);
    const t = now();
    const expireDate = knobState.expired ? new Date(t.getTime() - knobState.expired.secondsAgo * 1000) : new Date(t.getTime() + settings.confExpireIntervalSeconds * 1000);
    const built = buildSignedDirectory({
      expireDate,
      // Version 2 directories carry no Version header (the pre-v3 layout).
      version: version === 2 ? undefined : version,
      files: kind === 'internal' ? files.internal : files.external,
      signer: signerFor(kind),
      signOver: knobState.badSignature ? (b) => Buffer.concat([b, Buffer.from('\r\n')]) : undefined,
    });
    return { body: built.body, contentType: built.contentType };
  }

  /** The bytes of a part file, or undefined when it is (made) missing. */
  function partFile(path: string): Buffer | undefined {
    for (let i = publications.length - 1; i >= 0; i--) {
      const hit = publications[i].files.get(path);
      if (!hit) continue;
      const id = hit.file.contentIdentifier;
      if (knobState.missingPart?.contentIdentifier === id) return undefined;
      if (knobState.hashMismatch?.contentIdentifier === id) return Buffer.concat([hit.bytes, Buffer.from('<!-- altered after signing -->\n')]);
      return hit.bytes;
    }
    return undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const entry: RequestLogEntry = { at: now(), method: req.method ?? '', path: req.url ?? '', status: 0 };
    if (log.length >= MAX_LOG) log.shift();
    log.push(entry);
    const answer = (status: number, body: Buffer, contentType: string) => {
      entry.status = status;
      send(res, status, body, contentType);
    };
    const answerText = (status: number, line: string) => {
      entry.status = status;
      sendText(res, status, line);
    };
    if (knobState.slow) await server.sleep(knobState.slow.delayMs);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      res.setHeader('allow', 'GET, HEAD');
      return answerText(405, 'configuration is downloaded with GET');
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://x');
    } catch {
      return answerText(400, 'bad request target');
    }
    const path = url.pathname;
    if (path === '/internalconf' || path === '/externalconf') {
      const kind: DirectoryKind = path === '/internalconf' ? 'internal' : 'external';
      entry.kind = kind;
      const raw = url.searchParams.get('version');
      if (raw !== null && !/^\d{1,3}$/.test(raw)) return answerText(400, 'version must be a number');
      const version = raw === null ? 2 : Number(raw);
      entry.version = version;
      if (!(settings.versions as number[]).includes(version) || !current().versions.has(version as ConfVersion)) return answerText(404, `version ${version} is not served`);
      const d = directoryBody(kind, version as ConfVersion);
      return answer(200, d.body, d.contentType);
    }
    const file = partFile(path);
    return file ? answer(200, file, 'application/octet-stream') : answerText(404, 'not found');
  }

  const server = await startSmallServer(handle, {
    host,
    port: options.port,
    socketTimeoutMs: options.socketTimeoutMs,
    internalErrorText: (e) => `internal error: ${(e as Error).message}`,
  });
  port = server.port;
  let authCertReg: AuthCertRegService | undefined;
  if (options.authCertRegService) {
    // Verifies against what this server publishes, as the real central server's database is.
    authCertReg = await startAuthCertRegService({ trust: () => csHandle.trust(), keyAlgorithm: pki.keyAlgorithm, host, now });
    model.managementService = { ...model.managementService, authCertRegServiceAddress: authCertReg.url, authCertRegServiceCert: authCertReg.certDer };
  }
  doPublish();
  const url = `http://${host}:${port}`;

  const knobs: CentralServerKnobs = {
    list: () => CENTRAL_SERVER_KNOBS,
    async set(name, value) {
      if (!knobDescriptor(name)) throw new Error(`unknown central server knob '${String(name)}'`);
      const rotationBefore = knobState.keyRotation !== undefined;
      (knobState as Record<string, unknown>)[name] = value;
      // Announcing a key changes shared-params, so it is a new generation.
      if (name === 'keyRotation' && !rotationBefore) doPublish();
      if (name === 'down') await server.goDown();
    },
    async clear(name) {
      const names = name === undefined ? (Object.keys(knobState) as KnobName[]) : [name];
      const rotationBefore = knobState.keyRotation !== undefined;
      for (const n of names) delete knobState[n];
      if (rotationBefore && knobState.keyRotation === undefined) doPublish();
      if (knobState.down === undefined) await server.comeBack();
    },
    active: () => ({ ...knobState }),
  };

  const csHandle: CentralServerHandle = {
    url,
    port,
    internalConfUrl: `${url}/internalconf`,
    externalConfUrl: `${url}/externalconf`,
    model,
    settings,
    publish: doPublish,
    get publication() {
      return current();
    },
    knobs,
    get requests() {
      return log;
    },
    versionsRequested: (kind) => log.filter((e) => e.kind !== undefined && (kind === undefined || e.kind === kind) && e.version !== undefined).map((e) => e.version!),
    anchorXml: (kind = 'internal', generatedAt = now()) =>
      buildConfigurationAnchor({
        generatedAt,
        instanceIdentifier: model.instanceIdentifier,
        sources: [{ downloadURL: `${url}/${kind}conf`, verificationCerts: [(kind === 'internal' ? internalSigner : externalSigner).certDer] }],
      }),
    trust: () => {
      const v = Math.max(...settings.versions) as ConfVersion;
      const xml = current().versions.get(v)!.internal[0].content;
      return trustFromSharedParams(parseSharedParameters(Buffer.from(xml), v), model.optionalParts.nextUpdate);
    },
    signers: { internal: internalSigner, external: externalSigner, rotated, unknown },
    ...(authCertReg ? { authCertReg } : {}),
    stop: async () => {
      await authCertReg?.stop();
      await server.stop();
    },
  };
  return csHandle;
}

