// The checks behind the proxy's health check port, as X-Road runs them (proxy-core
// healthcheck/StoppableCombinationHealthCheckProvider and HealthChecks, read at X-Road fcd1621):
// in order HSM status (only with proxy.hsm-health-check-enabled, off by default), global
// configuration validity, the authentication key and its OCSP response, the server configuration
// database, proxy memory usage (only with proxy.memory-usage-threshold). The first failing check
// is the answer. Each check runs with a 5 s limit and its result is cached: an OK result for 2 s, a
// failure for 30 s (cacheResultFor(2, 30, SECONDS)) — so a load balancer polling the port sees a
// recovery up to 30 s late on a real server. The failure texts are X-Road's own, so an operator's
// monitoring rules match ours.
//
// Left out: the server-conf database check — this server's configuration is the validated
// in-memory config (server-conf.ts), which cannot become unavailable.
import { createHash, createSign, createVerify, type X509Certificate } from 'node:crypto';
import { getHeapStatistics } from 'node:v8';
import { OcspResponseStatus, parseOcspResponse } from '../../protocol/ocsp/index.js';
import type { GlobalConfView } from './components.js';

export interface HealthCheckResult {
  ok: boolean;
  /** X-Road's text: 'ok' when healthy (HealthCheckResult.OK), else the failure naming the check. */
  message: string;
}

export const HEALTH_OK: HealthCheckResult = { ok: true, message: 'ok' };

/** X-Road's failure texts (HealthChecks, StoppableCombinationHealthCheckProvider). */
export const HealthMessages = {
  hsm: 'At least one HSM are non operational',
  globalConfExpired: 'Global configuration is expired',
  noAuthKey: 'No authentication key available. Signer might be down.',
  noAuthCertChain: 'No certificate chain available in authentication key.',
  authOcspFailed: 'Getting OCSP response for authentication key failed.',
  authOcspStatus: (status: number) => `Authentication key OCSP response status ${status}`,
  memory: 'Memory usage above threshold',
  timedOut: (check: string) => `Fetching health check response timed out for: ${check}`,
  failed: (check: string) => `Fetching health check response failed for: ${check}`,
} as const;

/** The names X-Road gives its checks in the timeout / failure texts. */
export const CHECK_NAMES = {
  hsm: 'Hardware Security Modules status',
  globalConf: 'Global conf validity',
  authKey: 'Authentication key OCSP status',
  memory: 'Proxy memory usage status',
} as const;

export interface AuthKeySource {
  cert: X509Certificate;
  keyPem: string;
  /** Intermediate CAs, leaf's issuer first. */
  chain: X509Certificate[];
}

export interface HealthCheckDeps {
  serverId: string;
  globalConf: Pick<GlobalConfView, 'assertValid' | 'securityServers'> & { authCertHashAlgorithm?(): 'sha1' | 'sha256' };
  /** The server's authentication key, undefined when the token holds none. */
  authKey: () => AuthKeySource | undefined;
  /** A fresh, good OCSP response for one of our certificates (the OCSP cache); throws when none can be had. */
  ownOcsp: (cert: X509Certificate) => Promise<Buffer>;
  /** Signing keys of the software token, for the HSM check. */
  signKeys: () => Array<{ cert: X509Certificate; keyPem: string }>;
}

export interface HealthCheckSettings {
  /** proxy.hsm-health-check-enabled (X-Road default false). */
  hsm?: boolean;
  /** proxy.memory-usage-threshold in percent of the heap limit; unset = no memory check. */
  memoryUsageThresholdPercent?: number;
  /** How long an OK result is reused (X-Road: 2 s). */
  resultValidForMs?: number;
  /** How long a failure is reused (X-Road: 30 s). */
  errorValidForMs?: number;
  /** Limit per check (X-Road: 5 s). */
  timeoutMs?: number;
  /** Heap use in percent (tests); default from process.memoryUsage and the V8 heap limit. */
  memoryUsedPercent?: () => number;
  now?: () => number;
}

type Check = () => Promise<HealthCheckResult>;

const failure = (message: string): HealthCheckResult => ({ ok: false, message });

/** X-Road's HealthChecks.checkGlobalConfStatus: any refusal of verifyValidity() is "expired". */
export function globalConfCheck(deps: Pick<HealthCheckDeps, 'globalConf'>): Check {
  return async () => {
    try {
      deps.globalConf.assertValid();
      return HEALTH_OK;
    } catch {
      return failure(HealthMessages.globalConfExpired);
    }
  };
}

/**
 * X-Road's checkAuthKeyOcspStatus over its CachingKeyConfImpl: the signer hands out the auth key
 * only for a certificate that is within its validity period, registered to this server in the
 * global configuration and whose OCSP response verifies good and fresh (signer
 * GetAuthKeyReqHandler.authCertValid); any of that failing leaves the key without a certificate
 * chain. Then the held OCSP response must be there and its responseStatus successful.
 */
