// Issues the test PKI's certificates with @peculiar/x509 over Node's WebCrypto, so the keys are
// ordinary node:crypto KeyObjects that protocol/ code can sign with directly.
import 'reflect-metadata';
import { KeyObject, X509Certificate, createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type KeyAlgorithm = 'rsa' | 'ec';

/** What a certificate is for; each maps to the key usages and EKUs X-Road checks for that role. */
export type CertProfile = 'ca' | 'ocsp' | 'tsa' | 'auth' | 'sign' | 'cs-signer' | 'harness';

export interface IssuedCert {
  name: string;
  cert: X509Certificate;
  certDer: Buffer;
  certPem: string;
  privateKey: KeyObject;
  keyPem: string;
  keyAlgorithm: KeyAlgorithm;
}

export interface CertSpec {
  name?: string;
  /** RDNs in order, short names: C, O, OU, CN, serialNumber, businessCategory. */
  subject: Array<[string, string]>;
  profile: CertProfile;
  keyAlgorithm?: KeyAlgorithm;
  notBefore?: Date;
  notAfter?: Date;
  ocspUrl?: string;
  serial?: bigint;
}

const RDN_OIDS: Record<string, string> = {
  C: '2.5.4.6',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
  serialNumber: '2.5.4.5',
  businessCategory: '2.5.4.15',
  L: '2.5.4.7',
  ST: '2.5.4.8',
};

const DAY_MS = 86_400_000;

function toJsonName(subject: Array<[string, string]>): x509.JsonName {
  return subject.map(([k, v]) => {
    const oid = RDN_OIDS[k];
    if (!oid) throw new Error(`unknown RDN attribute '${k}' (use one of ${Object.keys(RDN_OIDS).join(', ')})`);
    return { [oid]: [v] };
  });
}

function signingAlgorithmFor(alg: KeyAlgorithm): Algorithm | EcdsaParams {
  return alg === 'ec' ? ({ name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams) : { name: 'RSASSA-PKCS1-v1_5' };
}

async function generateKeys(alg: KeyAlgorithm): Promise<CryptoKeyPair> {
  const params =
    alg === 'ec'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  return (await webcrypto.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
}

function profileExtensions(profile: CertProfile): x509.Extension[] {
  const F = x509.KeyUsageFlags;
  const E = x509.ExtendedKeyUsage;
  switch (profile) {
    case 'ca':
      return [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(F.keyCertSign | F.cRLSign, true)];
    case 'ocsp':
      return [new x509.KeyUsagesExtension(F.digitalSignature, true), new x509.ExtendedKeyUsageExtension([E.ocspSigning], false)];
    case 'tsa':
      // RFC 3161 §2.3: the TSA cert carries exactly one EKU, timeStamping, marked critical.
      return [new x509.KeyUsagesExtension(F.digitalSignature | F.nonRepudiation, true), new x509.ExtendedKeyUsageExtension([E.timeStamping], true)];
    case 'auth':
      return [
        new x509.KeyUsagesExtension(F.digitalSignature | F.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([E.clientAuth, E.serverAuth], false),
      ];
    case 'sign':
      // SIG-001: X-Road enforces nonRepudiation on the signing certificate.
      return [new x509.KeyUsagesExtension(F.nonRepudiation, true)];
    case 'cs-signer':
    case 'harness':
      return [new x509.KeyUsagesExtension(F.digitalSignature, true)];
  }
}

function serialHex(serial: bigint | undefined): string {
  if (serial !== undefined) {
    const hex = serial.toString(16);
    return hex.length % 2 ? '0' + hex : hex;
  }
  // Positive 16-byte serial: clear the top bit so DER does not need a sign byte.
  const b = randomBytes(16);
  b[0] &= 0x7f;
  if (b[0] === 0) b[0] = 1;
  return b.toString('hex');
}

function derToPem(der: Buffer, label: string): string {
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

/** Issues a certificate signed by `issuer`, or self-signed when issuer is 'self'. */
export async function issueCertificate(issuer: IssuedCert | 'self', spec: CertSpec): Promise<IssuedCert> {
  const keyAlgorithm = spec.keyAlgorithm ?? 'rsa';
  const keys = await generateKeys(keyAlgorithm);
  const certDer = await buildCertificate(issuer, keys.publicKey, issuer === 'self' ? keys.privateKey : undefined, spec);
  const privateKey = KeyObject.from(keys.privateKey);
  return {
    name: spec.name ?? spec.subject.map(([k, v]) => `${k}=${v}`).join(','),
    cert: new X509Certificate(certDer),
    certDer,
    certPem: derToPem(certDer, 'CERTIFICATE'),
    privateKey,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    keyAlgorithm,
  };
}

/** Certifies a public key someone else holds (a real security server's CSR): returns the DER certificate. */
export async function certifyPublicKey(issuer: IssuedCert, publicKey: CryptoKey, spec: CertSpec): Promise<Buffer> {
  return buildCertificate(issuer, publicKey, undefined, spec);
}

async function buildCertificate(issuer: IssuedCert | 'self', publicKey: CryptoKey, selfKey: CryptoKey | undefined, spec: CertSpec): Promise<Buffer> {
  const now = Date.now();
  const subject = toJsonName(spec.subject);
  const extensions = profileExtensions(spec.profile);
  extensions.push(await x509.SubjectKeyIdentifierExtension.create(publicKey));
  if (spec.ocspUrl) {
    extensions.push(new x509.AuthorityInfoAccessExtension({ ocsp: [new x509.GeneralName('url', spec.ocspUrl)] }));
  }
  let signingKey: CryptoKey;
  let issuerName: x509.Name | x509.JsonName = subject;
  let issuerAlg: KeyAlgorithm = spec.keyAlgorithm ?? 'rsa';
  if (issuer === 'self') {
    if (!selfKey) throw new Error('a self-signed certificate needs its own private key');
    signingKey = selfKey;
  } else {
    const issuerX509 = new x509.X509Certificate(new Uint8Array(issuer.certDer));
    signingKey = await importSigningKey(issuer.privateKey, issuer.keyAlgorithm);
    issuerName = issuerX509.subjectName;
    issuerAlg = issuer.keyAlgorithm;
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuerX509));
  }
  const created = await x509.X509CertificateGenerator.create({
    serialNumber: serialHex(spec.serial),
    subject,
    issuer: issuerName,
    notBefore: spec.notBefore ?? new Date(now - DAY_MS),
    notAfter: spec.notAfter ?? new Date(now + 3650 * DAY_MS),
    publicKey,
    signingKey,
    signingAlgorithm: signingAlgorithmFor(issuerAlg),
    extensions,
  });
  return Buffer.from(created.rawData);
}

async function importSigningKey(key: KeyObject, alg: KeyAlgorithm): Promise<CryptoKey> {
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  const params = alg === 'ec' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  return webcrypto.subtle.importKey('pkcs8', pkcs8, params, false, ['sign']);
}

/** Rebuilds an IssuedCert from PEM files (certificate + PKCS#8 key). */
export function issuedCertFromPem(name: string, certPem: string, keyPem: string): IssuedCert {
  const cert = new X509Certificate(certPem);
  const privateKey = createPrivateKey(keyPem);
  return {
    name,
    cert,
    certDer: Buffer.from(cert.raw),
    certPem: derToPem(Buffer.from(cert.raw), 'CERTIFICATE'),
    privateKey,
    keyPem,
    keyAlgorithm: privateKey.asymmetricKeyType === 'ec' ? 'ec' : 'rsa',
  };
}

export { derToPem };
