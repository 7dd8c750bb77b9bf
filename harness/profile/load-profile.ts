import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseDocument, LineCounter } from 'yaml';
import type { ZodIssue } from 'zod';
import { TargetProfileSchema, type TargetProfile } from './target-profile.js';

/** A profile that cannot be used; `problems` name each mistake with its path in the file. */
export class ProfileError extends Error {
  override readonly name = 'ProfileError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n  - ${problems.join('\n  - ')}`}`);
  }
}

function describeIssue(issue: ZodIssue, where: (path: (string | number)[]) => string): string {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as (string | number)[];
  const at = path.length ? path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') : '(top level)';
  return `${at}${where(path)}: ${issue.message}`;
}

export function parseProfile(text: string, file = '<profile>'): TargetProfile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    throw new ProfileError(file, doc.errors.map((e) => `YAML syntax: ${e.message.split('\n')[0]}`));
  }
  const data = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ProfileError(file, ['expected a YAML mapping with name, kind, roles, securityServer, hosts ...']);
  }
  const where = (path: (string | number)[]): string => {
    for (let n = path.length; n > 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && node.range) {
        const { line } = lineCounter.linePos(node.range[0]);
        return ` (line ${line})`;
      }
    }
    return '';
  };
  const result = TargetProfileSchema.safeParse(data);
  if (!result.success) throw new ProfileError(file, result.error.issues.map((i) => describeIssue(i as ZodIssue, where)));
  return result.data;
}

export function loadProfile(file: string): TargetProfile {
  if (!existsSync(file)) throw new ProfileError(file, ['file not found']);
  if (!statSync(file).isFile()) throw new ProfileError(file, ['is a directory, expected a YAML file']);
  return parseProfile(readFileSync(file, 'utf8'), file);
}
