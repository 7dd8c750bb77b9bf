import { describe, expect, it } from 'vitest';
import { KB, MB, meanBytes, parseSize, parseSizeList, REALISTIC_MIX, sizeLabel, sizePicker, SizeSpecError, sizesOf } from './message-mix.js';

describe('message sizes', () => {
  it('parses sizes with units and labels them', () => {
    expect(parseSize('1k')).toEqual({ kind: 'fixed', label: '1 kB', bytes: KB });
    expect(parseSize('10kB')).toMatchObject({ bytes: 10 * KB });
    expect(parseSize('2M')).toMatchObject({ bytes: 2 * MB, label: '2 MB' });
    expect(parseSize('512')).toMatchObject({ bytes: 512, label: '512 B' });
    expect(parseSize('mix')).toBe(REALISTIC_MIX);
    expect(parseSizeList('1k, 10m ,mix').map((s) => s.label)).toEqual(['1 kB', '10 MB', 'mix']);
    expect(sizeLabel(1536)).toBe('1536 B');
  });

  it.each(['', 'k', '1g', '0', '-1k', '100m', '1..2k', 'mixed'])('refuses %j', (text) => {
    expect(() => parseSizeList(text)).toThrow(SizeSpecError);
  });

  it('draws the realistic mix in its proportions (2 kB 30 %, 10 kB 60 %, 100 kB 9 %, 2 MB 0.9 %, 10 MB 0.1 %)', () => {
    const pick = sizePicker(REALISTIC_MIX, 42);
    const n = 200_000;
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const b = pick();
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    const share = (b: number) => (counts.get(b) ?? 0) / n;
    // Within 4 standard errors of the declared weight.
    for (const [bytes, p] of [[2 * KB, 0.3], [10 * KB, 0.6], [100 * KB, 0.09], [2 * MB, 0.009], [10 * MB, 0.001]] as const) {
      expect(Math.abs(share(bytes) - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(sizesOf(REALISTIC_MIX));
  });

  it('is deterministic for a seed, so paired legs see the same sequence', () => {
    const a = sizePicker(REALISTIC_MIX, 7);
    const b = sizePicker(REALISTIC_MIX, 7);
    const c = sizePicker(REALISTIC_MIX, 8);
    const sa = Array.from({ length: 100 }, a);
    expect(Array.from({ length: 100 }, b)).toEqual(sa);
    expect(Array.from({ length: 100 }, c)).not.toEqual(sa);
    expect(sizePicker(parseSize('1k'))()).toBe(KB);
  });

  it('knows the mean payload of the mix', () => {
    expect(meanBytes(REALISTIC_MIX)).toBeCloseTo(0.3 * 2 * KB + 0.6 * 10 * KB + 0.09 * 100 * KB + 0.009 * 2 * MB + 0.001 * 10 * MB, 0);
  });
});
