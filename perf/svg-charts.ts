// Charts as self-contained SVG strings that the HTML report inlines (extras.charts): the latency
// percentile curve (x: percentile on the 1/(1-p) scale HdrHistogram plots use, so 99 % and
// 99.9 % get as much room as the median) and throughput against concurrency (log2 x axis).

export interface PercentileSeries {
  name: string;
  curve: ReadonlyArray<{ percentile: number; ms: number }>;
}

export interface ThroughputSeries {
  name: string;
  points: ReadonlyArray<{ concurrency: number; rps: number }>;
}

const W = 640;
const H = 360;
const M = { left: 60, right: 150, top: 20, bottom: 45 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/**
 * Value axis: linear from 0, or logarithmic when the data span more than two decades (a SUT at
 * 10 exchanges/s next to a baseline at 15,000 would otherwise sit on the axis).
 */
interface YScale {
  y(v: number): number;
  ticks: number[];
  log: boolean;
}

function yScale(values: number[]): YScale {
  const ph = H - M.top - M.bottom;
  const positive = values.filter((v) => v > 0);
  const max = Math.max(0, ...values);
  const min = positive.length ? Math.min(...positive) : 0;
  if (min > 0 && max / min > 100) {
    const lo = Math.floor(Math.log10(min));
    const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
    const ticks: number[] = [];
    for (let e = lo; e <= hi; e++) ticks.push(Math.pow(10, e));
    // Zero cannot sit on a log axis: it is drawn on the bottom line.
    return { log: true, ticks, y: (v) => M.top + ph - (ph * (Math.log10(Math.max(v, Math.pow(10, lo))) - lo)) / (hi - lo) };
  }
  const top = niceMax(max);
  return { log: false, ticks: [0, 1, 2, 3, 4, 5].map((i) => (top * i) / 5), y: (v) => M.top + ph - (ph * v) / top };
}

function frame(title: string, xLabel: string, yLabel: string, body: string, xTicks: string, ys: YScale, legend: string[]): string {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  let yTicks = '';
  for (const v of ys.ticks) {
    const y = ys.y(v);
    yTicks += `<line x1="${M.left}" x2="${M.left + pw}" y1="${y}" y2="${y}" stroke="#e5e5e5"/><text x="${M.left - 6}" y="${y + 4}" text-anchor="end">${fmt(v)}</text>`;
  }
  if (ys.log) yLabel += ' (log scale)';
  const legendSvg = legend
    .map((name, i) => `<rect x="${W - M.right + 12}" y="${M.top + i * 18}" width="12" height="3" fill="${COLORS[i % COLORS.length]}"/><text x="${W - M.right + 30}" y="${M.top + i * 18 + 5}">${esc(name)}</text>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="11" role="img" aria-label="${esc(title)}">` +
    `<title>${esc(title)}</title><rect width="${W}" height="${H}" fill="#fff"/>` +
    yTicks +
    xTicks +
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + ph}" stroke="#333"/><line x1="${M.left}" x2="${M.left + pw}" y1="${M.top + ph}" y2="${M.top + ph}" stroke="#333"/>` +
    body +
    `<text x="${M.left + pw / 2}" y="${H - 8}" text-anchor="middle">${esc(xLabel)}</text>` +
    `<text transform="translate(14 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>` +
    legendSvg +
    '</svg>'
  );
}

/** Latency by percentile for each leg. */
export function percentileChart(title: string, series: ReadonlyArray<PercentileSeries>): string {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const nines = (p: number) => (p >= 100 ? 5 : Math.min(5, -Math.log10(1 - p / 100)));
  const maxNines = Math.max(2, Math.ceil(Math.max(0, ...series.flatMap((s) => s.curve.filter((c) => c.percentile < 100).map((c) => nines(c.percentile))))));
  const ys = yScale(series.flatMap((s) => s.curve.map((c) => c.ms)));
  const x = (p: number) => M.left + (pw * Math.min(nines(p), maxNines)) / maxNines;
  const y = ys.y;
  let xTicks = '';
  for (let n = 0; n <= maxNines; n++) {
    const p = 100 * (1 - Math.pow(10, -n));
    const label = n === 0 ? '0%' : `${p.toFixed(Math.max(0, n - 2))}%`;
    xTicks += `<line x1="${x(p)}" x2="${x(p)}" y1="${M.top}" y2="${M.top + ph}" stroke="#f0f0f0"/><text x="${x(p)}" y="${M.top + ph + 15}" text-anchor="middle">${label}</text>`;
  }
  const body = series
    .map((s, i) => {
      const pts = s.curve.map((c) => `${x(c.percentile).toFixed(1)},${y(c.ms).toFixed(1)}`).join(' ');
      return `<polyline fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.8" points="${pts}"/>`;
    })
    .join('');
  return frame(title, 'percentile', 'latency (ms)', body, xTicks, ys, series.map((s) => s.name));
}

/** Requests/s at each concurrency for each leg. */
export function throughputChart(title: string, series: ReadonlyArray<ThroughputSeries>): string {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const cs = [...new Set(series.flatMap((s) => s.points.map((p) => p.concurrency)))].sort((a, b) => a - b);
  const lo = Math.log2(cs[0] ?? 1);
  const hi = Math.max(lo + 1, Math.log2(cs[cs.length - 1] ?? 2));
  const ys = yScale(series.flatMap((s) => s.points.map((p) => p.rps)));
  const x = (c: number) => M.left + (pw * (Math.log2(c) - lo)) / (hi - lo);
  const y = ys.y;
  const xTicks = cs.map((c) => `<line x1="${x(c)}" x2="${x(c)}" y1="${M.top}" y2="${M.top + ph}" stroke="#f0f0f0"/><text x="${x(c)}" y="${M.top + ph + 15}" text-anchor="middle">${c}</text>`).join('');
  const body = series
    .map((s, i) => {
      const color = COLORS[i % COLORS.length];
      const sorted = [...s.points].sort((a, b) => a.concurrency - b.concurrency);
      const pts = sorted.map((p) => `${x(p.concurrency).toFixed(1)},${y(p.rps).toFixed(1)}`).join(' ');
      const dots = sorted.map((p) => `<circle cx="${x(p.concurrency).toFixed(1)}" cy="${y(p.rps).toFixed(1)}" r="2.5" fill="${color}"/>`).join('');
      return `<polyline fill="none" stroke="${color}" stroke-width="1.8" points="${pts}"/>${dots}`;
    })
    .join('');
  return frame(title, 'concurrency (closed model)', 'requests/s', body, xTicks, ys, series.map((s) => s.name));
}
