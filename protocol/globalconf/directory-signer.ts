// Builds a signed configuration directory byte for byte as the central server does
// (corrections.md §3 "Signed directory"): inner multipart/mixed listing the files with their
// hashes, signed over its exact bytes through `--<inner>--` and its CRLF; the outer delimiter's
// own CRLF follows unsigned.
import { randomInt, type KeyObject, type X509Certificate } from 'node:crypto';
import { DigestUris, digestBase64, signatureAlgorithmFor, signatureAlgorithmFromUri, signWith, type DigestName, type SignatureAlgorithm } from './algorithms.js';
import { toConfCert, type ConfCert } from './conf-cert.js';
import { OptionalPartIds } from './optional-parts.js';
import type { ConfVersion } from './shared-params-schema.js';
import { CONTENT_ID_PRIVATE_PARAMETERS, CONTENT_ID_SHARED_PARAMETERS } from './signed-directory.js';

export interface DirectoryFile {
  contentIdentifier: string;
  /** Written as `; instance='X'` (every part carries one, corrections §3). */
  instance?: string;
  /** Absolute path on the server, e.g. `/V6/20251110170000548026000/shared-params.xml`. */
  contentLocation: string;
  contentFileName?: string;
  content: Buffer | string;
}

export interface DirectorySigningKey {
  privateKey: KeyObject;
  /** The certificate the client finds by hash: as it appears in the anchor / shared-params. */
  cert: ConfCert | X509Certificate | Buffer | string;
  /** Default: rsa-sha512 for RSA keys, ecdsa-sha256 for EC keys. */
  signatureAlgorithm?: SignatureAlgorithm | string;
  /** Digest for Verification-certificate-hash (default sha512). */
  certHashAlgorithm?: DigestName;
}

export interface SignDirectoryOptions {
  expireDate: Date;
  /** Omitted -> no Version header (a v2 directory). */
  version?: number;
  files: DirectoryFile[];
  /** Digest for Hash-algorithm-id (default sha512). */
  hashAlgorithm?: DigestName;
  signer: DirectorySigningKey;
  boundaries?: { outer?: string; inner?: string };
  /** CRLF by default; X-Road also reads LF-only directories. */
  lineEnding?: '\r\n' | '\n';
  /** Sign these bytes instead of the real inner part (fault injection: signature over other data). */
  signOver?: (signedData: Buffer) => Buffer;
}

