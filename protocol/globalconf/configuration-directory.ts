// The configuration directory as a security server keeps it on disk (vectors globalconf/dirs):
// `instance-identifier`, then one folder per instance holding shared-params.xml and
// private-params.xml, each with a `.metadata` JSON naming the version it was served as.
// Unreadable files are skipped with the error kept, as X-Road logs and skips them
// (globalconf_malformed: no exception, findShared("foo") empty).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { XRoadError } from '../faults/index.js';
import type { VerificationTrust } from '../trust/index.js';
import { globalConfError, GlobalConfCodes } from './codes.js';
import {
  OptionalPartIds,
  parseFetchIntervalParameters,
  parseMonitoringParameters,
  parseNextUpdateParameters,
  type FetchIntervalParameters,
  type MonitoringParameters,
  type NextUpdateParameters,
} from './optional-parts.js';
import { parsePrivateParameters, type PrivateParameters } from './private-params.js';
import { isConfVersion, type ConfVersion } from './shared-params-schema.js';
import { parseSharedParameters, type SharedParameters } from './shared-params.js';
import { trustFromSharedParams } from './trust.js';

export const INSTANCE_IDENTIFIER_FILE = 'instance-identifier';
export const SHARED_PARAMS_FILE = 'shared-params.xml';
export const PRIVATE_PARAMS_FILE = 'private-params.xml';
export const METADATA_SUFFIX = '.metadata';

export interface PartMetadata {
  contentIdentifier?: string;
  instanceIdentifier?: string;
  expirationDate?: Date;
  /** Absent in v2-era metadata, which means version 2. */
  configurationVersion?: string;
  contentLocation?: string;
  contentFileName?: string;
}

export interface InstanceDirectory {
  directoryName: string;
  shared?: SharedParameters;
  sharedMetadata?: PartMetadata;
  private?: PrivateParameters;
  privateMetadata?: PartMetadata;
  monitoring?: MonitoringParameters;
  nextUpdate?: NextUpdateParameters;
  fetchInterval?: FetchIntervalParameters;
  errors: Array<{ file: string; error: XRoadError }>;
}

export interface ConfigurationDirectory {
  path: string;
  /** Contents of `instance-identifier` (trimmed), or undefined when the file is absent or empty. */
  instanceIdentifier?: string;
  instances: Map<string, InstanceDirectory>;
}

/** FSGlobalConfValidator's readiness states. */
export type DirectoryReadiness = 'READY_TO_INIT' | 'FAILURE_CONFIGURATION_ERROR' | 'FAILURE_MALFORMED' | 'FAILURE_MISSING_INSTANCE_IDENTIFIER';

/** The directory checks a security server makes before it loads configuration at start-up. */
export function checkConfigurationDirectory(dir: string): DirectoryReadiness {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return 'FAILURE_CONFIGURATION_ERROR';
  const hasInstanceDir = readdirSync(dir, { withFileTypes: true }).some((e) => e.isDirectory());
  if (!hasInstanceDir) return 'FAILURE_MALFORMED';
  if (!existsSync(join(dir, INSTANCE_IDENTIFIER_FILE))) return 'FAILURE_MISSING_INSTANCE_IDENTIFIER';
  return 'READY_TO_INIT';
}

export function readPartMetadata(file: string): PartMetadata | undefined {
  if (!existsSync(file)) return undefined;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const md: PartMetadata = {};
  for (const k of ['contentIdentifier', 'instanceIdentifier', 'configurationVersion', 'contentLocation', 'contentFileName'] as const) {
    if (typeof raw[k] === 'string') md[k] = raw[k] as string;
  }
  if (typeof raw.expirationDate === 'string') {
    const d = new Date(raw.expirationDate);
    if (!Number.isNaN(d.getTime())) md.expirationDate = d;
  }
  return md;
}

function versionOf(md: PartMetadata | undefined): ConfVersion {
  const n = Number(md?.configurationVersion ?? '2');
  if (!isConfVersion(n)) throw globalConfError(GlobalConfCodes.malformedGlobalConf, `unsupported configurationVersion '${md?.configurationVersion}'`);
  return n;
}

