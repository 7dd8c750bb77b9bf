import { describe, expect, it } from 'vitest';
import { parseKnobArgument } from './knob-argument.js';
import { OCSP_RESPONDER_KNOBS } from './knobs.js';

describe('knob arguments', () => {
  it('parses every declared knob', () => {
    const samples: Record<string, string> = {
      good: 'good', revoked: 'revoked=1@2025-01-01T00:00:00Z', unknown: 'unknown', staleThisUpdate: 'staleThisUpdate=7200',
      futureThisUpdate: 'futureThisUpdate=60', nextUpdateInPast: 'nextUpdateInPast=600', unauthorisedSigner: 'unauthorisedSigner',
      malformed: 'malformed', httpError: 'httpError=500', slow: 'slow=250', down: 'down',
    };
    for (const k of OCSP_RESPONDER_KNOBS) expect(parseKnobArgument(samples[k.name]).name).toBe(k.name);
    expect(parseKnobArgument('revoked=1@2025-01-01T00:00:00Z')).toEqual({ name: 'revoked', value: { reason: 1, time: new Date('2025-01-01T00:00:00Z') } });
    expect(parseKnobArgument('revoked')).toEqual({ name: 'revoked', value: {} });
    expect(parseKnobArgument('staleThisUpdate=7200')).toEqual({ name: 'staleThisUpdate', value: { seconds: 7200 } });
  });

  it('rejects unknown knobs and bad values', () => {
    for (const bad of ['nope', 'slow', 'slow=-1', 'httpError=99', 'httpError=abc', 'good=1', 'revoked=1@notatime', 'staleThisUpdate=']) {
      expect(() => parseKnobArgument(bad), bad).toThrow();
    }
  });
});
