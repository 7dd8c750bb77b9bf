// evidence/<scenario>/index.html: the exchanges of one scenario as a reader wants them — hop,
// timing, the harness's verdict, then request and response with headers and bodies as text.
// The raw records (NNN-exchange.json) and exact body bytes (NNN-request.bin, NNN-response.bin)
// stay beside it and are what the manifest's hashes vouch for; this page only presents them.
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { badge, htmlPage } from './html-page.js';
import type { RunResult, ScenarioResult } from './run-result.js';
import { escapeXml as h } from './xml-escape.js';

export const EVIDENCE_DIR = 'evidence';
export const VIEWER_FILE = 'index.html';
/** Bodies beyond this are cut in the viewer (the .bin file keeps every byte). */
const TEXT_LIMIT = 256 * 1024;
const HEX_LIMIT = 4096;

/** One exchange as the main report links it. */
export interface ExchangeSummary {
  /** The record, relative to the report directory: evidence/<dir>/NNN-exchange.json. */
  path: string;
  /** Its place in the viewer: evidence/<dir>/index.html#x-NNN. */
  viewer: string;
  seq: string;
  hop: string;
  /** "HTTP 200", "error: ..." or "no response". */
  outcome: string;
  verdict?: string;
}

interface RecordedBody {
  file?: string;
  bytes?: number;
}
interface RecordedSide {
  method?: string;
  url?: string;
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  body?: RecordedBody;
}
interface ExchangeRecord {
  hop?: string;
  startedAt?: string;
  durationMs?: number;
  request?: RecordedSide;
  response?: RecordedSide;
  error?: string;
  verdict?: string;
}

const EXCHANGE_FILE = /^(\d+)-exchange\.json$/;
// A record names its body file; only a plain sibling name is followed (no path climbing).
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Maps evidence/<dir>/NNN-exchange.json to its viewer anchor; other paths have none. */
export function viewerLink(evidencePath: string): string | undefined {
  const m = evidencePath.match(/^evidence\/([^/]+)\/(\d+)-exchange\.json$/);
  return m ? `${EVIDENCE_DIR}/${m[1]}/${VIEWER_FILE}#x-${m[2]}` : undefined;
}

/** Body bytes as readable text, or a hex dump when they are not text. */
export function bodyAsText(buf: Buffer): { text: string; note?: string } {
  const shown = buf.subarray(0, TEXT_LIMIT);
  const text = new TextDecoder('utf-8').decode(shown);
  // eslint-disable-next-line no-control-regex
  const control = (text.match(/[\u0000-\u0008\u000E-\u001F\uFFFD]/g) ?? []).length;
  if (text.length === 0 || control / text.length < 0.02) {
    // eslint-disable-next-line no-control-regex
    const visible = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    return { text: visible, note: buf.length > TEXT_LIMIT ? `first ${TEXT_LIMIT} of ${buf.length} bytes shown` : undefined };
  }
  const lines: string[] = [];
  for (let off = 0; off < Math.min(buf.length, HEX_LIMIT); off += 16) {
    const row = buf.subarray(off, off + 16);
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return { text: lines.join('\n'), note: `binary; hex dump${buf.length > HEX_LIMIT ? ` of the first ${HEX_LIMIT} of ${buf.length} bytes` : ''}` };
}

function headerLines(headers: RecordedSide['headers']): string {
  const entries = Object.entries(headers ?? {}).filter(([, v]) => v !== undefined);
  if (!entries.length) return '<p class="muted">no headers recorded</p>';
  return `<p class="muted">headers</p><pre class="headers">${h(entries.flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}: ${x}`)).join('\n'))}</pre>`;
}

function bodyBlock(dir: string, body: RecordedBody | undefined): string {
  if (!body?.file) return '<p class="muted">no body</p>';
  if (!SAFE_NAME.test(body.file) || !existsSync(join(dir, body.file))) return `<p class="muted">body file ${h(body.file)} is missing</p>`;
  const buf = readFileSync(join(dir, body.file));
  const { text, note } = bodyAsText(buf);
  return `<p class="muted">body, ${buf.length} bytes${note ? ` · ${h(note)}` : ''} · <a href="${h(body.file)}">exact bytes</a></p><pre class="body">${h(text)}</pre>`;
}

function outcomeOf(x: ExchangeRecord): string {
  if (x.error) return `error: ${x.error}`;
  if (x.response) return x.response.status !== undefined ? `HTTP ${x.response.status}` : 'response';
  return 'no response';
}

function exchangeSection(dir: string, file: string, seq: string, x: ExchangeRecord | undefined, problem?: string): string {
  if (!x) return `<section class="exchange" id="x-${h(seq)}"><h2>${Number(seq)} · unreadable record</h2><p>${h(problem ?? '')} · <a href="${h(file)}">${h(file)}</a></p></section>`;
  const req = x.request ?? {};
  const facts = [
    ['started', x.startedAt ?? '?'],
    ['duration', typeof x.durationMs === 'number' ? `${x.durationMs.toFixed(1)} ms` : '?'],
    ['outcome', outcomeOf(x)],
    ...(x.verdict ? [['harness verdict', x.verdict]] : []),
  ];
  const response = x.response
    ? `<h3>Response: ${h(x.response.status !== undefined ? `HTTP ${x.response.status}` : '')}</h3>${headerLines(x.response.headers)}${bodyBlock(dir, x.response.body)}`
    : `<h3>Response</h3><p>${h(x.error ? `none: ${x.error}` : 'none recorded')}</p>`;
  return `<section class="exchange" id="x-${h(seq)}"><h2>${Number(seq)} · ${h(x.hop ?? 'exchange')}</h2>
