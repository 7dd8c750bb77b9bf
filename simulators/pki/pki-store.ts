// Deterministic on-disk layout of a test PKI (fixtures/certs/ by default): one folder per party,
// PEM certificate + PKCS#8 key (mode 0600), plus pki.json naming what is where.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issuedCertFromPem, type IssuedCert, type KeyAlgorithm } from './certificate-issuer.js';
import type { SecurityServerCerts, TestPki } from './test-pki.js';

interface StoredPki {
  instance: string;
  keyAlgorithm: KeyAlgorithm;
  certificateProfileInfo: string;
  roles: Record<string, string>;
  securityServers: Record<string, { serverId: SecurityServerCerts['serverId']; auth: string; sign: Record<string, string> }>;
}

function fileBase(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}

function writeCert(dir: string, c: IssuedCert): string {
  const base = fileBase(c.name);
  writeFileSync(join(dir, `${base}.cert.pem`), c.certPem);
  const keyFile = join(dir, `${base}.key.pem`);
  writeFileSync(keyFile, c.keyPem, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  return base;
}

function readCert(dir: string, base: string): IssuedCert {
  return issuedCertFromPem(base, readFileSync(join(dir, `${base}.cert.pem`), 'utf8'), readFileSync(join(dir, `${base}.key.pem`), 'utf8'));
}

export function savePki(pki: TestPki, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const roles: Record<string, string> = {
    rootCa: writeCert(dir, pki.rootCa),
    issuingCa: writeCert(dir, pki.issuingCa),
    ocspSigner: writeCert(dir, pki.ocspSigner),
    tsaSigner: writeCert(dir, pki.tsaSigner),
    centralServerSigner: writeCert(dir, pki.centralServerSigner),
  };
  if (pki.intermediateCa) roles.intermediateCa = writeCert(dir, pki.intermediateCa);
  const securityServers: StoredPki['securityServers'] = {};
  for (const [code, ss] of Object.entries(pki.securityServers)) {
    const sign: Record<string, string> = {};
    for (const [member, c] of Object.entries(ss.sign)) sign[member] = writeCert(dir, c);
    securityServers[code] = { serverId: ss.serverId, auth: writeCert(dir, ss.auth), sign };
  }
  const stored: StoredPki = { instance: pki.instance, keyAlgorithm: pki.keyAlgorithm, certificateProfileInfo: pki.certificateProfileInfo, roles, securityServers };
  writeFileSync(join(dir, 'pki.json'), JSON.stringify(stored, null, 2) + '\n');
}

export function loadPki(dir: string): TestPki {
  const file = join(dir, 'pki.json');
  if (!existsSync(file)) throw new Error(`no test PKI in ${dir} (pki.json missing): run 'roadtest pki' first`);
  const s = JSON.parse(readFileSync(file, 'utf8')) as StoredPki;
  const securityServers: Record<string, SecurityServerCerts> = {};
  for (const [code, ss] of Object.entries(s.securityServers)) {
    const sign: Record<string, IssuedCert> = {};
    for (const [member, base] of Object.entries(ss.sign)) sign[member] = readCert(dir, base);
    securityServers[code] = { serverId: ss.serverId, auth: readCert(dir, ss.auth), sign };
  }
  return {
    instance: s.instance,
    keyAlgorithm: s.keyAlgorithm,
    certificateProfileInfo: s.certificateProfileInfo,
    rootCa: readCert(dir, s.roles.rootCa),
    intermediateCa: s.roles.intermediateCa ? readCert(dir, s.roles.intermediateCa) : undefined,
    issuingCa: readCert(dir, s.roles.issuingCa),
    ocspSigner: readCert(dir, s.roles.ocspSigner),
    tsaSigner: readCert(dir, s.roles.tsaSigner),
    centralServerSigner: readCert(dir, s.roles.centralServerSigner),
    securityServers,
  };
}
