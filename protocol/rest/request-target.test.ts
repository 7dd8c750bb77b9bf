import { describe, expect, it } from 'vitest';
import { formatRestRequestTarget, isRestRequestTarget, parseRestRequestTarget } from './request-target.js';

describe('REST-001 request target', () => {
  it('parses the PR-REST §4.1 example: 5 id segments, raw service path and query', () => {
    const t = parseRestRequestTarget('/r1/INSTANCE/CLASS2/MEMBER2/SUBSYSTEM2/BARSERVICE/v1/bar/zyggy?quu=1')!;
    expect(t.serviceId).toMatchObject({
      objectType: 'SERVICE',
      xRoadInstance: 'INSTANCE',
      memberClass: 'CLASS2',
      memberCode: 'MEMBER2',
      subsystemCode: 'SUBSYSTEM2',
      serviceCode: 'BARSERVICE',
    });
    expect(t.servicePath).toBe('/v1/bar/zyggy');
    expect(t.query).toBe('quu=1');
  });
  it('keeps %2F, repeated parameters and an empty service path exactly (REST-004)', () => {
    const t = parseRestRequestTarget('/r1/EE/GOV/1/SUB/svc/a%2Fb/?a=1&a=2&b=%20')!;
    expect(t.servicePath).toBe('/a%2Fb/');
    expect(t.query).toBe('a=1&a=2&b=%20');
    const bare = parseRestRequestTarget('/r1/EE/GOV/1/SUB/svc')!;
    expect(bare.servicePath).toBe('');
    expect(bare.query).toBeUndefined();
    expect(parseRestRequestTarget('/r1/EE/GOV/1/SUB/svc?')!.query).toBe('');
  });
  it('percent-decodes identifier segments', () => {
    const t = parseRestRequestTarget('/r1/EE/GOV/a%2Fb/S%C3%BCB/get%20it')!;
    expect(t.serviceId.memberCode).toBe('a/b');
    expect(t.serviceId.subsystemCode).toBe('SüB');
    expect(t.serviceId.serviceCode).toBe('get it');
  });
  it('does not treat other paths as REST', () => {
    expect(parseRestRequestTarget('/')).toBeUndefined();
    expect(parseRestRequestTarget('/r2/EE/GOV/1/SUB/svc')).toBeUndefined();
    expect(parseRestRequestTarget('/R1/EE/GOV/1/SUB/svc')).toBeUndefined();
    expect(isRestRequestTarget('/r1')).toBe(false);
    expect(isRestRequestTarget('/r1/')).toBe(true);
  });
  it.each([
    ['/r1/EE/GOV/1/svc', 'got 4 id segment'],
    ['/r1/', 'got 1 id segment'],
    ['/r1/EE/GOV//SUB/svc', 'empty memberCode'],
    ['/r1/EE/GOV/1/SUB/%zz', 'Invalid percent encoding'],
    ['/r1/EE/GOV/1/SUB/a b', 'whitespace'],
    ['/r1/EE/GOV/1/SUB/svc#frag', 'fragment'],
  ])('refuses %s with bad_request', (target, message) => {
    expect(() => parseRestRequestTarget(target)).toThrow(expect.objectContaining({ code: 'bad_request', message: expect.stringContaining(message) }));
  });
  it('formats and round-trips, encoding reserved characters in identifiers', () => {
    const t = parseRestRequestTarget('/r1/EE/GOV/a%2Fb/SUB/svc/x?y=1')!;
    const s = formatRestRequestTarget(t.serviceId, t.servicePath, t.query);
    expect(s).toBe('/r1/EE/GOV/a%2Fb/SUB/svc/x?y=1');
    expect(() => formatRestRequestTarget(t.serviceId, 'x')).toThrow(expect.objectContaining({ code: 'internal_error' }));
  });
});
