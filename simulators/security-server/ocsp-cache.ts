// The security server's OCSP responses (OCSP-001..008). Own certificates (auth, sign and their
// intermediate CAs): fetched from the issuing approved CA's responders, verified against the
// current trust, refreshed every fetch interval (FETCHINTERVAL part, else ocspFreshnessSeconds/10,
// OCSP-006) in the background, and served while fresh; once no fresh good response can be had,
// ownResponse() throws and the server can neither sign nor authenticate (OCSP-008). A failed
// refresh keeps the previous response in service for as long as it stays fresh. Peers' responses
// (transport OCSP parts, :5577 downloads) are remembered for the download role and are reused on
// the consumer side only while they still verify as fresh (USERS.md, joint-development#157).
import { createHash, type X509Certificate } from 'node:crypto';
import { ErrorCodes, XRoadError } from '../../protocol/faults/index.js';
import { parseOcspResponse, type CertStatus } from '../../protocol/ocsp/index.js';
import type { VerificationTrust } from '../../protocol/trust/index.js';
import type { OcspCache } from './components.js';
import { ocspCheckFor, trustForOcspChecks, type OcspDefects } from './ocsp-defects.js';
import { aiaOcspUrl, fetchOcspResponse, findApprovedIssuer, httpOcspFetcher, subjectOf, trustResponderUrls, type OcspFetcher } from './ocsp-fetch.js';

/** What the cache needs from the configuration; a GlobalConfClient provides all of it. */
export interface OcspConfSource {
  trust(): VerificationTrust;
  /** Responders configured for certificates `issuer` issued (topCA/intermediateCA `ocsp/url`). */
  ocspResponderUrls?(issuer: X509Certificate): string[];
  /** FETCHINTERVAL ocspFetchInterval, when published. */
  ocspFetchIntervalSeconds?(): number | undefined;
}

export interface OcspCacheOptions {
  globalConf: OcspConfSource;
  /** Own certificates to keep fresh from the start (others join on first ownResponse()). */
  ownCerts?: X509Certificate[];
  /** Fixed fetch interval (tests use short ones); default FETCHINTERVAL, else freshness/10. */
  fetchIntervalSeconds?: number;
  fetcher?: OcspFetcher;
  /** Per responder request (default 10 s). */
  timeoutMs?: number;
  now?: () => Date;
  /** Peers' responses kept at most (oldest dropped first). */
  maxPeerEntries?: number;
  /** Seeded defects of the OCSP checks (accept-revoked-ocsp, ignore-ocsp-freshness; ocsp-defects.ts). */
  defects?: OcspDefects;
}

interface OwnEntry {
  cert: X509Certificate;
  sha1: string;
  der?: Buffer;
  status?: CertStatus;
  thisUpdate?: Date;
  url?: string;
  fetchedAt?: Date;
  lastAttemptAt?: Date;
  lastError?: string;
  fetching?: Promise<void>;
}

export interface OwnOcspStatus {
  sha1: string;
  subject: string;
  status?: CertStatus['kind'];
  thisUpdate?: Date;
  url?: string;
  fetchedAt?: Date;
  lastAttemptAt?: Date;
  lastError?: string;
}

const hex = (alg: 'sha1' | 'sha256', cert: X509Certificate) => createHash(alg).update(cert.raw).digest('hex');

