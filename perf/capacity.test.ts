// The sizing summary: the best throughput within each p99 limit, read off the sweep only; a leg
// with errors at a point never counts there, and a limit nothing met says so.
import { describe, expect, it } from 'vitest';
import { capacityRows, formatCapacity } from './capacity.js';
import { formatReportTable } from './console-table.js';
import { syntheticReport } from './test-support/sample-report.js';

describe('capacity summary', () => {
  it('picks, per SUT leg and limit, the closed point with the most exchanges/s within the p99 limit', () => {
    const r = syntheticReport('a', 1, 5);
    // Shape the sweep: c=1 fast, c=16 more throughput but slower, c=64 most throughput but too slow.
    const sut = (i: number) => r.points[i]!.legs.find((l) => l.name === 'sut-soap')!;
    Object.assign(sut(0), { throughput: 80, latencyMs: { ...sut(0).latencyMs, p99: 30 } });
    Object.assign(sut(1), { throughput: 220, latencyMs: { ...sut(1).latencyMs, p99: 120 } });
    Object.assign(sut(2), { throughput: 230, latencyMs: { ...sut(2).latencyMs, p99: 400 } });
    const soap = capacityRows(r).find((row) => row.leg === 'sut-soap')!;
    expect(soap.cells.map((c) => c.best?.concurrency)).toEqual([1, 1, 16, 64]);
    expect(soap.cells.map((c) => c.best?.throughput)).toEqual([80, 80, 220, 230]);
    // The synthetic sut-rest leg has http_503 errors at every point: never a capacity.
    const rest = capacityRows(r).find((row) => row.leg === 'sut-rest')!;
    expect(rest.cells.every((c) => c.best === undefined)).toBe(true);
    const text = formatCapacity(r).join('\n');
    expect(text).toMatch(/capacity, closed sweep of 1 kB/);
    expect(text).toMatch(/sut-soap\s+80\/s \(c=1\)\s+80\/s \(c=1\)\s+220\/s \(c=16\)\s+230\/s \(c=64\)/);
    expect(text).toMatch(/sut-rest\s+none\s+none\s+none\s+none/);
    expect(formatReportTable(r)).toContain('capacity, closed sweep of 1 kB');
  });

  it('is empty without a closed sweep through the SUT', () => {
    const r = syntheticReport('a');
    r.points = r.points.filter((p) => p.shape.kind !== 'closed');
    expect(formatCapacity(r)).toEqual([]);
    expect(formatReportTable(r)).not.toContain('capacity');
  });
});
