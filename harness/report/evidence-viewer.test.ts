import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bodyAsText, viewerLink, writeEvidenceViewers } from './evidence-viewer.js';
import type { ScenarioResult } from './run-result.js';

const DIR = 'access-denied-bc633679';

function scenario(evidence: string[]): ScenarioResult {
  return {
    id: 'bc633679-65bc', name: 'Access is <denied>', feature: 'SOAP exchange', area: 'message-soap', uri: 'features/message-soap/basic-exchange.feature',
    tags: ['@req:TRANSP-011'], requirementIds: ['TRANSP-011'], role: 'sut-provider', capabilities: [], status: 'failed', durationMs: 5,
    failure: { message: 'expected fault', expected: 'server.serverproxy.access_denied', actual: 'HTTP 200 <ok/>' }, evidence,
  };
}

function record(n: string, x: object): void {
  writeFileSync(join(evidenceDir, `${n}-exchange.json`), JSON.stringify(x));
}

const runDir = mkdtempSync(join(tmpdir(), 'evidence-viewer-'));
const evidenceDir = join(runDir, 'evidence', DIR);
mkdirSync(evidenceDir, { recursive: true });
writeFileSync(join(evidenceDir, '001-request.bin'), '<Envelope><x>a & b</x><script>alert(1)</script></Envelope>');
// One stray control byte in a text body is shown escaped, not as a hex dump of the whole body.
writeFileSync(join(evidenceDir, '001-response.bin'), 'HTTP body\u0001 with a control byte' + ' and some text'.repeat(10));
record('001', {
  hop: 'client IS -> SUT client proxy', startedAt: '2026-11-23T05:46:38.965Z', durationMs: 12.5, verdict: 'signature valid',
  request: { method: 'POST', url: 'http://127.0.0.1:1/', headers: { 'content-type': 'text/xml', 'x-multi': ['a', 'b'] }, body: { file: '001-request.bin', bytes: 59 } },
  response: { status: 500, headers: { 'content-type': 'text/xml' }, body: { file: '001-response.bin', bytes: 30 } },
});
writeFileSync(join(evidenceDir, '002-request.bin'), Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256)));
record('002', { hop: 'peer SS -> SUT server proxy', request: { method: 'POST', url: 'https://x/', headers: {}, body: { file: '002-request.bin' } }, error: 'ECONNRESET: socket hang up' });
writeFileSync(join(evidenceDir, '003-exchange.json'), '{not json');
writeFileSync(join(runDir, 'secret.txt'), 'do not show');
record('004', { hop: 'sneaky', request: { method: 'GET', url: 'http://x/', headers: {}, body: { file: '../../secret.txt' } } });

describe('evidence viewer', () => {
  const summaries = writeEvidenceViewers(runDir, { runId: 'r1', scenarios: [scenario([`evidence/${DIR}/001-exchange.json`])] });
  const html = readFileSync(join(evidenceDir, 'index.html'), 'utf8');

  it('lists every exchange with hop, timing, verdict, headers and bodies as escaped text', () => {
    expect(html).toContain('<section class="exchange" id="x-001"><h2>1 · client IS -&gt; SUT client proxy</h2>');
    expect(html).toContain('<dd>12.5 ms</dd>');
    expect(html).toContain('<dt>harness verdict</dt><dd>signature valid</dd>');
    expect(html).toContain('x-multi: a\nx-multi: b');
    expect(html).toContain('&lt;x&gt;a &amp; b&lt;/x&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('HTTP body\\x01 with a control byte');
    expect(html).toContain('<a href="001-request.bin">exact bytes</a>');
    expect(html).toContain('<a href="001-exchange.json">exchange record (JSON)</a>');
  });

  it('shows the scenario, its failure and a way back to the report', () => {
    expect(html).toContain('Evidence: Access is &lt;denied&gt;');
    expect(html).toContain('<pre>HTTP 200 &lt;ok/&gt;</pre>');
    expect(html).toContain('href="../../index.html#sc-bc633679-65bc"');
  });

  it('hex-dumps binary bodies, reports transport errors, survives unreadable records and never follows a body path out of its folder', () => {
    expect(html).toMatch(/00000000 {2}00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f {2}\.{16}/);
    expect(html).toContain('<p>none: ECONNRESET: socket hang up</p>');
    expect(html).toContain('id="x-003"><h2>3 · unreadable record</h2>');
    expect(html).toContain('body file ../../secret.txt is missing');
    expect(html).not.toContain('do not show');
  });

  it('returns a summary per record for the main report to link', () => {
    expect(summaries.get(`evidence/${DIR}/001-exchange.json`)).toEqual({
      path: `evidence/${DIR}/001-exchange.json`, viewer: `evidence/${DIR}/index.html#x-001`, seq: '001', hop: 'client IS -> SUT client proxy', outcome: 'HTTP 500', verdict: 'signature valid',
    });
    expect(summaries.get(`evidence/${DIR}/002-exchange.json`)?.outcome).toBe('error: ECONNRESET: socket hang up');
    expect(summaries.get(`evidence/${DIR}/003-exchange.json`)?.hop).toBe('unreadable record');
  });

  it('maps exchange paths to viewer anchors and leaves other paths alone', () => {
    expect(viewerLink('evidence/s1/012-exchange.json')).toBe('evidence/s1/index.html#x-012');
    expect(viewerLink('evidence/s1/012-request.bin')).toBeUndefined();
    expect(viewerLink('../evidence/s1/012-exchange.json')).toBeUndefined();
  });

  it('tells text from binary', () => {
    expect(bodyAsText(Buffer.from('<a>ä</a>\r\n')).text).toBe('<a>ä</a>\r\n');
    expect(bodyAsText(Buffer.from([0xff, 0xfe, 0, 1, 2])).note).toMatch(/^binary/);
    expect(bodyAsText(Buffer.alloc(300 * 1024, 'a')).note).toBe(`first ${256 * 1024} of ${300 * 1024} bytes shown`);
  });
});
