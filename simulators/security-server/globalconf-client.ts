// The security server's configuration client (GCONF-001..013): downloads the signed directory from
// the anchor's source, verifies it, refreshes every `refreshSeconds`, and keeps the LAST GOOD copy
// whatever a later download brings (bad signature, unknown key, missing part, hash mismatch,
// server down or slow). Once that copy's Expire-date has passed, assertValid() refuses message
// exchange with `global_conf_outdated` (GCONF-008; USERS.md: "expired configuration takes a
// server off the network"). Signing-key rotation is followed through the shared-params
// `source` entries (GCONF-009): after the first good download they become further locations,
// each verified with its own internal/external verification certificates.
import type { X509Certificate } from 'node:crypto';
import {
  clientIdString,
  parseConfigurationAnchor,
  type ConfigurationAnchor,
  type SharedParameters,
} from '../../protocol/globalconf/index.js';
import { ErrorCodes, XRoadError } from '../../protocol/faults/index.js';
import type { VerificationTrust } from '../../protocol/trust/index.js';
import type { GlobalConfView, ListedSecurityServer } from './components.js';
import type { Defects } from './defects.js';
import { downloadFromLocation, type ConfLocation } from './globalconf-download.js';
import { ConfHttp } from './globalconf-http.js';
import { buildSnapshot, configuredOcspUrls, type ConfSnapshot } from './globalconf-snapshot.js';
import { verificationConfZip, writeConfigurationDirectory } from './globalconf-store.js';

export interface GlobalConfClientOptions {
  /** The configuration anchor file (GCONF-001) ... */
  anchorXml?: string | Buffer;
  /** ... or an already parsed anchor. */
  anchor?: ConfigurationAnchor;
  /** Seconds between downloads (X-Road `update-interval`, default 60). */
  refreshSeconds?: number;
  /** Clock for Expire-date checks (default: wall clock). */
  now?: () => Date;
  /** When given, every good copy is written there in the security server's directory layout. */
  storeDir?: string;
  /** Per HTTP request (default 10 s; keep it below refreshSeconds in tests). */
  timeoutMs?: number;
  /** Fail start-up when the first download fails (default true). */
  requireInitial?: boolean;
  /** Seeded defects (accept-expired-globalconf, drop-globalconf-on-failed-update); never on by default. */
  defects?: Pick<Defects, 'has'>;
}

export interface LocationError {
  url: string;
  origin: ConfLocation['origin'];
  code: string;
  message: string;
}

export type RefreshResult =
  | { ok: true; directoryUrl: string; origin: ConfLocation['origin']; changed: boolean; partsDownloaded: number; partsReused: number }
  | { ok: false; errors: LocationError[] };

export interface GlobalConfClientStatus {
  /** empty: no good copy yet; ok: last attempt succeeded; failing: last attempt failed, copy still valid; expired: copy past Expire-date. */
  state: 'empty' | 'ok' | 'failing' | 'expired';
  refreshes: number;
  successes: number;
  failures: number;
  lastAttemptAt?: Date;
  lastSuccessAt?: Date;
  /** The first location's error of the last failed attempt (the most preferred location). */
  lastError?: LocationError & { at: Date };
  /** Every location's error of the last failed attempt, in the order tried. */
  lastErrors: LocationError[];
  current?: { version: number; expireDate: Date; directoryUrl: string; origin: ConfLocation['origin']; downloadedAt: Date };
  /** Parts fetched / reused by the last successful download (GCONF-007: unchanged parts are not fetched). */
  lastPartsDownloaded: number;
  lastPartsReused: number;
}

export interface GlobalConfClient extends GlobalConfView {
  refresh(): Promise<RefreshResult>;
  stop(): Promise<void>;
  status(): GlobalConfClientStatus;
  anchor(): ConfigurationAnchor;
  /** The own instance's shared-params of the current copy. */
  sharedParameters(): SharedParameters;
  snapshot(): ConfSnapshot | undefined;
  /** Expire-date of the current copy. */
  expireDate(): Date | undefined;
  /** OCSP responder URLs configured for certificates `issuer` issued (OCSP-001). */
  ocspResponderUrls(issuer: X509Certificate): string[];
  /** FETCHINTERVAL optional part's ocspFetchInterval, when published (OCSP-006). */
  ocspFetchIntervalSeconds(): number | undefined;
  /** authCertHash algorithm of the current copy: SHA-1 for v2, SHA-256 for v3+ (GCONF-012). */
  authCertHashAlgorithm(): 'sha1' | 'sha256';
}

