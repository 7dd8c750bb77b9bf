// Certificates inside configuration files are xs:base64Binary. Most real files hold base64 of DER;
// globalconf_good2_v3 and the system-test V6 directory hold base64 of *PEM text* (CATALOG §1),
// which X-Road's certificate factory also accepts. Both decode to the same certificate here.
import { X509Certificate } from 'node:crypto';

export interface ConfCert {
  /** The decoded base64 exactly as stored: what Verification-certificate-hash is computed over. */
  stored: Buffer;
  der: Buffer;
  cert: X509Certificate;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/;

export function decodeBase64Strict(value: string): Buffer {
  const compact = value.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) throw new Error('not base64');
  return Buffer.from(compact, 'base64');
}

/** Throws a plain Error naming the problem; callers wrap it in their own error code. */
export function confCertFromBase64(value: string): ConfCert {
  return confCertFromBytes(decodeBase64Strict(value));
}

export function confCertFromBytes(stored: Buffer): ConfCert {
  let der = stored;
  const asText = stored.subarray(0, 64).toString('latin1');
  if (asText.includes('-----BEGIN')) {
    const m = PEM_BLOCK.exec(stored.toString('latin1'));
    if (!m) throw new Error('PEM text without a CERTIFICATE block');
    der = decodeBase64Strict(m[1]);
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch (e) {
    throw new Error(`not an X.509 certificate: ${(e as Error).message}`);
  }
  return { stored, der, cert };
}

/**
 * A certificate decoded only when first used. Anchors (and anchors inside private-params) are
 * matched by the hash of their stored bytes and X-Road never parses the others: the
 * globalconf_good_v* private-params carry `verificationCert` "YmFyCg==" ("bar") and are valid.
 * Reading `der`/`cert` of such an entry throws.
 */
export function lazyConfCert(stored: Buffer): ConfCert {
  let parsed: ConfCert | undefined;
  const get = () => (parsed ??= confCertFromBytes(stored));
  return {
    stored,
    get der() {
      return get().der;
    },
    get cert() {
      return get().cert;
    },
  };
}

/** A certificate to put into a configuration file we generate (stored as base64 of DER). */
export function confCertFromDer(der: Buffer | Uint8Array): ConfCert {
  const buf = Buffer.from(der);
  return { stored: buf, der: buf, cert: new X509Certificate(buf) };
}

/**
 * Accepts DER bytes, PEM text (string or Buffer, e.g. a .pem file), or an X509Certificate.
 * PEM input is normalised to DER, which is what the anchor and shared-params then carry.
 */
export function toConfCert(input: ConfCert | X509Certificate | Buffer | string): ConfCert {
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
    return confCertFromDer(confCertFromBytes(bytes).der);
  }
  if (input instanceof X509Certificate) return confCertFromDer(input.raw);
  return input;
}
