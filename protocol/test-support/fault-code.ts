// For tests: the X-Road error a call fails with. An exception that is not an X-Road error always
// propagates, so a crash never passes for the expected failure.
import { expect } from 'vitest';
import { faultCodesEqual, isXRoadError, type XRoadError } from '../faults/index.js';

/** The XRoadError f throws, or undefined when it returns; anything else it throws propagates. */
function thrownFault(f: () => unknown): XRoadError | undefined {
  try {
    f();
  } catch (e) {
    if (isXRoadError(e)) return e;
    throw e;
  }
  return undefined;
}

/** Runs f and returns the XRoadError it throws; fails the test when it throws anything else or nothing. */
export function faultOf(f: () => unknown): XRoadError {
  const e = thrownFault(f);
  if (!e) throw new Error('expected an XRoadError, nothing was thrown');
  return e;
}

/** Runs f and returns the XRoadError code it throws; fails the test when it throws anything else or nothing. */
export function codeOf(f: () => unknown): string {
  return faultOf(f).code;
}

/** Asserts that f fails with an XRoadError of `code` (any X-Road spelling of it) whose message matches `message`. */
export function expectFault(f: () => unknown, code: string, message?: RegExp): void {
  const e = faultOf(f);
  expect(faultCodesEqual(e.code, code), `${e.code}: ${e.message}`).toBe(true);
  if (message) expect(e.message).toMatch(message);
}

/**
 * Runs f and returns the XRoadError code it throws, or `whenReturns` when it returns (undefined
 * unless given, or a word such as 'ok' that reads well in a table of expected outcomes).
 */
export function faultCodeOf(f: () => unknown): string | undefined;
export function faultCodeOf(f: () => unknown, whenReturns: string): string;
export function faultCodeOf(f: () => unknown, whenReturns?: string): string | undefined {
  const e = thrownFault(f);
  return e ? e.code : whenReturns;
}

/** An error that carries a code a test compares (XRoadError unless a module has its own). */
export type CodedError = (e: unknown) => e is { code: string };

/**
 * The code a promise (or an async call) rejects with, or `whenResolves` when it resolves. Only
 * errors `isCoded` accepts give a code (XRoadError by default); any other rejection propagates.
 */
export async function rejectionCodeOf(p: Promise<unknown> | (() => Promise<unknown>), whenResolves: string, isCoded: CodedError = isXRoadError): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (isCoded(e)) return e.code;
    throw e;
  }
  return whenResolves;
}
