// Test support (not used by protocol code): VerificationTrust from the DERIVED PEMs in
// vectors/globalconf/extracted-trust/<conf>/ (ca_<name>-topCA.pem, -intermediateN.pem, -ocspN.pem,
// tsa_<name>.pem), and the signer certificate of a vector signature.
import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApprovedCa, VerificationTrust } from '../trust/index.js';
import { vectorPath } from '../test-support/vectors.js';

export function trustFromExtracted(confDir: string, ocspFreshnessSeconds: number, instanceIdentifier = 'DEV'): VerificationTrust {
  const dir = vectorPath('globalconf', 'extracted-trust', confDir);
  const cas = new Map<string, ApprovedCa>();
  const trust: VerificationTrust = { instanceIdentifier, approvedCas: [], approvedTsas: [], ocspFreshnessSeconds, verifyNextUpdate: true };
  for (const file of readdirSync(dir).sort()) {
    const cert = new X509Certificate(readFileSync(join(dir, file)));
    const tsa = /^tsa_(.*)\.pem$/.exec(file);
    if (tsa) {
      trust.approvedTsas.push({ name: tsa[1], url: 'http://tsa.invalid', cert });
      continue;
    }
    const m = /^ca_(.*)-(topCA|intermediate\d+|ocsp\d+)\.pem$/.exec(file);
    if (!m) continue;
    let ca = cas.get(m[1]);
    if (!ca) {
      ca = { name: m[1], authenticationOnly: false, topCa: undefined as unknown as X509Certificate, intermediateCas: [], ocspResponders: [], certificateProfileInfo: '' };
      cas.set(m[1], ca);
    }
    if (m[2] === 'topCA') ca.topCa = cert;
    else if (m[2].startsWith('intermediate')) ca.intermediateCas.push(cert);
    else ca.ocspResponders.push({ url: 'http://ocsp.invalid', cert });
  }
  trust.approvedCas = [...cas.values()].filter((ca) => ca.topCa);
  return trust;
}

/** First ds:X509Certificate (the signer) in an XAdES signature document. */
export function signerCertFromXml(xml: string): X509Certificate {
  const m = /<(?:\w+:)?X509Certificate[^>]*>([^<]+)</.exec(xml);
  if (!m) throw new Error('no X509Certificate in signature');
  return new X509Certificate(Buffer.from(m[1].replace(/&#13;|\s/g, ''), 'base64'));
}
