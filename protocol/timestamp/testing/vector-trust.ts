// Test-only: time-stamp trust built from X-Road's vectors (shared-params approvedTSA certs, or the
// DERIVED PEMs in globalconf/extracted-trust). A full global-configuration reader lives elsewhere;
// this reads only the <cert> values the time-stamp tests need.
import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApprovedTsa } from '../../trust/index.js';
import type { TimestampTrust } from '../timestamp-verifier.js';

/** A shared-params `<cert>`: base64 of DER, or base64 of PEM text (globalconf_good2_v3, CATALOG §1). */
export function certFromSharedParamsValue(base64: string): X509Certificate {
  const bytes = Buffer.from(base64.replace(/\s+/g, ''), 'base64');
  const text = bytes.toString('latin1');
  return new X509Certificate(text.includes('-----BEGIN CERTIFICATE-----') ? text : bytes);
}

/** `certs/common-test/tsp.pem` style: raw base64 DER without armour, or a real PEM. */
export function certFromLooseText(text: string): X509Certificate {
  return text.includes('-----BEGIN') ? new X509Certificate(text) : new X509Certificate(Buffer.from(text.replace(/\s+/g, ''), 'base64'));
}

function blocks(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
}

function text(xml: string, tag: string): string {
  return blocks(xml, tag)[0]?.trim() ?? '';
}

/** approvedTSA entries of a shared-params.xml. */
export function approvedTsasFromSharedParams(xml: string): ApprovedTsa[] {
  return blocks(xml, 'approvedTSA').map((b) => ({ name: text(b, 'name'), url: text(b, 'url'), cert: certFromSharedParamsValue(text(b, 'cert')) }));
}

/** OCSP responder certs of a shared-params.xml (the Java test's "wrong certificate" TSP list). */
export function ocspResponderCertsFromSharedParams(xml: string): X509Certificate[] {
  return blocks(xml, 'ocsp')
    .map((b) => text(b, 'cert'))
    .filter((c) => c.length > 0)
    .map(certFromSharedParamsValue);
}

/** Trust from a globalconf/extracted-trust/<name> directory: every `tsa_*.pem` is an approved TSA. */
export function trustFromExtractedDir(dir: string): TimestampTrust {
  const approvedTsas = readdirSync(dir)
    .filter((f) => f.startsWith('tsa_') && f.endsWith('.pem'))
    .map((f) => ({ name: f, url: 'http://unused.invalid/', cert: new X509Certificate(readFileSync(join(dir, f))) }));
  return { approvedTsas };
}
