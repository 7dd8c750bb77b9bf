// Writes reports/<run-id>/ (index.html, results.json, junit.xml, cucumber-messages.ndjson,
// evidence/ already filled by the recorder, plus one readable viewer page per scenario's evidence)
// and signs the manifest last, then points reports/latest at the run.
import type { KeyObject } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeEvidenceViewers } from './evidence-viewer.js';
import { toHtml, type HtmlExtras } from './html-report.js';
import { toJunitXml } from './junit.js';
import { writeSignedManifest } from './manifest.js';
import type { RunResult } from './run-result.js';

export interface ReportInputs {
  run: RunResult;
  cucumberNdjson?: string;
  extras?: HtmlExtras;
  signer: { key: KeyObject; certPem: string };
}

export function writeReport(runDir: string, inputs: ReportInputs): void {
  mkdirSync(runDir, { recursive: true });
  writeFileSync(join(runDir, 'results.json'), JSON.stringify(inputs.run, null, 1) + '\n');
  writeFileSync(join(runDir, 'junit.xml'), toJunitXml(inputs.run));
  const evidence = writeEvidenceViewers(runDir, inputs.run);
  writeFileSync(join(runDir, 'index.html'), toHtml(inputs.run, { evidence, ...inputs.extras }));
  if (inputs.cucumberNdjson !== undefined) writeFileSync(join(runDir, 'cucumber-messages.ndjson'), inputs.cucumberNdjson);
  writeSignedManifest(runDir, inputs.run.runId, inputs.signer.key, inputs.signer.certPem);
  pointLatestAt(runDir);
}

function pointLatestAt(runDir: string): void {
  const latest = join(dirname(runDir), 'latest');
  try {
    if (existsSync(latest) || lstatSync(latest, { throwIfNoEntry: false })) rmSync(latest, { recursive: true, force: true });
    symlinkSync(basename(runDir), latest, 'dir');
  } catch {
    // A file system without symlinks keeps the run directory only; nothing is lost.
  }
}

export function newRunId(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z') + '-' + Math.random().toString(36).slice(2, 6);
}
