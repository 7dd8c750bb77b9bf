import { describe, expect, it } from 'vitest';
import { hideWsdlEndpoints } from '../../simulators/security-server/metaservices/wsdl-endpoint.js';
import { providerWsdl, wsdlProblems } from './soap-wsdl.js';

describe('MESS-021 WSDL checks', () => {
  const wsdl = providerWsdl('getRandom', 'http://provider.invalid/soap');

  it('the provider WSDL has everything, also after a security server hides its endpoint', () => {
    expect(wsdlProblems(wsdl, 'getRandom')).toEqual([]);
    const hidden = hideWsdlEndpoints(wsdl);
    expect(hidden.replaced).toBe(1);
    expect(wsdlProblems(hidden.text, 'getRandom')).toEqual([]);
  });

  it.each([
    ['xrd:version dropped', (t: string) => t.replace(/<xrd:version>[^<]*<\/xrd:version>/, ''), 'xrd:version'],
    ['xrd:title changed', (t: string) => t.replace('Random number', 'Something else'), 'xrd:title'],
    ['xrd:techNotes dropped', (t: string) => t.replace(/<xrd:techNotes>[^<]*<\/xrd:techNotes>/, ''), 'xrd:techNotes'],
    ['rpc style', (t: string) => t.replace('<soap:binding style="document"', '<soap:binding style="rpc"'), 'style'],
    ['another operation', (t: string) => t, 'binding/operation'],
  ])('%s is reported', (name, tamper, problem) => {
    const code = name === 'another operation' ? 'getOther' : 'getRandom';
    expect(wsdlProblems(tamper(wsdl), code).join('; ')).toContain(problem);
  });

  it('a document that is not WSDL is reported as such', () => {
    expect(wsdlProblems('<html/>', 'getRandom')).toEqual(['not a WSDL 1.1 document']);
    expect(wsdlProblems('not xml at all', 'getRandom')).toEqual(['not a WSDL 1.1 document']);
  });
});