export class XRoadOcspCache implements OcspCache {
  private readonly own = new Map<string, OwnEntry>();
  private readonly peers = new Map<string, { cert: X509Certificate; der: Buffer }>();
  private readonly sha256ToSha1 = new Map<string, string>();
  private readonly fetcher: OcspFetcher;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly options: OcspCacheOptions) {
    this.fetcher = options.fetcher ?? httpOcspFetcher(options.timeoutMs);
    this.now = options.now ?? (() => new Date());
    for (const c of options.ownCerts ?? []) this.entry(c);
  }

  /** The configuration's trust, loosened for the OCSP checks when a seeded defect says so. */
  private trust(): VerificationTrust {
    return trustForOcspChecks(this.options.globalConf.trust(), this.options.defects);
  }

  /** Seconds between fetches for own certificates (OCSP-006). */
  fetchIntervalSeconds(): number {
    const seconds = this.configuredFetchIntervalSeconds();
    // Seeded defect ocsp-fetch-interval-as-ms: the interval is read as milliseconds, so the
    // responder is polled a thousand times too often (OCSP-006).
    return this.options.defects?.has('ocsp-fetch-interval-as-ms') ? seconds / 1000 : seconds;
  }

  private configuredFetchIntervalSeconds(): number {
    if (this.options.fetchIntervalSeconds !== undefined) return this.options.fetchIntervalSeconds;
    const fromConf = this.options.globalConf.ocspFetchIntervalSeconds?.();
    if (fromConf !== undefined && fromConf > 0) return fromConf;
    return this.options.globalConf.trust().ocspFreshnessSeconds / 10;
  }

  private entry(cert: X509Certificate): OwnEntry {
    const sha1 = hex('sha1', cert);
    let e = this.own.get(sha1);
    if (!e) {
      e = { cert, sha1 };
      this.own.set(sha1, e);
      this.sha256ToSha1.set(hex('sha256', cert), sha1);
    }
    return e;
  }

  /** Fetches a new response for one own certificate; failures are recorded, never thrown. */
  private fetch(e: OwnEntry): Promise<void> {
    e.fetching ??= (async () => {
      e.lastAttemptAt = this.now();
      try {
        const trust = this.trust();
        const issuer = findApprovedIssuer(e.cert, trust);
        if (!issuer) throw new Error('Certificate is not issued by approved certification service provider.');
        const configured = this.options.globalConf.ocspResponderUrls?.(issuer) ?? trustResponderUrls(trust, issuer);
        const aia = aiaOcspUrl(e.cert);
        const urls = [...new Set([...configured, ...(aia ? [aia] : [])])];
        const got = await fetchOcspResponse({ cert: e.cert, issuer, urls, trust, now: this.now(), fetcher: this.fetcher });
        e.der = got.der;
        e.status = got.verified.singleResponse.status;
        e.thisUpdate = got.verified.singleResponse.thisUpdate;
        e.url = got.url;
        e.fetchedAt = this.now();
        e.lastError = undefined;
      } catch (err) {
        e.lastError = (err as Error).message;
      }
    })().finally(() => (e.fetching = undefined));
    return e.fetching;
  }

  /** Full check (validity and status) of the response held for `e` at `now`. */
  private check(e: OwnEntry, now: Date): { ok: true; der: Buffer } | { ok: false; error: XRoadError } {
    if (!e.der) return { ok: false, error: new XRoadError(ErrorCodes.certValidation, 'no OCSP response has been fetched') };
    try {
      const trust = this.trust();
      const issuer = findApprovedIssuer(e.cert, trust);
      if (!issuer) throw new XRoadError(ErrorCodes.certValidation, 'Certificate is not issued by approved certification service provider.');
      ocspCheckFor(this.options.defects)(parseOcspResponse(e.der), { cert: e.cert, issuer, trust, atDate: now });
      return { ok: true, der: e.der };
    } catch (err) {
      return { ok: false, error: err instanceof XRoadError ? err : new XRoadError(ErrorCodes.certValidation, (err as Error).message) };
    }
  }

  private due(e: OwnEntry, now: Date): boolean {
    return !e.lastAttemptAt || now.getTime() - e.lastAttemptAt.getTime() >= this.fetchIntervalSeconds() * 1000;
  }

  async ownResponse(cert: X509Certificate): Promise<Buffer> {
    const e = this.entry(cert);
    // Seeded defect ocsp-fetch-per-message: the responder is asked again for every use, whatever
    // the fetch interval (OCSP-006).
    if (this.options.defects?.has('ocsp-fetch-per-message')) await this.fetch(e);
    let held = this.check(e, this.now());
    if (held.ok) {
      // Serve the fresh response now; a due refresh runs behind it, off the message path.
      if (this.due(e, this.now())) void this.fetch(e);
      return held.der;
    }
    await this.fetch(e);
    held = this.check(e, this.now());
    if (held.ok) return held.der;
    // A revoked or unknown status is the answer itself; anything else is "no fresh response".
    if (e.der && e.status && e.status.kind !== 'good' && held.error.code === ErrorCodes.certValidation) throw held.error;
    const reasons = [held.error.message, e.lastError].filter((s) => s !== undefined && s !== '').join('; ');
    throw new XRoadError(ErrorCodes.certValidation, `Could not get OCSP response for certificate ${subjectOf(cert)} (sha1 ${e.sha1}): ${reasons}`);
  }

  remember(cert: X509Certificate, responseDer: Buffer): void {
    const sha1 = hex('sha1', cert);
    if (this.own.has(sha1)) return; // our own are only ever replaced by our own fetches
    this.peers.delete(sha1);
    this.peers.set(sha1, { cert, der: Buffer.from(responseDer) });
    this.sha256ToSha1.set(hex('sha256', cert), sha1);
    const max = this.options.maxPeerEntries ?? 10_000;
    while (this.peers.size > max) this.peers.delete(this.peers.keys().next().value as string);
  }

  bySha1Hex(h: string): Buffer | undefined {
    const key = h.toLowerCase();
    return this.own.get(key)?.der ?? this.peers.get(key)?.der;
  }

  bySha256Hex(h: string): Buffer | undefined {
    const sha1 = this.sha256ToSha1.get(h.toLowerCase());
    return sha1 === undefined ? undefined : this.bySha1Hex(sha1);
  }

  /**
   * The :5577 role (TRANSP-003), by SHA-1 or SHA-256 (hex) of the certificate: for an own
   * certificate a fresh response (fetched if needed; the held one, even stale, when none can be
   * had, so the peer sees why it is refused); for others what we hold.
   */
  async forDownload(hash: { sha1?: string; sha256?: string }): Promise<Buffer | undefined> {
    const sha1 = hash.sha1?.toLowerCase() ?? (hash.sha256 ? this.sha256ToSha1.get(hash.sha256.toLowerCase()) : undefined);
    if (sha1 === undefined) return undefined;
    const e = this.own.get(sha1);
    if (e) return this.ownResponse(e.cert).catch(() => e.der);
    return this.peers.get(sha1)?.der;
  }

  /** A held response (own or peer) for `cert` that verifies good and fresh at `now`, else undefined. */
  freshResponse(cert: X509Certificate, issuer: X509Certificate, now: Date = this.now()): Buffer | undefined {
    const der = this.bySha1Hex(hex('sha1', cert));
    if (!der) return undefined;
    try {
      ocspCheckFor(this.options.defects)(parseOcspResponse(der), { cert, issuer, trust: this.trust(), atDate: now });
      return der;
    } catch {
      return undefined;
    }
  }

  /** Fetches for every own certificate now (the background loop's step; tests call it directly). */
  async refreshNow(): Promise<void> {
    await Promise.all([...this.own.values()].map((e) => this.fetch(e)));
  }

  /** Starts the background refresh; the first round runs at once. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = () => {
      if (!this.running) return;
      void this.refreshNow().finally(() => {
        if (!this.running) return;
        this.timer = setTimeout(loop, Math.max(50, this.fetchIntervalSeconds() * 1000));
        this.timer.unref();
      });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await Promise.all([...this.own.values()].map((e) => e.fetching));
  }

  /** Forgets own responses (tests: force a refetch). */
  invalidate(): void {
    for (const e of this.own.values()) {
      e.der = undefined;
      e.status = undefined;
      e.lastAttemptAt = undefined;
    }
  }

  status(): OwnOcspStatus[] {
    return [...this.own.values()].map((e) => ({
      sha1: e.sha1,
      subject: subjectOf(e.cert),
      ...(e.status ? { status: e.status.kind } : {}),
      ...(e.thisUpdate ? { thisUpdate: e.thisUpdate } : {}),
      ...(e.url ? { url: e.url } : {}),
      ...(e.fetchedAt ? { fetchedAt: e.fetchedAt } : {}),
      ...(e.lastAttemptAt ? { lastAttemptAt: e.lastAttemptAt } : {}),
      ...(e.lastError ? { lastError: e.lastError } : {}),
    }));
  }
}
