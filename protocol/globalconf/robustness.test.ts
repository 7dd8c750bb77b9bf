// Bad input never crashes or hangs: whatever bytes arrive, readers either succeed or throw an
// XRoadError carrying a code (never a TypeError or RangeError).
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { XRoadError } from '../faults/index.js';
import { describeWithVectors, readVector } from '../test-support/vectors.js';
import { parseConfigurationAnchor } from './anchor.js';
import { parseFetchIntervalParameters, parseMonitoringParameters, parseNextUpdateParameters } from './optional-parts.js';
import { parsePrivateParameters } from './private-params.js';
import { parseSharedParameters } from './shared-params.js';
import { resolvePartUrl, verifySignedDirectory } from './signed-directory.js';

function outcome(fn: () => unknown): 'ok' | 'coded' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof XRoadError && e.code.length > 0) return 'coded';
    throw e;
  }
}

describeWithVectors('robustness of the globalconf readers', () => {
  const directory = readVector('globalconf', 'signed-directory', 'system-test', 'public', 'V6', 'internalconf');
  const anchor = readVector('globalconf', 'anchors', 'system-test', 'configuration_anchor_CS_internal.xml');
  const cert = readVector('globalconf', 'signed-directory', 'system-test', 'sign-keys', 'internal.crt');
  const at = new Date('2030-01-01T00:00:00Z');

  it('signed directory: random bytes, truncations and mutations of a real one', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expect(['ok', 'coded']).toContain(outcome(() => verifySignedDirectory(Buffer.from(bytes), { verificationCerts: [cert], now: at })));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: directory.length }), fc.integer({ min: 0, max: directory.length - 1 }), fc.integer({ min: 0, max: 255 }), (cut, at2, value) => {
        const t = Buffer.from(directory.subarray(0, cut));
        if (at2 < t.length) t[at2] = value;
        expect(['ok', 'coded']).toContain(outcome(() => verifySignedDirectory(t, { verificationCerts: [cert], now: at })));
      }),
      { numRuns: 500 },
    );
  });

  it('XML readers: random text and truncated real files', () => {
    const shared = readVector('globalconf', 'dirs', 'globalconf_good_v6', 'EE', 'shared-params.xml');
    const readers = [
      (b: Buffer) => parseConfigurationAnchor(b),
      (b: Buffer) => parseSharedParameters(b, 6),
      (b: Buffer) => parsePrivateParameters(b, 3),
      (b: Buffer) => parseMonitoringParameters(b),
      (b: Buffer) => parseNextUpdateParameters(b),
      (b: Buffer) => parseFetchIntervalParameters(b),
    ];
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.integer({ min: 0, max: 5 }), (s, r) => {
        expect(['ok', 'coded']).toContain(outcome(() => readers[r](Buffer.from(s))));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: shared.length }), fc.integer({ min: 0, max: anchor.length }), (a, b) => {
        expect(['ok', 'coded']).toContain(outcome(() => parseSharedParameters(shared.subarray(0, a), 6)));
        expect(['ok', 'coded']).toContain(outcome(() => parseConfigurationAnchor(anchor.subarray(0, b))));
      }),
      { numRuns: 200 },
    );
  });

  it('a Content-location that is no URL is a coded error', () => {
    expect(outcome(() => resolvePartUrl('not a base', '::::'))).toBe('coded');
    expect(resolvePartUrl('http://cs/internalconf', '/V6/x/shared-params.xml')).toBe('http://cs/V6/x/shared-params.xml');
  });
});
