// What a run brings up around the SUT (ARCHITECTURE "How a run flows", step 2), as the steps see it.
import type { TargetProfile } from '../profile/index.js';

export interface SutEndpoints {
  /** Security server id INSTANCE/CLASS/CODE/SERVERCODE. */
  id: string;
  /** Version string the SUT announces (x-proxy-version / profile), when known. */
  version?: string;
  clientProxyUrl?: string;
  clientProxyHttpsUrl?: string;
  serverProxyUrl?: string;
  ocspDownloadUrl?: string;
  /** The health check port (profile endpoints.healthCheck; the embedded SUT's own). */
  healthCheckUrl?: string;
  /** Base URL for /asic and /verificationconf. */
  asicBaseUrl?: string;
  /** Seeded defects switched on (embedded SUT only). */
  defects: string[];
  /** The embedded SUT's own process, when it runs apart from the environment (perf runs). */
  pid?: number;
}

export interface Environment {
  profile: TargetProfile;
  /** Where this run's report (and evidence) is written. */
  reportDir: string;
  sut: SutEndpoints;
  /** Handles on the simulated parties, for the steps (typed by environment-handles.ts). */
  handles: Record<string, unknown>;
  stop(): Promise<void>;
}
