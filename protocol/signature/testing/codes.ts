// Test-only: the XRoadError code a call ends with ('ok' when it returns).
import { faultCodeOf } from '../../test-support/fault-code.js';

export const codeOf = (fn: () => unknown): string => faultCodeOf(fn, 'ok');

export function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}
