// For tests: the X-Road code a call fails with.
import { isXRoadError } from '../faults/index.js';

/** Runs f and returns the XRoadError code it throws; fails the test when it throws anything else or nothing. */
export function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isXRoadError(e)) return e.code;
    throw e;
  }
  throw new Error('expected an XRoadError, nothing was thrown');
}
