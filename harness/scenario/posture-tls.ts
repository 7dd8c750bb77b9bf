// What a bank's security team checks first on each TLS port of a security server: which protocol
// versions and cipher suites it will negotiate. X-Road's SS-to-SS port speaks TLS 1.2 only with
// xroad-tls-ciphers (TRANSP-001). A refusal only means something if our client really offered the
// thing, so every offer can first be tried against a local server that accepts anything.
import tls from 'node:tls';

/** SYSPAR xroad-tls-ciphers in OpenSSL spelling (TRANSP-001). */
export const XROAD_TLS_CIPHERS = ['ECDHE-RSA-AES256-SHA384', 'DHE-RSA-AES256-SHA256', 'ECDHE-ECDSA-AES256-SHA384'] as const;

export interface TlsOffer {
  label: string;
  minVersion: tls.SecureVersion;
  maxVersion: tls.SecureVersion;
  /** OpenSSL cipher string; undefined = the client's defaults. */
  ciphers?: string;
}

const VERSIONS: Record<string, tls.SecureVersion> = { 'TLS 1.0': 'TLSv1', 'TLS 1.1': 'TLSv1.1', 'TLS 1.2': 'TLSv1.2', 'TLS 1.3': 'TLSv1.3' };

/**
 * `TLS 1.0` .. `TLS 1.3` (that version only; old versions need OpenSSL security level 0 to be
 * offered at all), or `cipher NAME` (TLS 1.2 with that one suite).
 */
export function tlsOffer(spec: string): TlsOffer {
  const v = VERSIONS[spec.trim()];
  if (v) return { label: spec, minVersion: v, maxVersion: v, ...(v === 'TLSv1' || v === 'TLSv1.1' ? { ciphers: 'DEFAULT:@SECLEVEL=0' } : {}) };
  const m = /^cipher\s+([A-Z0-9-]+)$/i.exec(spec.trim());
  if (m) return { label: spec, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: `${m[1]!.toUpperCase()}:@SECLEVEL=0` };
  throw new Error(`unknown TLS offer "${spec}" (use TLS 1.0 .. TLS 1.3, or cipher NAME)`);
}

export interface TlsProbeResult {
  offer: string;
  connected: boolean;
  protocol?: string;
  cipher?: string;
  /** The client could not even build the offer (its OpenSSL lacks the suite). */
  notOfferable?: boolean;
  error?: string;
}

function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)) };
}

/** One handshake with one offer; never throws, always ends within `timeoutMs`. */
export function probeTls(url: string, offer: TlsOffer, timeoutMs = 5_000): Promise<TlsProbeResult> {
  return new Promise((resolve) => {
    let socket: tls.TLSSocket;
    try {
      socket = tls.connect({
        ...hostPort(url),
        minVersion: offer.minVersion,
        maxVersion: offer.maxVersion,
        ...(offer.ciphers ? { ciphers: offer.ciphers } : {}),
        rejectUnauthorized: false,
        checkServerIdentity: () => undefined,
      });
    } catch (e) {
      resolve({ offer: offer.label, connected: false, notOfferable: true, error: (e as Error).message });
      return;
    }
    const timer = setTimeout(() => finish({ offer: offer.label, connected: false, error: `no handshake within ${timeoutMs} ms` }), timeoutMs);
    function finish(r: TlsProbeResult): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    }
    socket.once('secureConnect', () => finish({ offer: offer.label, connected: true, protocol: socket.getProtocol() ?? undefined, cipher: socket.getCipher()?.name }));
    socket.once('error', (e) => finish({ offer: offer.label, connected: false, error: e.message.split('\n')[0] }));
  });
}

/** The TLS 1.2 suites this client can offer (no TLS 1.3, PSK or SRP suites: they need no certificate). */
export function tls12Suites(): string[] {
  return tls
    .getCiphers()
    .filter((c) => !c.startsWith('tls_') && !/psk|srp/.test(c))
    .map((c) => c.toUpperCase());
}

/** Offers every TLS 1.2 suite alone and returns those the server accepted. */
export async function acceptedSuites(url: string, timeoutMs = 5_000): Promise<TlsProbeResult[]> {
  const out: TlsProbeResult[] = [];
  for (const suite of tls12Suites()) {
    const r = await probeTls(url, tlsOffer(`cipher ${suite}`), timeoutMs);
    if (r.connected) out.push(r);
  }
  return out;
}

/**
 * Whether this client can make the offer at all: tried against a local server that accepts every
 * version and suite, with the given certificate (its key type decides the usable suites).
 */
export async function canOffer(offer: TlsOffer, identity: { certPem: string; keyPem: string }): Promise<boolean> {
  const server = tls.createServer({ cert: identity.certPem, key: identity.keyPem, minVersion: 'TLSv1', ciphers: 'ALL:eNULL:@SECLEVEL=0' }, (s) => s.end());
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    const port = (server.address() as { port: number }).port;
    return (await probeTls(`https://127.0.0.1:${port}`, offer, 3_000)).connected;
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}