function asXRoadError(e: unknown): XRoadError {
  return e instanceof XRoadError ? e : globalConfError(GlobalConfCodes.malformedGlobalConf, (e as Error).message, e);
}

function readInstance(dir: string, name: string): InstanceDirectory {
  const inst: InstanceDirectory = { directoryName: name, errors: [] };
  const attempt = (file: string, fn: (path: string) => void) => {
    const p = join(dir, name, file);
    if (!existsSync(p)) return;
    try {
      fn(p);
    } catch (e) {
      inst.errors.push({ file: join(name, file), error: asXRoadError(e) });
    }
  };
  attempt(SHARED_PARAMS_FILE, (p) => {
    const md = readPartMetadata(p + METADATA_SUFFIX);
    inst.shared = parseSharedParameters(readFileSync(p), versionOf(md));
    inst.sharedMetadata = md;
  });
  attempt(PRIVATE_PARAMS_FILE, (p) => {
    const md = readPartMetadata(p + METADATA_SUFFIX);
    inst.private = parsePrivateParameters(readFileSync(p), versionOf(md));
    inst.privateMetadata = md;
  });
  attempt(OptionalPartIds.monitoring.fileName, (p) => (inst.monitoring = parseMonitoringParameters(readFileSync(p))));
  attempt(OptionalPartIds.nextUpdate.fileName, (p) => (inst.nextUpdate = parseNextUpdateParameters(readFileSync(p))));
  attempt(OptionalPartIds.fetchInterval.fileName, (p) => (inst.fetchInterval = parseFetchIntervalParameters(readFileSync(p))));
  return inst;
}

/** Reads every instance folder; never throws for a bad file (see `errors`), only for an unreadable directory. */
export function readConfigurationDirectory(dir: string): ConfigurationDirectory {
  const idFile = join(dir, INSTANCE_IDENTIFIER_FILE);
  const id = existsSync(idFile) ? readFileSync(idFile, 'utf8').trim() : '';
  const instances = new Map<string, InstanceDirectory>();
  const names = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  for (const name of names) instances.set(name, readInstance(dir, name));
  return { path: dir, instanceIdentifier: id === '' ? undefined : id, instances };
}

export interface LoadedConfiguration {
  directory: ConfigurationDirectory;
  instanceIdentifier: string;
  shared: SharedParameters;
  private?: PrivateParameters;
  /** Expiry of the own instance's shared-params (from .metadata), when recorded. */
  expirationDate?: Date;
  trust: VerificationTrust;
}

/** Loads the own instance's configuration and trust; fails with `malformed_global_conf` when it is unusable. */
export function loadConfigurationDirectory(dir: string): LoadedConfiguration {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw globalConfError(GlobalConfCodes.malformedGlobalConf, `${dir} is not a directory`);
  const directory = readConfigurationDirectory(dir);
  const own = directory.instanceIdentifier;
  if (!own) throw globalConfError(GlobalConfCodes.malformedGlobalConf, `${dir}: ${INSTANCE_IDENTIFIER_FILE} is missing or empty`);
  const inst = directory.instances.get(own);
  if (!inst?.shared) {
    const why = inst?.errors.find((e) => e.file.endsWith(SHARED_PARAMS_FILE))?.error.message ?? 'not present';
    throw globalConfError(GlobalConfCodes.malformedGlobalConf, `${dir}: shared-params of own instance ${own}: ${why}`);
  }
  return {
    directory,
    instanceIdentifier: own,
    shared: inst.shared,
    private: inst.private,
    expirationDate: inst.sharedMetadata?.expirationDate,
    trust: trustFromSharedParams(inst.shared, inst.nextUpdate),
  };
}

/** X-Road refuses message exchange once the own configuration has expired (GCONF-008). */
export function verifyConfigurationValidity(loaded: LoadedConfiguration, now: Date = new Date()): void {
  if (loaded.expirationDate && now.getTime() > loaded.expirationDate.getTime()) {
    throw globalConfError(GlobalConfCodes.outdated, `Global configuration of ${loaded.instanceIdentifier} expired on ${loaded.expirationDate.toISOString()}`);
  }
}