export function authKeyCheck(deps: Pick<HealthCheckDeps, 'serverId' | 'globalConf' | 'authKey' | 'ownOcsp'>): Check {
  return async () => {
    const key = deps.authKey();
    if (!key) return failure(HealthMessages.noAuthKey);
    if (!(await authCertUsable(deps, key))) return failure(HealthMessages.noAuthCertChain);
    let der: Buffer;
    try {
      der = await deps.ownOcsp(key.cert);
    } catch {
      return failure(HealthMessages.authOcspFailed);
    }
    let status: number;
    try {
      status = parseOcspResponse(der).responseStatus;
    } catch {
      return failure(HealthMessages.authOcspFailed);
    }
    return status === OcspResponseStatus.successful ? HEALTH_OK : failure(HealthMessages.authOcspStatus(status));
  };
}

async function authCertUsable(deps: Pick<HealthCheckDeps, 'serverId' | 'globalConf' | 'ownOcsp'>, key: AuthKeySource): Promise<boolean> {
  const now = Date.now();
  if (now < Date.parse(key.cert.validFrom) || now > Date.parse(key.cert.validTo)) return false;
  const hash = createHash(deps.globalConf.authCertHashAlgorithm?.() ?? 'sha256').update(key.cert.raw).digest('base64');
  const listed = deps.globalConf.securityServers().find((s) => s.id === deps.serverId);
  if (!listed?.authCertHashes.includes(hash)) return false;
  try {
    // The chain is verified with the OCSP responses of the intermediates too (CertChainVerifier).
    for (const c of [key.cert, ...key.chain]) await deps.ownOcsp(c);
    return true;
  } catch {
    return false;
  }
}

/** X-Road asks the signer whether every HSM is operational; our token is software: every signing key must still sign. */
export function hsmCheck(deps: Pick<HealthCheckDeps, 'signKeys'>): Check {
  return async () => {
    try {
      for (const k of deps.signKeys()) {
        const probe = Buffer.from('roadtest health check probe');
        const sig = createSign('sha256').update(probe).sign(k.keyPem);
        if (!createVerify('sha256').update(probe).verify(k.cert.publicKey, sig)) return failure(HealthMessages.hsm);
      }
      return HEALTH_OK;
    } catch {
      return failure(HealthMessages.hsm);
    }
  };
}

export function memoryCheck(thresholdPercent: number, usedPercent: () => number): Check {
  // ProxyMemory.isUsedAboveThreshold: strictly above the threshold.
  return async () => (usedPercent() > thresholdPercent ? failure(HealthMessages.memory) : HEALTH_OK);
}

function heapUsedPercent(): number {
  return Math.floor((process.memoryUsage().heapUsed * 100) / getHeapStatistics().heap_size_limit);
}

/** X-Road's withTimeout: a check that throws or takes too long fails with its name. */
export function withTimeout(check: Check, name: string, timeoutMs: number): Check {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<HealthCheckResult>((resolve) => {
      timer = setTimeout(() => resolve(failure(HealthMessages.timedOut(name))), timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([check().catch(() => failure(HealthMessages.failed(name))), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** X-Road's cacheResultFor: a result is reused for resultValidFor when OK, errorValidFor when not. */
export function cached(check: Check, okMs: number, errorMs: number, now: () => number): Check {
  let held: { result: HealthCheckResult; until: number } | undefined;
  let running: Promise<HealthCheckResult> | undefined;
  return async () => {
    if (held && now() < held.until) return held.result;
    // Concurrent polls share one run of the check.
    running ??= check()
      .then((result) => {
        held = { result, until: now() + (result.ok ? okMs : errorMs) };
        return result;
      })
      .finally(() => (running = undefined));
    return running;
  };
}

/** X-Road's StoppableCombinationHealthCheckProvider: the checks in order; the first failure wins. */
export class HealthChecks {
  private readonly checks: Check[];

  constructor(deps: HealthCheckDeps, settings: HealthCheckSettings = {}) {
    const okMs = settings.resultValidForMs ?? 2_000;
    const errorMs = settings.errorValidForMs ?? 30_000;
    const timeoutMs = settings.timeoutMs ?? 5_000;
    const now = settings.now ?? Date.now;
    const wrap = (check: Check, name: string) => cached(withTimeout(check, name, timeoutMs), okMs, errorMs, now);
    this.checks = [
      ...(settings.hsm ? [wrap(hsmCheck(deps), CHECK_NAMES.hsm)] : []),
      wrap(globalConfCheck(deps), CHECK_NAMES.globalConf),
      wrap(authKeyCheck(deps), CHECK_NAMES.authKey),
      ...(settings.memoryUsageThresholdPercent !== undefined
        ? [wrap(memoryCheck(settings.memoryUsageThresholdPercent, settings.memoryUsedPercent ?? heapUsedPercent), CHECK_NAMES.memory)]
        : []),
    ];
  }

  async run(): Promise<HealthCheckResult> {
    for (const check of this.checks) {
      const result = await check();
      if (!result.ok) return result;
    }
    return HEALTH_OK;
  }
}