<dl class="facts">${facts.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl>
<h3>Request: ${h(`${req.method ?? ''} ${req.url ?? ''}`.trim())}</h3>${headerLines(req.headers)}${bodyBlock(dir, req.body)}
${response}<p class="muted"><a href="${h(file)}">exchange record (JSON)</a></p></section>`;
}

function readRecord(path: string): { record?: ExchangeRecord; problem?: string } {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return { problem: 'not a JSON object' };
    return { record: v as ExchangeRecord };
  } catch (e) {
    return { problem: `not JSON (${(e as Error).message})` };
  }
}

function scenarioHeader(dirName: string, scenarios: ScenarioResult[]): string {
  if (!scenarios.length) return `<h1>Evidence ${h(dirName)}</h1><p><a href="../../index.html">back to the report</a></p>`;
  return scenarios
    .map((s) => {
      const f = s.failure;
      const failure = f
        ? `<pre>${h(f.message)}</pre>${f.expected ? `<p><b>Expected</b></p><pre>${h(f.expected)}</pre>` : ''}${f.actual ? `<p><b>Actual</b></p><pre>${h(f.actual)}</pre>` : ''}`
        : '';
      return `<h1>Evidence: ${h(s.name)} ${badge(s.status)}</h1>
<dl class="facts"><dt>feature</dt><dd>${h(s.feature)} <span class="muted">(${h(s.uri)})</span></dd><dt>requirements</dt><dd>${h(s.requirementIds.join(' ') || 'none')}</dd>${s.role ? `<dt>SUT role</dt><dd>${h(s.role)}</dd>` : ''}</dl>
${failure}<p><a href="../../index.html#sc-${h(s.id)}">back to the report</a></p>`;
    })
    .join('\n');
}

/**
 * Writes evidence/<dir>/index.html for every evidence directory of the run and returns a summary
 * of each exchange record, keyed by its path relative to the report directory.
 */
export function writeEvidenceViewers(runDir: string, run: Pick<RunResult, 'runId' | 'scenarios'>): Map<string, ExchangeSummary> {
  const summaries = new Map<string, ExchangeSummary>();
  const root = join(runDir, EVIDENCE_DIR);
  if (!existsSync(root)) return summaries;
  for (const dirName of readdirSync(root).sort()) {
    const dir = join(root, dirName);
    if (!lstatSync(dir).isDirectory()) continue;
    const files = readdirSync(dir).filter((f) => EXCHANGE_FILE.test(f)).sort();
    if (!files.length) continue;
    const prefix = `${EVIDENCE_DIR}/${dirName}/`;
    const scenarios = run.scenarios.filter((s) => s.evidence.some((e) => e.startsWith(prefix)));
    const sections: string[] = [];
    const toc: string[] = [];
    for (const file of files) {
      const seq = file.match(EXCHANGE_FILE)![1];
      const { record, problem } = readRecord(join(dir, file));
      sections.push(exchangeSection(dir, file, seq, record, problem));
      const summary: ExchangeSummary = {
        path: prefix + file,
        viewer: `${prefix}${VIEWER_FILE}#x-${seq}`,
        seq,
        hop: record?.hop ?? 'unreadable record',
        outcome: record ? outcomeOf(record) : (problem ?? 'unreadable'),
        verdict: record?.verdict,
      };
      summaries.set(summary.path, summary);
      toc.push(`<li><a href="#x-${h(seq)}">${Number(seq)} · ${h(summary.hop)}</a> <span class="muted">${h(summary.outcome)}</span></li>`);
    }
    const title = `Evidence: ${scenarios[0]?.name ?? dirName} (run ${run.runId})`;
    const body = `${scenarioHeader(dirName, scenarios)}<h2>Exchanges</h2><ol>${toc.join('')}</ol>\n${sections.join('\n')}`;
    writeFileSync(join(dir, VIEWER_FILE), htmlPage(title, body));
  }
  return summaries;
}
