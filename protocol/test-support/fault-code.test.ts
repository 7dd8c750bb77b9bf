import { describe, expect, it } from 'vitest';
import { XRoadError } from '../faults/index.js';
import { codeOf, faultCodeOf, faultOf, rejectionCodeOf } from './fault-code.js';

const fails = (code: string) => () => {
  throw new XRoadError(code, 'what was wrong');
};
const crashes = () => {
  throw new TypeError('a bug, not a fault');
};
const returns = () => 42;

class OwnCodedError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}
const isOwn = (e: unknown): e is OwnCodedError => e instanceof OwnCodedError;

describe('fault codes for tests', () => {
  it('codeOf and faultOf: the XRoadError thrown; nothing thrown or another error fails', () => {
    expect(codeOf(fails('invalid_xml'))).toBe('invalid_xml');
    expect(faultOf(fails('invalid_xml')).message).toBe('what was wrong');
    expect(() => codeOf(returns)).toThrow(/nothing was thrown/);
    expect(() => codeOf(crashes)).toThrow(TypeError);
  });

  it('faultCodeOf: the code, or what stands for "returned"; another error still fails', () => {
    expect(faultCodeOf(fails('invalid_soap'))).toBe('invalid_soap');
    expect(faultCodeOf(returns)).toBeUndefined();
    expect(faultCodeOf(returns, 'ok')).toBe('ok');
    expect(() => faultCodeOf(crashes, 'ok')).toThrow(TypeError);
  });

  it('rejectionCodeOf: the code of a rejection, or the word for "resolved"; other rejections fail', async () => {
    const rejects = (e: Error) => Promise.reject(e);
    expect(await rejectionCodeOf(rejects(new XRoadError('global_conf_outdated', 'x')), 'valid')).toBe('global_conf_outdated');
    expect(await rejectionCodeOf(Promise.resolve(1), 'valid')).toBe('valid');
    expect(await rejectionCodeOf(async () => fails('a')(), 'valid')).toBe('a');
    await expect(rejectionCodeOf(rejects(new TypeError('bug')), 'valid')).rejects.toThrow(TypeError);
    // A module's own coded error counts only when the test says so.
    await expect(rejectionCodeOf(rejects(new OwnCodedError('unusable_input.empty_file')), 'valid')).rejects.toThrow(OwnCodedError);
    expect(await rejectionCodeOf(rejects(new OwnCodedError('unusable_input.empty_file')), 'valid', isOwn)).toBe('unusable_input.empty_file');
  });
});
