import { describe, expect, it } from 'vitest';
import { KnobState, serialKey } from './knob-state.js';

describe('OCSP responder knob state', () => {
  it('normalises serials from hex strings, bigints and certificates alike', () => {
    expect(serialKey('00:0A:ff')).toBe('aff');
    expect(serialKey(0xaffn)).toBe('aff');
    expect(serialKey('0x0AFF')).toBe('aff');
  });

  it('status knobs replace each other; per-certificate settings win over global ones', () => {
    const s = new KnobState();
    s.set('revoked', { reason: 1 });
    s.set('good', true, 'aff');
    s.set('unknown', true, 'aff');
    expect(s.effective('aff')).toEqual({ unknown: true });
    expect(s.effective('b0b')).toEqual({ revoked: { reason: 1 } });
    s.set('staleThisUpdate', { seconds: 10 });
    s.set('staleThisUpdate', { seconds: 20 }, 'aff');
    expect(s.effective('aff').staleThisUpdate).toEqual({ seconds: 20 });
    expect(s.effective('b0b').staleThisUpdate).toEqual({ seconds: 10 });
  });

  it('refuses unknown knobs and per-certificate use of global-only knobs', () => {
    const s = new KnobState();
    expect(() => s.set('nonsense' as never, true as never)).toThrow(/unknown OCSP responder knob/);
    expect(() => s.set('down', true, 'aff')).toThrow(/global only/);
  });

  it('resetFaults clears faults everywhere but keeps the status registry', () => {
    const s = new KnobState();
    s.set('good', true, 'aff');
    s.set('malformed', true, 'aff');
    s.set('slow', { delayMs: 5 });
    s.resetFaults();
    expect(s.effective('aff')).toEqual({ good: true });
    expect(s.snapshot().global).toEqual({});
  });
});