function outdated(): XRoadError {
  return new XRoadError(ErrorCodes.globalConfOutdated, 'Global configuration is expired');
}

function asLocationError(location: ConfLocation, e: unknown): LocationError {
  const x = e instanceof XRoadError ? e : new XRoadError(ErrorCodes.internalError, (e as Error).message ?? String(e));
  return { url: location.url, origin: location.origin, code: x.code, message: x.message };
}

/** Which directory the anchor points at: shared-params sources are followed for the same kind. */
function confKind(anchor: ConfigurationAnchor): 'internal' | 'external' {
  return anchor.sources.some((s) => /externalconf\/?(\?.*)?$/.test(s.downloadURL)) ? 'external' : 'internal';
}

class ConfigurationClient implements GlobalConfClient {
  private current: ConfSnapshot | undefined;
  private lastSuccessfulKey: string | undefined;
  private inFlight: Promise<RefreshResult> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly listeners: Array<() => void> = [];
  private readonly http: ConfHttp;
  private readonly now: () => Date;
  private readonly kind: 'internal' | 'external';
  private readonly stats: GlobalConfClientStatus = { state: 'empty', refreshes: 0, successes: 0, failures: 0, lastErrors: [], lastPartsDownloaded: 0, lastPartsReused: 0 };

  constructor(
    private readonly anchorData: ConfigurationAnchor,
    private readonly options: GlobalConfClientOptions,
  ) {
    this.http = new ConfHttp({ timeoutMs: options.timeoutMs });
    this.now = options.now ?? (() => new Date());
    this.kind = confKind(anchorData);
  }

  /** Last successful location first, then the anchor's sources, then shared-params sources (https, then http). */
  private locations(): ConfLocation[] {
    const all: ConfLocation[] = this.anchorData.sources.map((s) => ({ url: s.downloadURL, verificationCerts: s.verificationCerts, origin: 'anchor' as const }));
    for (const src of this.current?.own.shared.sources ?? []) {
      const certs = this.kind === 'internal' ? src.internalVerificationCerts : src.externalVerificationCerts;
      for (const scheme of ['https', 'http']) all.push({ url: `${scheme}://${src.address}/${this.kind}conf`, verificationCerts: certs, origin: 'shared-params' });
    }
    const key = (l: ConfLocation) => `${l.origin} ${l.url}`;
    const first = all.find((l) => key(l) === this.lastSuccessfulKey);
    return first ? [first, ...all.filter((l) => l !== first)] : all;
  }

