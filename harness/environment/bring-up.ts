// Step 2 of a run (ARCHITECTURE "How a run flows"): start everything around the SUT for the
// profile's kind. Each kind lives in its own file.
import type { TargetProfile } from '../profile/index.js';
import type { Environment } from './environment.js';

export interface BringUpOptions {
  reportDir: string;
  /** Seeded defects to switch on in the embedded reference SUT. */
  defects: string[];
  /** Embedded target: run the SUT in a process of its own (perf runs; see sut-process.ts). */
  sutInOwnProcess?: boolean;
}

export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

export async function bringUpEnvironment(profile: TargetProfile, opts: BringUpOptions): Promise<Environment> {
  switch (profile.kind) {
    case 'embedded': {
      const { startEmbeddedEnvironment } = await import('./embedded.js');
      return startEmbeddedEnvironment(profile, opts);
    }
    case 'url': {
      if (opts.defects.length) throw new EnvironmentError('seeded defects apply to the embedded reference security server only');
      const { startRemoteEnvironment } = await import('./remote.js');
      return startRemoteEnvironment(profile, opts);
    }
    case 'container': {
      // testcontainers is optional and needs a Docker engine; import it only here.
      let tc: unknown;
      try {
        tc = await import('testcontainers');
      } catch {
        throw new EnvironmentError('container targets need the optional package testcontainers (npm install testcontainers)');
      }
      void tc;
      throw new EnvironmentError(`container target ${profile.container?.image ?? ''}: no Docker engine is reachable here; start the server yourself and use a kind: url profile`);
    }
  }
}
