import { describe, expect, it } from 'vitest';
import { BoundedCache, contentDigest, ContentCache, contentKey, deepFreeze } from './content-cache.js';

describe('content-keyed caches', () => {
  it('equal bytes share an entry, different bytes do not', () => {
    const cache = new ContentCache<object>(8);
    const a = cache.forBytes(Buffer.from('abc'), () => ({ n: 1 }));
    expect(cache.forBytes(new Uint8Array([0x61, 0x62, 0x63]), () => ({ n: 2 }))).toBe(a);
    expect(cache.forBytes(Buffer.from('abd'), () => ({ n: 3 }))).not.toBe(a);
    expect(contentDigest(Buffer.from('abc'))).toBe(contentDigest(Buffer.from('abc')));
    expect(contentDigest(Buffer.from('abc'))).not.toBe(contentDigest(Buffer.from('abd')));
  });

  it('a key of several parts depends on where the parts split', () => {
    expect(contentKey(Buffer.from('ab'), Buffer.from('c'))).not.toBe(contentKey(Buffer.from('a'), Buffer.from('bc')));
    expect(contentKey(Buffer.from('ab'), Buffer.from('c'))).toBe(contentKey(Buffer.from('ab'), Buffer.from('c')));
  });

  it('is bounded: the oldest entry is dropped and made again when asked for', () => {
    const cache = new BoundedCache<number>(2);
    let made = 0;
    const get = (k: string) => cache.getOrMake(k, () => ++made);
    expect([get('a'), get('b'), get('a')]).toEqual([1, 2, 1]);
    get('c');
    expect(cache.size).toBe(2);
    expect(get('a')).toBe(4);
  });

  it('a make that throws keeps nothing, so the next call tries again', () => {
    const cache = new BoundedCache<number>(4);
    expect(() => cache.getOrMake('k', () => { throw new Error('bad'); })).toThrow('bad');
    expect(cache.size).toBe(0);
    expect(cache.getOrMake('k', () => 7)).toBe(7);
  });

  it('deepFreeze freezes objects and arrays, leaves Buffers and Dates usable', () => {
    const v = deepFreeze({ list: [{ x: 1 }], buf: Buffer.from('x'), at: new Date(0) });
    expect(Object.isFrozen(v) && Object.isFrozen(v.list) && Object.isFrozen(v.list[0])).toBe(true);
    expect(() => { (v.list as unknown[]).push(1); }).toThrow(TypeError);
    expect(v.buf.toString()).toBe('x');
    expect(v.at.getTime()).toBe(0);
  });
});