export interface BuiltDirectory {
  /** The HTTP body, starting with its own Content-Type line (GCONF-003). */
  body: Buffer;
  signedData: Buffer;
  signature: Buffer;
  /** Value for the HTTP Content-Type header (clients ignore it, but it should agree). */
  contentType: string;
  outerBoundary: string;
  innerBoundary: string;
  partHashes: string[];
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 20 random alphanumerics, as the central server uses. */
export function randomBoundary(): string {
  let s = '';
  for (let i = 0; i < 20; i++) s += ALNUM[randomInt(ALNUM.length)];
  return s;
}

/** Expire-date as the CS writes it: uuuu-MM-dd'T'HH:mm:ssX in UTC. */
export function formatExpireDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function defaultAlgorithm(key: KeyObject): SignatureAlgorithm {
  return key.asymmetricKeyType === 'ec' ? signatureAlgorithmFor('ecdsa', 'sha256') : signatureAlgorithmFor('rsa', 'sha512');
}

export function buildSignedDirectory(opts: SignDirectoryOptions): BuiltDirectory {
  const nl = opts.lineEnding ?? '\r\n';
  const outer = opts.boundaries?.outer ?? randomBoundary();
  const inner = opts.boundaries?.inner ?? randomBoundary();
  const hashAlg = opts.hashAlgorithm ?? 'sha512';
  const partHashes: string[] = [];

  let signed = `--${inner}${nl}Expire-date: ${formatExpireDate(opts.expireDate)}${nl}`;
  if (opts.version !== undefined) signed += `Version: ${opts.version}${nl}`;
  signed += nl;
  for (const f of opts.files) {
    const hash = digestBase64(hashAlg, typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : f.content);
    partHashes.push(hash);
    const cid = f.instance === undefined ? f.contentIdentifier : `${f.contentIdentifier}; instance='${f.instance}'`;
    signed += `--${inner}${nl}Content-type: application/octet-stream${nl}Content-transfer-encoding: base64${nl}`;
    signed += `Content-identifier: ${cid}${nl}Content-location: ${f.contentLocation}${nl}`;
    if (f.contentFileName) signed += `Content-file-name: ${f.contentFileName}${nl}`;
    signed += `Hash-algorithm-id: ${DigestUris[hashAlg]}${nl}${nl}${hash}${nl}`;
  }
  signed += `--${inner}--${nl}`;
  const signedData = Buffer.from(signed, 'utf8');

  const env = buildSignedEnvelope({ signedData, innerBoundary: inner, outerBoundary: outer, signer: opts.signer, lineEnding: nl, signOver: opts.signOver });
  return { ...env, partHashes };
}

export interface EnvelopeOptions {
  /** The inner multipart bytes to sign, exactly as they will be transmitted. */
  signedData: Buffer;
  innerBoundary: string;
  outerBoundary?: string;
  signer: DirectorySigningKey;
  lineEnding?: '\r\n' | '\n';
  signOver?: (signedData: Buffer) => Buffer;
}

/**
 * Wraps already-built signed data in the outer multipart/related with its signature part. Used
 * by buildSignedDirectory, and directly by tests and simulators that need a directory whose
 * inner headers are deliberately wrong but correctly signed.
 */
export function buildSignedEnvelope(opts: EnvelopeOptions): Omit<BuiltDirectory, 'partHashes'> {
  const nl = opts.lineEnding ?? '\r\n';
  const outer = opts.outerBoundary ?? randomBoundary();
  const key = opts.signer;
  const alg = typeof key.signatureAlgorithm === 'string' ? signatureAlgorithmFromUri(key.signatureAlgorithm) : (key.signatureAlgorithm ?? defaultAlgorithm(key.privateKey));
  if (!alg) throw new Error(`unknown signature algorithm ${String(key.signatureAlgorithm)}`);
  const signature = signWith(alg, key.privateKey, opts.signOver ? opts.signOver(opts.signedData) : opts.signedData);
  const certHashAlg = key.certHashAlgorithm ?? 'sha512';
  const certHash = digestBase64(certHashAlg, toConfCert(key.cert).stored);

  const head =
    `Content-Type: multipart/related; charset=UTF-8; boundary=${outer}${nl}${nl}` +
    `--${outer}${nl}Content-Type: multipart/mixed; charset=UTF-8; boundary=${opts.innerBoundary}${nl}${nl}`;
  // The line break before the outer delimiter belongs to the delimiter and is not signed (corrections GCONF-004).
  const tail =
    `${nl}--${outer}${nl}Content-Type: application/octet-stream${nl}Content-Transfer-Encoding: base64${nl}` +
    `Signature-Algorithm-Id: ${alg.uri}${nl}` +
    `Verification-certificate-hash: ${certHash}; hash-algorithm-id="${DigestUris[certHashAlg]}"${nl}${nl}` +
    `${signature.toString('base64')}${nl}--${outer}--${nl}`;
  return {
    body: Buffer.concat([Buffer.from(head, 'utf8'), opts.signedData, Buffer.from(tail, 'utf8')]),
    signedData: opts.signedData,
    signature,
    contentType: `multipart/related; charset=UTF-8; boundary=${outer}`,
    outerBoundary: outer,
    innerBoundary: opts.innerBoundary,
  };
}

/** The CS's per-generation folder name: uuuuMMddHHmmss + 9-digit nanoseconds. */
export function generationFolder(d: Date, nanosWithinMilli = 0): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  return date + p(d.getUTCMilliseconds(), 3) + p(nanosWithinMilli, 6);
}

export interface ConfigurationFilesInput {
  /** internalconf lists PRIVATE + SHARED (+ optional parts); externalconf lists SHARED only. */
  kind: 'internal' | 'external';
  version: ConfVersion;
  instanceIdentifier: string;
  /** Folder under /V<version>/, usually generationFolder(generatedAt). */
  folder: string;
  sharedParams: Buffer | string;
  privateParams?: Buffer | string;
  optionalParts?: { monitoring?: Buffer | string; nextUpdate?: Buffer | string; fetchInterval?: Buffer | string };
  /** Extra parts with free content identifiers (tolerated by clients, GCONF-006). */
  extraParts?: Array<{ contentIdentifier: string; fileName: string; content: Buffer | string }>;
}

export function configurationFiles(input: ConfigurationFilesInput): DirectoryFile[] {
  const base = `/V${input.version}/${input.folder}`;
  const inst = input.instanceIdentifier;
  const files: DirectoryFile[] = [
    { contentIdentifier: CONTENT_ID_SHARED_PARAMETERS, instance: inst, contentLocation: `${base}/shared-params.xml`, content: input.sharedParams },
  ];
  if (input.kind === 'external') return files;
  if (input.privateParams === undefined) throw new Error('internal configuration needs private-params');
  files.push({ contentIdentifier: CONTENT_ID_PRIVATE_PARAMETERS, instance: inst, contentLocation: `${base}/private-params.xml`, content: input.privateParams });
  const opt = input.optionalParts ?? {};
  for (const k of ['monitoring', 'nextUpdate', 'fetchInterval'] as const) {
    const content = opt[k];
    if (content === undefined) continue;
    const ids = OptionalPartIds[k];
    files.push({ contentIdentifier: ids.contentIdentifier, instance: inst, contentLocation: `${base}/${ids.fileName}`, content });
  }
  for (const e of input.extraParts ?? []) {
    files.push({ contentIdentifier: e.contentIdentifier, instance: inst, contentLocation: `${base}/${e.fileName}`, content: e.content });
  }
  return files;
}
