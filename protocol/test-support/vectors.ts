// Locates X-Road's real artifacts (../shared/vectors beside the repository, or ROADTEST_VECTORS).
// They are read in place and never copied into the repository. Where they are absent, as on a
// user's machine, the tests that need them skip with a message saying so.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const vectorsDir: string | null = (() => {
  const candidates = [process.env.ROADTEST_VECTORS, join(repoRoot, '..', 'shared', 'vectors')].filter(Boolean) as string[];
  return candidates.find((c) => existsSync(join(c, 'CATALOG.md'))) ?? null;
})();

export function vectorPath(...parts: string[]): string {
  if (!vectorsDir) throw new Error('X-Road vectors are not available (../shared/vectors is absent)');
  return join(vectorsDir, ...parts);
}

export function readVector(...parts: string[]): Buffer {
  return readFileSync(vectorPath(...parts));
}

/** `describe` that skips, with a message naming what is missing, when the vectors are absent. */
export function describeWithVectors(name: string, fn: () => void): void {
  if (!vectorsDir) {
    console.warn(`[skip] ${name}: ../shared/vectors is absent; X-Road vector tests skipped`);
    describe.skip(name, fn);
    return;
  }
  describe(name, fn);
}