  refresh(): Promise<RefreshResult> {
    this.inFlight ??= this.download().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async download(): Promise<RefreshResult> {
    const at = this.now();
    this.stats.refreshes++;
    this.stats.lastAttemptAt = at;
    const errors: LocationError[] = [];
    for (const location of this.locations()) {
      if (this.stopped) break;
      try {
        const dl = await downloadFromLocation(this.http, location, this.current?.files ?? [], { now: this.now(), instanceIdentifier: this.anchorData.instanceIdentifier });
        const snapshot = buildSnapshot({
          instanceIdentifier: this.anchorData.instanceIdentifier,
          version: dl.version,
          expireDate: dl.directory.expireDate,
          directoryUrl: dl.directoryUrl,
          origin: location.origin,
          downloadedAt: this.now(),
          files: dl.files,
          content: dl.content,
        });
        const changed = !this.current || !sameFiles(this.current, snapshot);
        this.accept(snapshot, location, dl.partsDownloaded, dl.partsReused);
        return { ok: true, directoryUrl: dl.directoryUrl, origin: location.origin, changed, partsDownloaded: dl.partsDownloaded, partsReused: dl.partsReused };
      } catch (e) {
        errors.push(asLocationError(location, e));
      }
    }
    // Seeded defect drop-globalconf-on-failed-update: the refused update takes the last good copy
    // with it, where X-Road keeps serving that copy until its Expire-date (GCONF-004/007).
    if (this.options.defects?.has('drop-globalconf-on-failed-update') && !this.stopped) this.current = undefined;
    this.stats.failures++;
    this.stats.lastErrors = errors;
    if (errors[0]) this.stats.lastError = { ...errors[0], at };
    return { ok: false, errors };
  }

  private accept(snapshot: ConfSnapshot, location: ConfLocation, downloaded: number, reused: number): void {
    this.current = snapshot;
    this.lastSuccessfulKey = `${location.origin} ${location.url}`;
    this.stats.successes++;
    this.stats.lastSuccessAt = snapshot.downloadedAt;
    this.stats.lastErrors = [];
    this.stats.lastPartsDownloaded = downloaded;
    this.stats.lastPartsReused = reused;
    if (this.options.storeDir) writeConfigurationDirectory(this.options.storeDir, snapshot);
    for (const l of this.listeners) {
      try {
        l();
      } catch {
        // a listener's failure must not undo a good refresh
      }
    }
  }

  schedule(): void {
    if (this.stopped) return;
    const ms = Math.max(50, (this.options.refreshSeconds ?? 60) * 1000);
    this.timer = setTimeout(() => {
      void this.refresh().finally(() => this.schedule());
    }, ms);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.inFlight?.catch(() => undefined);
    await this.http.close();
  }

  status(): GlobalConfClientStatus {
    const c = this.current;
    const lastFailed = this.stats.lastErrors.length > 0;
    const state = !c ? 'empty' : this.now().getTime() > c.expireDate.getTime() ? 'expired' : lastFailed ? 'failing' : 'ok';
    return {
      ...this.stats,
      lastErrors: [...this.stats.lastErrors],
      state,
      ...(c ? { current: { version: c.version, expireDate: c.expireDate, directoryUrl: c.directoryUrl, origin: c.origin, downloadedAt: c.downloadedAt } } : {}),
    };
  }

  private snap(): ConfSnapshot {
    if (!this.current) throw outdated();
    return this.current;
  }

  assertValid(now: Date = this.now()): void {
    const c = this.current;
    if (!c) throw outdated();
    // Seeded defect accept-expired-globalconf: the Expire-date is not looked at (GCONF-008).
    if (this.options.defects?.has('accept-expired-globalconf')) return;
    if (now.getTime() > c.expireDate.getTime()) throw outdated();
  }

  instance(): string {
    return this.anchorData.instanceIdentifier;
  }

  trust(): VerificationTrust {
    return this.snap().trust;
  }

  securityServers(): ListedSecurityServer[] {
    return this.current?.servers ?? [];
  }

  members(): Array<{ id: string; name: string; subsystemName?: string }> {
    return this.current?.members ?? [];
  }

  timestampingIntervalSeconds(): number {
    return this.current?.own.private?.timeStampingIntervalSeconds ?? 60;
  }

  verificationConfZip(): Promise<Buffer> {
    return this.current ? verificationConfZip(this.current) : Promise.reject(outdated());
  }

  onUpdate(listener: () => void): void {
    this.listeners.push(listener);
  }

  anchor(): ConfigurationAnchor {
    return this.anchorData;
  }

  monitoringClient(): string | undefined {
    const id = this.current?.own.monitoring?.monitoringClientId;
    return id ? clientIdString(id) : undefined;
  }

  sharedParameters(): SharedParameters {
    return this.snap().own.shared;
  }

  snapshot(): ConfSnapshot | undefined {
    return this.current;
  }

  expireDate(): Date | undefined {
    return this.current?.expireDate;
  }

  ocspResponderUrls(issuer: X509Certificate): string[] {
    return this.current ? configuredOcspUrls(this.current.own.shared, issuer) : [];
  }

  ocspFetchIntervalSeconds(): number | undefined {
    return this.current?.own.fetchInterval?.ocspFetchInterval;
  }

  authCertHashAlgorithm(): 'sha1' | 'sha256' {
    return (this.current?.version ?? 6) === 2 ? 'sha1' : 'sha256';
  }
}

function sameFiles(a: ConfSnapshot, b: ConfSnapshot): boolean {
  if (a.files.length !== b.files.length) return false;
  return a.files.every((f, i) => f.fileName === b.files[i].fileName && f.instance === b.files[i].instance && f.bytes.equals(b.files[i].bytes));
}

/** Starts the client: downloads once (rejecting with the first location's error unless requireInitial is false), then refreshes on a timer. */
export async function startGlobalConfClient(options: GlobalConfClientOptions): Promise<GlobalConfClient> {
  const anchor = options.anchor ?? (options.anchorXml !== undefined ? parseConfigurationAnchor(options.anchorXml) : undefined);
  if (!anchor) throw new XRoadError(ErrorCodes.internalError, 'startGlobalConfClient needs anchorXml or anchor');
  const client = new ConfigurationClient(anchor, options);
  const first = await client.refresh();
  if (!first.ok && options.requireInitial !== false) {
    await client.stop();
    const e = first.errors[0];
    throw new XRoadError(e?.code ?? ErrorCodes.internalError, `Could not download global configuration of ${anchor.instanceIdentifier}: ${e?.message ?? 'no locations'}`);
  }
  client.schedule();
  return client;
}
