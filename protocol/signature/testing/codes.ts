// Test-only: the XRoadError code a call ends with ('ok' when it returns).
import { XRoadError } from '../../faults/index.js';

export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof XRoadError) return e.code;
    throw e;
  }
  return 'ok';
}

export function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}
