import { describe, expect, it } from 'vitest';
import { Timestamper } from './timestamper.js';

describe('Timestamper.runOnce', () => {
  it('keeps stamping after an idle run (regression: a settled idle run used to stick)', async () => {
    let pending = 0;
    let stamped = 0;
    const store = { unstamped: () => (pending > 0 ? [{ id: 'r' + pending }] : []) };
    const t = Object.create(Timestamper.prototype) as Timestamper & Record<string, unknown>;
    Object.assign(t, {
      o: { store, recordsLimit: 10 },
      inFlight: new Set<string>(),
      track: async () => {
        stamped++;
        pending = 0;
      },
    });
    expect(await t.runOnce()).toBe(true);
    pending = 1;
    expect(await t.runOnce()).toBe(true);
    expect(stamped).toBe(1);
    pending = 1;
    expect(await t.runOnce()).toBe(true);
    expect(stamped).toBe(2);
  });
});
