// Seeded random numbers for the load generator (message mix) and the bootstrap: a run given the
// same seed draws the same sizes and resamples, so two reports of one run agree figure for figure.

/** mulberry32: tiny, fast, good enough for resampling (not for cryptography). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box-Muller. */
export function normal(rand: () => number): number {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Binomial(n, p). Exact (waiting-time method) when few successes are expected; otherwise the
 * normal approximation, which at n*p*(1-p) >= 25 is far below the bootstrap's own resampling noise.
 */
export function binomial(rand: () => number, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rand, n, 1 - p);
  const mean = n * p;
  if (mean < 25) {
    // Count geometric gaps between successes until they pass n.
    const logq = Math.log(1 - p);
    let x = 0;
    let sum = 0;
    while (true) {
      sum += Math.floor(Math.log(1 - rand()) / logq) + 1;
      if (sum > n) return x;
      x++;
    }
  }
  const sd = Math.sqrt(mean * (1 - p));
  const x = Math.round(mean + sd * normal(rand));
  return Math.min(n, Math.max(0, x));
}
