// Runs the Gherkin suite in-process through cucumber's API and returns its message stream, so
// the report is built from cucumber's own record of the run.
import { Writable } from 'node:stream';
import type { Envelope } from '@cucumber/messages';
import { loadConfiguration, runCucumber, type ISupportCodeLibrary } from '@cucumber/cucumber/api';

export interface SuiteOptions {
  /** Feature files or folders; default features/. */
  paths?: string[];
  /** Cucumber tag expression (combined with the role and area filters by the caller). */
  tags?: string;
  failFast?: boolean;
  parallel?: number;
  onMessage?: (e: Envelope) => void;
}

export interface SuiteOutcome {
  success: boolean;
  envelopes: Envelope[];
}

// Step code is ES modules: importing it twice in one process registers nothing the second time,
// so the library from the first run is reused (self-test runs the suite once per defect).
let supportLibrary: ISupportCodeLibrary | undefined;

export async function runSuite(opts: SuiteOptions): Promise<SuiteOutcome> {
  const envelopes: Envelope[] = [];
  const { runConfiguration } = await loadConfiguration({
    file: false,
    provided: {
      paths: opts.paths?.length ? opts.paths : ['features/**/*.feature'],
      import: ['steps/**/*.ts'],
      tags: opts.tags ?? '',
      failFast: opts.failFast ?? false,
      parallel: opts.parallel ?? 0,
      format: [],
      strict: true,
    },
  });
  const { success, support } = await runCucumber(
    // Our report and progress bar come from the message stream; cucumber's own summary is muted.
    { ...runConfiguration, ...(supportLibrary && !opts.parallel ? { support: supportLibrary } : {}), formats: { stdout: 'summary', files: {}, publish: false, options: {} } },
    { stdout: new Writable({ write: (_chunk, _enc, done) => done() }), stderr: process.stderr },
    (e) => {
      envelopes.push(e);
      opts.onMessage?.(e);
    },
  );
  supportLibrary ??= support;
  return { success, envelopes };
}
