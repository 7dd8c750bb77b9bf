// One published generation of the configuration: for every served version, the files of
// internalconf and externalconf under /V<version>/<generation folder>/, as the CS lays them out.
// Directories themselves are signed per request (publication.ts only fixes the files), so their
// Expire-date is always the answer time + confExpireIntervalSeconds, as a CS regenerating
// every interval would give.
import {
  buildFetchIntervalParameters,
  buildMonitoringParameters,
  buildNextUpdateParameters,
  buildPrivateParameters,
  buildSharedParameters,
  configurationFiles,
  generationFolder,
  type ConfVersion,
  type DirectoryFile,
  type SharedParametersInput,
} from '../../protocol/globalconf/index.js';
import { privateInputOf, sharedInputOf, type InstanceModel } from './instance-model.js';

export interface VersionFiles {
  internal: DirectoryFile[];
  external: DirectoryFile[];
}

export interface Publication {
  generatedAt: Date;
  folder: string;
  versions: Map<ConfVersion, VersionFiles>;
  /** Every file of this generation by its Content-location path. */
  files: Map<string, { file: DirectoryFile; bytes: Buffer }>;
}

export function publish(model: InstanceModel, sources: SharedParametersInput['sources'], versions: readonly ConfVersion[], generatedAt: Date, sequence: number): Publication {
  // Distinct folders even for two publications in the same millisecond.
  const folder = generationFolder(generatedAt, sequence % 1_000_000);
  const shared = sharedInputOf(model, sources);
  const priv = privateInputOf(model);
  const opt = model.optionalParts;
  const optionalParts = {
    monitoring: opt.monitoring ? buildMonitoringParameters(opt.monitoring) : undefined,
    nextUpdate: opt.nextUpdate ? buildNextUpdateParameters(opt.nextUpdate) : undefined,
    fetchInterval: opt.fetchInterval ? buildFetchIntervalParameters(opt.fetchInterval) : undefined,
  };
  const out: Publication = { generatedAt, folder, versions: new Map(), files: new Map() };
  for (const v of versions) {
    const sharedParams = buildSharedParameters(shared, v);
    const common = { version: v, instanceIdentifier: model.instanceIdentifier, folder, sharedParams };
    const internal = configurationFiles({ ...common, kind: 'internal', privateParams: buildPrivateParameters(priv, v), optionalParts });
    const external = configurationFiles({ ...common, kind: 'external' });
    out.versions.set(v, { internal, external });
    for (const f of internal) out.files.set(f.contentLocation, { file: f, bytes: Buffer.from(f.content) });
  }
  return out;
}
