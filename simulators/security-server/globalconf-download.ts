// One download of the signed configuration directory from one location, as X-Road's
// ConfigurationDownloader does it (GCONF-002..007): resolve the version (6 down to 3, any answer
// but 404 counts, a `version` already in the URL is kept; corrections GCONF-002), verify the
// directory with the location's certificates (signature, Expire-date), then fetch only the parts
// whose listed hash differs from the copy we hold, and check each file's hash.
import {
  digestBase64,
  directoryVersion,
  partFileName,
  readDirectoryContent,
  resolvePartUrl,
  verifySignedDirectory,
  type ConfCert,
  type ConfVersion,
  type DigestName,
  type DirectoryContent,
  type DirectoryPart,
  type SignedDirectory,
} from '../../protocol/globalconf/index.js';
import { ErrorCodes, XRoadError } from '../../protocol/faults/index.js';
import type { ConfHttp } from './globalconf-http.js';

/** Where a directory can be downloaded and which certificates may have signed it. */
export interface ConfLocation {
  /** Directory URL without `version` (unless the anchor fixed one). */
  url: string;
  verificationCerts: ConfCert[];
  /** 'anchor' source, or a shared-params `source` (GCONF-009, key rotation). */
  origin: 'anchor' | 'shared-params';
}

/** A configuration file as held after a successful download. */
export interface StoredFile {
  contentIdentifier: string;
  /** The part's `instance` parameter; undefined = configuration root. */
  instance?: string;
  fileName: string;
  contentLocation: string;
  hashAlgorithm: DigestName;
  hash: string;
  bytes: Buffer;
}

export interface DownloadedConf {
  location: ConfLocation;
  /** The directory URL with its `version`. */
  directoryUrl: string;
  version: ConfVersion;
  directory: SignedDirectory;
  content: DirectoryContent;
  files: StoredFile[];
  /** Parts fetched over HTTP this time; the rest were unchanged and reused (GCONF-007). */
  partsDownloaded: number;
  partsReused: number;
}

export const PROBED_VERSIONS = { from: 6, to: 3 } as const;

export function storedFileKey(f: { instance?: string; fileName: string }): string {
  return `${f.instance ?? ''}/${f.fileName}`;
}

function withVersion(url: string, version: number): string {
  const u = new URL(url);
  u.searchParams.set('version', String(version));
  return u.toString();
}

/**
 * The version to use at `url` and, when the probe already answered 200, that answer's body (the
 * probe is a full GET; fetching again would only double the traffic).
 */
export async function resolveConfVersion(http: ConfHttp, url: string): Promise<{ version: number; directoryUrl: string; body?: Buffer }> {
  const fixed = new URL(url).searchParams.get('version');
  if (fixed !== null) {
    if (!/^\d{1,3}$/.test(fixed)) throw new XRoadError(ErrorCodes.invalidMessage, `${url}: version parameter '${fixed}' is not a number`);
    return { version: Number(fixed), directoryUrl: url };
  }
  for (let v: number = PROBED_VERSIONS.from; v >= PROBED_VERSIONS.to; v--) {
    const directoryUrl = withVersion(url, v);
    const answer = await http.get(directoryUrl);
    if (answer.status === 404) continue;
    return { version: v, directoryUrl, body: answer.status === 200 ? answer.body : undefined };
  }
  throw new XRoadError(ErrorCodes.httpError, `${url} serves no configuration version between ${PROBED_VERSIONS.to} and ${PROBED_VERSIONS.from} (404 for each)`);
}

/** Downloads, verifies and reads the directory at `location`; `previous` are the files we hold. */
export async function downloadFromLocation(
  http: ConfHttp,
  location: ConfLocation,
  previous: readonly StoredFile[],
  options: { now: Date; instanceIdentifier: string },
): Promise<DownloadedConf> {
  const resolved = await resolveConfVersion(http, location.url);
  let body = resolved.body;
  if (!body) {
    const answer = await http.get(resolved.directoryUrl);
    if (answer.status !== 200) throw new XRoadError(ErrorCodes.httpError, `GET ${resolved.directoryUrl} answered HTTP ${answer.status}`);
    body = answer.body;
  }
  const directory = verifySignedDirectory(body, {
    verificationCerts: location.verificationCerts,
    now: options.now,
    instanceIdentifier: options.instanceIdentifier,
  });
  const version = directoryVersion(directory);

  const held = new Map(previous.map((f) => [storedFileKey(f), f]));
  const fetched = new Map<DirectoryPart, Buffer | Error>();
  let partsDownloaded = 0;
  let partsReused = 0;
  for (const part of directory.parts) {
    const old = held.get(storedFileKey({ instance: part.instance, fileName: partFileName(part) }));
    if (old && digestBase64(part.hashAlgorithm, old.bytes) === part.hash.replace(/\s+/g, '')) {
      fetched.set(part, old.bytes);
      partsReused++;
      continue;
    }
    partsDownloaded++;
    const partUrl = resolvePartUrl(resolved.directoryUrl, part);
    try {
      const answer = await http.get(partUrl);
      fetched.set(part, answer.status === 200 ? answer.body : new Error(`HTTP ${answer.status} for ${partUrl}`));
    } catch (e) {
      fetched.set(part, e as Error);
    }
  }
  // readDirectoryContent checks every file's hash and instance, and turns a failed fetch into
  // global_conf_part_download_failure.
  const content = readDirectoryContent(directory, (part) => {
    const got = fetched.get(part);
    if (got === undefined) throw new Error('not downloaded');
    if (got instanceof Error) throw new Error(got.message);
    return got;
  });
  const files: StoredFile[] = directory.parts.map((part) => ({
    contentIdentifier: part.contentIdentifier,
    ...(part.instance !== undefined ? { instance: part.instance } : {}),
    fileName: partFileName(part),
    contentLocation: part.contentLocation,
    hashAlgorithm: part.hashAlgorithm,
    hash: part.hash.replace(/\s+/g, ''),
    bytes: fetched.get(part) as Buffer,
  }));
  return { location, directoryUrl: resolved.directoryUrl, version, directory, content, files, partsDownloaded, partsReused };
}
