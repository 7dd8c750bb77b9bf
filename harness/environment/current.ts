// The environment a run brought up, handed to the cucumber World. Cucumber loads step code by
// import, so the handle travels through this module rather than through constructor arguments.
import type { Environment } from './environment.js';

let current: Environment | undefined;

export function setCurrentEnvironment(env: Environment | undefined): void {
  current = env;
}

export function currentEnvironment(): Environment {
  if (!current) throw new Error('no environment is running: scenarios are started by `roadtest run`, which brings one up first');
  return current;
}
