import { describe, expect, it } from 'vitest';
import { buildSoapRequest, type Evidence } from '../../simulators/member-systems/index.js';
import { ExchangeReadError, loggedExchangeOf } from './log-exchange.js';

function answer(body: string, headers: Record<string, string> = {}): Evidence {
  return { status: 200, headers: { 'content-type': 'text/xml', ...headers }, body: Buffer.from(body), text: body, startedAt: new Date(), durationMs: 1 };
}

describe('loggedExchangeOf', () => {
  it('names a SOAP exchange by its xrd:id and keeps the exact bytes', () => {
    const soap = buildSoapRequest({ client: 'DEV/COM/1234/CLIENT', service: 'DEV/GOV/4321/PROVIDER/getRandom', id: 'id-42' });
    const x = loggedExchangeOf({ sent: { method: 'POST', url: 'http://ss/', headers: {}, body: soap }, received: answer('<response/>') }, 'DEV/COM/1234/CLIENT');
    expect(x).toMatchObject({ protocol: 'soap', queryId: 'id-42', client: 'DEV/COM/1234/CLIENT' });
    expect(x.requestBytes.toString()).toBe(soap);
    expect(x.responseBytes.toString()).toBe('<response/>');
  });

  it('names a REST exchange by the X-Road-Id the SS assigned, with the request target', () => {
    const x = loggedExchangeOf(
      { sent: { method: 'POST', url: 'http://ss/r1/DEV/GOV/4321/PROVIDER/pets/pets?kind=cat', headers: {}, body: Buffer.from('{}') }, received: answer('ok', { 'x-road-id': 'DEV-1' }) },
      'DEV/COM/1234/CLIENT',
    );
    expect(x).toMatchObject({ protocol: 'rest', queryId: 'DEV-1', rest: { method: 'POST', pathAndQuery: '/r1/DEV/GOV/4321/PROVIDER/pets/pets?kind=cat' } });
  });

  it('refuses exchanges it cannot name', () => {
    const rest = { sent: { method: 'GET', url: 'http://ss/r1/DEV/GOV/4321/PROVIDER/pets', headers: {} }, received: answer('ok') };
    expect(() => loggedExchangeOf(rest, 'c')).toThrow(ExchangeReadError);
    const noAnswer = { sent: { method: 'POST', url: 'http://ss/', headers: {}, body: '<x/>' }, received: { ...answer(''), status: 0, error: { code: 'ECONNREFUSED', message: 'refused' } } };
    expect(() => loggedExchangeOf(noAnswer, 'c')).toThrow(/no HTTP answer/);
  });
});
