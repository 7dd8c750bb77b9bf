// A bare TLS handshake against the SUT's server proxy with one offer (a protocol version or a
// cipher suite), to see whether it accepts a profile X-Road does not use (TRANSP-001).
import tls from 'node:tls';

export interface TlsProbeResult {
  connected: boolean;
  protocol?: string | null;
  cipher?: string;
  error?: string;
}

/** `TLS 1.3`, `TLS 1.1`, or `cipher <OpenSSL name>` (TLS 1.2). */
export function probeTls(url: string, offer: string, timeoutMs = 5_000): Promise<TlsProbeResult> {
  const u = new URL(url);
  const opts: tls.ConnectionOptions = { host: u.hostname, port: Number(u.port), rejectUnauthorized: false, checkServerIdentity: () => undefined };
  if (offer === 'TLS 1.3') Object.assign(opts, { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
  else if (offer === 'TLS 1.1') Object.assign(opts, { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' });
  else if (offer.startsWith('cipher ')) Object.assign(opts, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: offer.slice(7) });
  else throw new Error(`unknown TLS offer "${offer}"`);
  return new Promise((resolve) => {
    const socket = tls.connect(opts);
    const timer = setTimeout(() => finish({ connected: false, error: 'timeout' }), timeoutMs);
    function finish(r: TlsProbeResult): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    }
    socket.once('secureConnect', () => finish({ connected: true, protocol: socket.getProtocol(), cipher: socket.getCipher()?.name }));
    socket.once('error', (e) => finish({ connected: false, error: e.message }));
  });
}
