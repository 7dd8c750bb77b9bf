// The configuration as files: the directory layout a security server keeps on disk (vectors
// globalconf/dirs: `instance-identifier`, one folder per instance, each file with a `.metadata`
// JSON naming the version it was served as), and the verificationconf.zip of LOG-005 (the same
// shared-params files under `verificationconf/`), which protocol/globalconf's
// loadConfigurationDirectory and `roadtest verify --conf` read back.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { finishZip, newZipFile } from '../../protocol/asic/yazl-zip.js';
import { CONTENT_ID_SHARED_PARAMETERS, INSTANCE_IDENTIFIER_FILE, METADATA_SUFFIX } from '../../protocol/globalconf/index.js';
import type { StoredFile } from './globalconf-download.js';
import type { ConfSnapshot } from './globalconf-snapshot.js';

export const VERIFICATIONCONF_FOLDER = 'verificationconf';

/** `.metadata` as X-Road writes it (field names and date form of the vectors). */
export function partMetadataJson(file: StoredFile, snapshot: Pick<ConfSnapshot, 'expireDate' | 'version'>): string {
  return JSON.stringify({
    contentIdentifier: file.contentIdentifier,
    instanceIdentifier: file.instance ?? null,
    contentFileName: file.fileName,
    contentLocation: file.contentLocation,
    expirationDate: snapshot.expireDate.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    configurationVersion: String(snapshot.version),
  });
}

/** Relative path of a stored file: `<instance>/<file>` or, without instance, the root. */
export function storedFilePath(file: StoredFile): string {
  return file.instance !== undefined ? `${file.instance}/${file.fileName}` : file.fileName;
}

/** Every file of the configuration directory, relative paths -> bytes. */
export function configurationDirectoryEntries(snapshot: ConfSnapshot, files: readonly StoredFile[] = snapshot.files): Array<{ path: string; data: Buffer }> {
  const out: Array<{ path: string; data: Buffer }> = [{ path: INSTANCE_IDENTIFIER_FILE, data: Buffer.from(snapshot.instanceIdentifier) }];
  for (const f of files) {
    const path = storedFilePath(f);
    out.push({ path, data: f.bytes }, { path: path + METADATA_SUFFIX, data: Buffer.from(partMetadataJson(f, snapshot)) });
  }
  return out;
}

let writeSequence = 0;

/**
 * Replaces `dir` with the snapshot's files. Written beside it and renamed into place, so a reader
 * never sees half a configuration; files no longer listed disappear with the old copy (GCONF-007).
 */
export function writeConfigurationDirectory(dir: string, snapshot: ConfSnapshot): void {
  const suffix = `${process.pid}-${Date.now()}-${writeSequence++}`;
  const tmp = `${dir}.tmp-${suffix}`;
  const old = `${dir}.old-${suffix}`;
  try {
    for (const e of configurationDirectoryEntries(snapshot)) {
      const target = join(tmp, e.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, e.data);
    }
    mkdirSync(dirname(dir), { recursive: true });
    let moved = false;
    try {
      renameSync(dir, old);
      moved = true;
    } catch {
      // no previous copy
    }
    renameSync(tmp, dir);
    if (moved) rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** verificationconf.zip: instance-identifier and every instance's shared-params (with .metadata). */
export function verificationConfZip(snapshot: ConfSnapshot): Promise<Buffer> {
  const shared = snapshot.files.filter((f) => f.contentIdentifier === CONTENT_ID_SHARED_PARAMETERS && f.instance !== undefined);
  const zip = newZipFile();
  const mtime = snapshot.downloadedAt;
  for (const e of configurationDirectoryEntries(snapshot, shared)) {
    zip.addBuffer(e.data, `${VERIFICATIONCONF_FOLDER}/${e.path}`, { mtime, compress: true });
  }
  return finishZip(zip);
}
