// `roadtest run`: profile -> environment -> Gherkin suite -> report -> summary. The run always
// completes: a dead or misbehaving SUT gives per-scenario failures, never a hung or lost run.
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Envelope } from '@cucumber/messages';
import { bringUpEnvironment } from '../environment/bring-up.js';
import { setCurrentEnvironment } from '../environment/current.js';
import type { TargetProfile } from '../profile/index.js';
import { scenariosFromMessages } from '../report/cucumber-messages.js';
import { newRunId, writeReport } from '../report/report-writer.js';
import { overallVerdict, type RequirementInfo, type RunResult } from '../report/run-result.js';
import { harnessSigner } from './harness-signer.js';
import { collectedPerfCharts, resetCollectedPerfPoints } from '../perf/suite-charts.js';
import { Progress } from './progress.js';
import { runSuite } from './run-suite.js';
import { summaryText } from './summary.js';

export interface RunOptions {
  profile: TargetProfile;
  profileFile: string;
  tags?: string;
  /** Feature areas (folder names under features/) or feature file paths. */
  features?: string[];
  role?: 'client-side' | 'provider-side';
  failFast?: boolean;
  parallel?: number;
  reportDir: string;
  /** Seeded defects for the embedded SUT (self-test). */
  defects?: string[];
  quiet?: boolean;
}

export interface RunOutcome {
  run: RunResult;
  runDir: string;
  envelopes: Envelope[];
}

const ROADTEST_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function requirementCatalog(): RequirementInfo[] {
  return JSON.parse(readFileSync(new URL('../requirements/catalog.json', import.meta.url), 'utf8')) as RequirementInfo[];
}

function combinedTags(opts: RunOptions): string {
  const parts: string[] = [];
  if (opts.tags) parts.push(`(${opts.tags})`);
  if (opts.role === 'client-side') parts.push('not @sut-provider');
  if (opts.role === 'provider-side') parts.push('not @sut-client');
  return parts.join(' and ');
}

function featurePaths(features: string[] | undefined): string[] | undefined {
  if (!features?.length) return undefined;
  return features.map((f) => (f.endsWith('.feature') || f.includes('/') ? f : `features/${f}/**/*.feature`));
}

export async function executeRun(opts: RunOptions): Promise<RunOutcome> {
  const runId = newRunId();
  const runDir = resolve(join(opts.reportDir, runId));
  const startedAt = new Date();
  resetCollectedPerfPoints();
  const env = await bringUpEnvironment(opts.profile, { reportDir: runDir, defects: opts.defects ?? [] });
  setCurrentEnvironment(env);
  let envelopes: Envelope[] = [];
  try {
    const progress = new Progress();
    const outcome = await runSuite({
      paths: featurePaths(opts.features),
      tags: combinedTags(opts),
      failFast: opts.failFast,
      parallel: opts.parallel,
      onMessage: opts.quiet ? undefined : progress.onMessage,
    });
    envelopes = outcome.envelopes;
  } finally {
    setCurrentEnvironment(undefined);
    await env.stop();
  }
  const scenarios = scenariosFromMessages(envelopes as never);
  const run: RunResult = {
    runId,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    roadtestVersion: ROADTEST_VERSION,
    profile: { name: opts.profile.name, kind: opts.profile.kind, file: opts.profileFile },
    sut: { id: env.sut.id, ...(env.sut.version ? { version: env.sut.version } : {}), ...(env.sut.defects.length ? { defects: env.sut.defects } : {}) },
    verdict: overallVerdict(scenarios),
    scenarios,
    requirements: requirementCatalog(),
  };
  const signer = await harnessSigner();
  const charts = collectedPerfCharts();
  writeReport(runDir, { run, cucumberNdjson: envelopes.map((e) => JSON.stringify(e)).join('\n') + '\n', signer, ...(charts.length ? { extras: { charts } } : {}) });
  if (!opts.quiet) process.stdout.write('\n' + summaryText(run) + `report: ${runDir}/index.html\n`);
  return { run, runDir, envelopes };
}
