#!/usr/bin/env node
// Regenerates harness/requirements/catalog.json (requirement ID, area, one-line summary) from
// ../shared/spec/requirements.md, so the report can list every ID even where ../shared is absent.
import { readFileSync, writeFileSync } from 'node:fs';

const src = process.argv[2] ?? '../shared/spec/requirements.md';
const text = readFileSync(src, 'utf8');
const out = [];
let section = '';
const lines = text.split('\n');
for (let i = 0; i < lines.length; i++) {
  const line = lines[i];
  const h = line.match(/^##+ (.*)$/);
  if (h) section = h[1].trim();
  let m = line.match(/^\* \*\*([A-Z]+-\d+)\*\* (.*)$/);
  if (m) {
    let full = m[2];
    while (i + 1 < lines.length && /^ {2}\S/.test(lines[i + 1])) full += ' ' + lines[++i].trim();
    m = [m[0], m[1], full];
  }
  if (!m) continue;
  // Drop source references ([MESS §2.1], [impl:X]) and keep the first sentence.
  const body = m[2].replace(/\[(?:[A-Z]+ (?:§|Annex)|impl:|UC|SYSPAR|ARC|DMML|GCONF|MESS|REST|TRANSP|META|MSERV|OPMON|SIGDOC|REPR|TARGETSS|SECTOKEN)[^\]]*\]/g, '').replace(/`/g, '');
  const first = body.split(/(?<!e\.g|i\.e|etc)\.\s+(?=[A-Z])/)[0].replace(/\s+/g, ' ').trim();
  const summary = first.length > 200 ? first.slice(0, 197) + '...' : first;
  out.push({ id: m[1], group: m[1].split('-')[0], section, summary });
}
writeFileSync('harness/requirements/catalog.json', JSON.stringify(out, null, 1) + '\n');
console.log(`${out.length} requirements written`);
