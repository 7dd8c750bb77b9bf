// Shared by this folder's tests only.
import { XRoadError } from '../faults/index.js';

/** The XRoadError code `fn` throws, or undefined when it returns; any other exception fails the test. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof XRoadError) return e.code;
    throw e;
  }
  return undefined;
}
