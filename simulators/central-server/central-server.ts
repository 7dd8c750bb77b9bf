// Central server simulator (GCONF-002..009): serves the signed configuration directories at
// /internalconf and /externalconf (`?version=N`, 404 for versions it does not serve, since any
// other answer counts as "available", corrections GCONF-002) and the part files at their
// Content-location paths, on loopback. Scenarios change `model` and call publish(); fault knobs
// (knobs.ts) break one artifact each. Bad requests get 4xx and never stop the server; every
// socket has a timeout.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
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
import { issueCertificate, type IssuedCert, type TestPki } from '../pki/index.js';
import { instanceModelFromPki, type InstanceModel, type ModelFromPkiOptions } from './instance-model.js';
import { CENTRAL_SERVER_KNOBS, knobDescriptor, type KnobDescriptor, type KnobName, type KnobSettings, type KnobValues } from './knobs.js';
import { publish, type Publication } from './publication.js';

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
  stop(): Promise<void>;
}

const MAX_LOG = 2000;

function send(res: ServerResponse, status: number, body: Buffer | string, contentType = 'text/plain; charset=utf-8'): void {
  if (res.headersSent || res.destroyed) return;
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'content-type': contentType, 'content-length': buf.length, 'cache-control': 'no-store' });
  res.end(buf);
}

export async function startCentralServer(options: CentralServerOptions): Promise<CentralServerHandle> {
  const pki = options.pki;
  const host = options.host ?? '127.0.0.1';
  const socketTimeoutMs = options.socketTimeoutMs ?? 10_000;
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
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  let down = false;
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

  function partFile(path: string): { status: number; body: Buffer } {
    for (let i = publications.length - 1; i >= 0; i--) {
      const hit = publications[i].files.get(path);
      if (!hit) continue;
      const id = hit.file.contentIdentifier;
      if (knobState.missingPart?.contentIdentifier === id) return { status: 404, body: Buffer.from('not found\n') };
      if (knobState.hashMismatch?.contentIdentifier === id) return { status: 200, body: Buffer.concat([hit.bytes, Buffer.from('<!-- altered after signing -->\n')]) };
      return { status: 200, body: hit.bytes };
    }
    return { status: 404, body: Buffer.from('not found\n') };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const entry: RequestLogEntry = { at: now(), method: req.method ?? '', path: req.url ?? '', status: 0 };
    if (log.length >= MAX_LOG) log.shift();
    log.push(entry);
    const answer = (status: number, body: Buffer | string, contentType?: string) => {
      entry.status = status;
      send(res, status, body, contentType);
    };
    if (knobState.slow) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve();
        }, knobState.slow!.delayMs);
        timers.add(t);
      });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      res.setHeader('allow', 'GET, HEAD');
      return answer(405, 'configuration is downloaded with GET\n');
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://x');
    } catch {
      return answer(400, 'bad request target\n');
    }
    const path = url.pathname;
    if (path === '/internalconf' || path === '/externalconf') {
      const kind: DirectoryKind = path === '/internalconf' ? 'internal' : 'external';
      entry.kind = kind;
      const raw = url.searchParams.get('version');
      if (raw !== null && !/^\d{1,3}$/.test(raw)) return answer(400, 'version must be a number\n');
      const version = raw === null ? 2 : Number(raw);
      entry.version = version;
      if (!(settings.versions as number[]).includes(version) || !current().versions.has(version as ConfVersion)) return answer(404, `version ${version} is not served\n`);
      const d = directoryBody(kind, version as ConfVersion);
      return answer(200, d.body, d.contentType);
    }
    const file = partFile(path);
    return answer(file.status, file.body, file.status === 200 ? 'application/octet-stream' : undefined);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, `internal error: ${(e as Error).message}\n`);
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
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, host, () => {
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

  port = await listen(options.port ?? 0);
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
      if (name === 'down' && !down) {
        down = true;
        await close();
      }
    },
    async clear(name) {
      const names = name === undefined ? (Object.keys(knobState) as KnobName[]) : [name];
      const rotationBefore = knobState.keyRotation !== undefined;
      for (const n of names) delete knobState[n];
      if (rotationBefore && knobState.keyRotation === undefined) doPublish();
      if (down && knobState.down === undefined && !stopped) {
        down = false;
        await listen(port);
      }
    },
    active: () => ({ ...knobState }),
  };

  return {
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
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await close();
    },
  };
}

