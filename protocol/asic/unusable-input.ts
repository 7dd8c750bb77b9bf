// "Unusable input" is not a verdict: a truncated download, an empty file or a directory says
// nothing about the evidence, so it must never be reported as "invalid" (CLI exit 2, not 1).
import { readFileSync, statSync } from 'node:fs';

export const UnusableInputCodes = {
  notFound: 'unusable_input.not_found',
  notAFile: 'unusable_input.not_a_file',
  emptyFile: 'unusable_input.empty_file',
  corruptedZip: 'unusable_input.corrupted_zip',
  tooLarge: 'unusable_input.too_large',
  unreadable: 'unusable_input.unreadable',
} as const;

export class UnusableInputError extends Error {
  override readonly name = 'UnusableInputError';

  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isUnusableInputError(e: unknown): e is UnusableInputError {
  return e instanceof UnusableInputError;
}

/** Checks that `path` names a non-empty regular file; returns its size. */
export function assertUsableFile(path: string, what = 'file'): number {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UnusableInputError(UnusableInputCodes.notFound, `${what} '${path}' does not exist`);
    throw new UnusableInputError(UnusableInputCodes.unreadable, `${what} '${path}' cannot be read: ${(err as Error).message}`);
  }
  if (st.isDirectory()) throw new UnusableInputError(UnusableInputCodes.notAFile, `${what} '${path}' is a directory, not a file`);
  if (!st.isFile()) throw new UnusableInputError(UnusableInputCodes.notAFile, `${what} '${path}' is not a regular file`);
  if (st.size === 0) throw new UnusableInputError(UnusableInputCodes.emptyFile, `${what} '${path}' is empty (0 bytes)`);
  return st.size;
}

/** Reads a whole evidence file (an ASiC container is small) after the checks above. */
export function readEvidenceFile(path: string, what = 'file'): Buffer {
  assertUsableFile(path, what);
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UnusableInputError(UnusableInputCodes.unreadable, `${what} '${path}' cannot be read: ${(err as Error).message}`, { cause: err });
  }
}
