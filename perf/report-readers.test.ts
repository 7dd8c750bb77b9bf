// Readers of a perf report: SVG charts (well-formed, one line per leg, names escaped), the
// console table, and merge of the reports of two agents.
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { formatFloor, formatReportTable } from './console-table.js';
import { decodeHistogram, encodeHistogram, mergeHistograms, summarize } from './latency-histogram.js';
import { mergePerfReports, parsePerfReport, PerfReportError } from './merge-reports.js';
import type { FloorReport } from './perf-report.js';
import { chartsFor } from './report-charts.js';
import { percentileChart, throughputChart } from './svg-charts.js';
import { syntheticReport } from './test-support/sample-report.js';

function parseSvg(svg: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(svg, 'image/svg+xml');
  expect(errors).toEqual([]);
  return doc as unknown as Document;
}

describe('SVG charts', () => {
  it('draws one polyline per series, well-formed, with escaped names', () => {
    const svg = percentileChart('p & <q>', [
      { name: 'a<b>', curve: [{ percentile: 0, ms: 1 }, { percentile: 99, ms: 5 }, { percentile: 100, ms: 9 }] },
      { name: 'c', curve: [{ percentile: 0, ms: 2 }, { percentile: 99.9, ms: 3 }] },
    ]);
    const doc = parseSvg(svg);
    expect(doc.getElementsByTagName('polyline').length).toBe(2);
    expect(svg).toContain('a&lt;b&gt;');
    expect(svg).toContain('<title>p &amp; &lt;q&gt;</title>');
    const t = throughputChart('t', [{ name: 'x', points: [{ concurrency: 1, rps: 10 }, { concurrency: 64, rps: 900 }] }]);
    expect(parseSvg(t).getElementsByTagName('circle').length).toBe(2);
    expect(t).toContain('>64<');
  });

  it('makes the throughput and percentile charts of a report', () => {
    const charts = chartsFor(syntheticReport('a'));
    expect(charts.map((c) => c.name)).toEqual(['throughput-vs-concurrency', 'latency-open_100_s_1_kB', 'latency-closed_c=16_1_kB']);
    for (const c of charts) expect(parseSvg(c.svg).getElementsByTagName('polyline').length).toBe(4);
  });
});

describe('console table', () => {
  it('prints every leg, the added latency with its interval, errors by kind and the floor', () => {
    const r = syntheticReport('a');
    const floor: FloorReport = {
      agent: 'a', concurrency: 64, sizeBytes: 1024, sliceMs: 2000,
      bareAutocannon: { name: 'ac', rps: [30_000, 32_000], median: 31_000 },
      bareGenerator: { name: 'gb', rps: [29_000, 30_000], median: 29_500 },
      providerGenerator: { name: 'gp', rps: [20_000, 22_000], median: 21_000 },
      ratio: 0.677, generatorRatio: 0.95, required: 0.75, pass: false,
    };
    r.floors.push(floor);
    r.notes.push('hello note');
    const text = formatReportTable(r);
    expect(text.split('\n')[0]).toBe(formatFloor(floor));
    expect(text).toContain('68 % of bare autocannon (BELOW the 75 % target');
    expect(text).toContain('http_503:2');
    expect(text).toMatch(/closed\/c=16\/1 kB\s+sut-soap .* \+5\.\d+ \[\d\.\d+, \d\.\d+\]/);
    expect(text).toContain('note: hello note');
    expect(formatFloor({ ...floor, ratio: 0.8, pass: true })).toContain('(ok)');
  });
});

describe('merge of two agents', () => {
  it('adds histograms, counts, errors and throughputs, and recomputes the added latency', () => {
    const a = syntheticReport('agent-a', 1, 5);
    const b = syntheticReport('agent-b', 2, 7);
    const m = mergePerfReports([parsePerfReport(JSON.parse(JSON.stringify(a)), 'a'), parsePerfReport(JSON.parse(JSON.stringify(b)), 'b')]);
    expect(m.agents).toEqual(['agent-a', 'agent-b']);
    for (const p of m.points) {
      const pa = a.points.find((x) => x.id === p.id)!;
      const pb = b.points.find((x) => x.id === p.id)!;
      for (const l of p.legs) {
        const la = pa.legs.find((x) => x.name === l.name)!;
        const lb = pb.legs.find((x) => x.name === l.name)!;
        expect(l.count).toBe(la.count + lb.count);
        expect(l.throughput).toBeCloseTo(la.throughput + lb.throughput, 1);
        expect(summarize(decodeHistogram(l.hdr))).toEqual(summarize(mergeHistograms([decodeHistogram(la.hdr), decodeHistogram(lb.hdr)])));
        expect(l.errors).toEqual(l.name === 'sut-rest' ? { http_503: 4 } : {});
      }
      // Agent a's SUT added 5 ms, agent b's 7 ms: the merged median sits in between.
      const added = p.added.find((x) => x.sut === 'sut-soap')!;
      expect(added.p50!.ms).toBeGreaterThan(pa.added[0].p50!.ms);
      expect(added.p50!.ms).toBeLessThan(pb.added[0].p50!.ms);
      expect(added.p50!.shift).toBe(true);
    }
  });

  it('notes a point only some agents measured, and refuses duplicates and damaged logs', () => {
    const a = syntheticReport('agent-a');
    const b = syntheticReport('agent-b', 2);
    b.points.pop();
    expect(mergePerfReports([a, b]).notes.join('\n')).toMatch(/open\/100\/s\/1 kB: measured by 1 of 2 agents/);
    expect(() => mergePerfReports([a, a])).toThrow(PerfReportError);
    expect(() => mergePerfReports([])).toThrow(PerfReportError);
    const damaged = syntheticReport('agent-c');
    damaged.points[1].legs[2].hdr = encodeHistogram(decodeHistogram(damaged.points[1].legs[2].hdr)).slice(0, 12);
    expect(() => mergePerfReports([a, damaged])).toThrow(/agent agent-c, point closed\/c=16\/1 kB, leg baseline-rest/);
    expect(() => parsePerfReport({ format: 'roadtest-perf/1', agents: [] }, 'x.json')).toThrow(/x\.json: not a roadtest-perf\/1 report/);
  });
});
