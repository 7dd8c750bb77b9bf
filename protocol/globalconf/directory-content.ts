// Turns a verified directory listing plus the downloaded files into the configuration model:
// each file must match its listed hash (global_conf_part_downloaded_file_integrity_failure) and
// a PRIVATE/SHARED file must name the instance its part header names (GCONF-007).
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
import { CONTENT_ID_PRIVATE_PARAMETERS, CONTENT_ID_SHARED_PARAMETERS, verifyDownloadedPart, type DirectoryPart, type SignedDirectory } from './signed-directory.js';
import { trustFromSharedParams } from './trust.js';

export interface InstanceContent {
  shared?: SharedParameters;
  private?: PrivateParameters;
  monitoring?: MonitoringParameters;
  nextUpdate?: NextUpdateParameters;
  fetchInterval?: FetchIntervalParameters;
}

export interface DirectoryContent {
  version: ConfVersion;
  /** Keyed by the part's `instance` parameter ('' for parts stored in the configuration root). */
  instances: Map<string, InstanceContent>;
  /** Parts with content identifiers this reader does not interpret (tolerated, GCONF-006). */
  otherParts: Array<{ part: DirectoryPart; content: Buffer }>;
}

export function directoryVersion(dir: Pick<SignedDirectory, 'version'>): ConfVersion {
  const v = dir.version ?? 2;
  if (!isConfVersion(v)) throw globalConfError(GlobalConfCodes.malformedGlobalConf, `configuration version ${v} is not supported (2..6)`);
  return v;
}

function checkInstance(part: DirectoryPart, fileInstance: string): void {
  if (part.instance !== fileInstance) {
    throw globalConfError(
      GlobalConfCodes.partInvalidInstanceIdentifier,
      `${part.contentIdentifier} at ${part.contentLocation} is for instance '${fileInstance}', its part header says '${part.instance ?? ''}'`,
    );
  }
}

/**
 * `fetchPart` returns the bytes served at a part's Content-location (the caller does the I/O,
 * protocol/ stays free of sockets). Throw from it to report a download failure.
 */
export function readDirectoryContent(dir: SignedDirectory, fetchPart: (part: DirectoryPart) => Buffer): DirectoryContent {
  const version = directoryVersion(dir);
  const instances = new Map<string, InstanceContent>();
  const otherParts: DirectoryContent['otherParts'] = [];
  for (const part of dir.parts) {
    let content: Buffer;
    try {
      content = fetchPart(part);
    } catch (e) {
      if (e instanceof XRoadError) throw e;
      throw globalConfError(GlobalConfCodes.partDownloadFailure, `Failed to download global configuration part ${part.contentLocation}: ${(e as Error).message}`, e);
    }
    verifyDownloadedPart(part, content);
    const key = part.instance ?? '';
    const inst = instances.get(key) ?? {};
    instances.set(key, inst);
    switch (part.contentIdentifier) {
      case CONTENT_ID_SHARED_PARAMETERS:
        inst.shared = parseSharedParameters(content, version);
        checkInstance(part, inst.shared.instanceIdentifier);
        break;
      case CONTENT_ID_PRIVATE_PARAMETERS:
        inst.private = parsePrivateParameters(content, version);
        checkInstance(part, inst.private.instanceIdentifier);
        break;
      case OptionalPartIds.monitoring.contentIdentifier:
        inst.monitoring = parseMonitoringParameters(content);
        break;
      case OptionalPartIds.nextUpdate.contentIdentifier:
        inst.nextUpdate = parseNextUpdateParameters(content);
        break;
      case OptionalPartIds.fetchInterval.contentIdentifier:
        inst.fetchInterval = parseFetchIntervalParameters(content);
        break;
      default:
        otherParts.push({ part, content });
    }
  }
  return { version, instances, otherParts };
}

/** Trust of one instance in downloaded content; throws `malformed_global_conf` when its shared-params are absent. */
export function trustFromDirectoryContent(content: DirectoryContent, instanceIdentifier: string): VerificationTrust {
  const inst = content.instances.get(instanceIdentifier);
  if (!inst?.shared) throw globalConfError(GlobalConfCodes.malformedGlobalConf, `no shared-params for instance ${instanceIdentifier} in the directory`);
  return trustFromSharedParams(inst.shared, inst.nextUpdate);
}
