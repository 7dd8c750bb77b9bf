import { describe, expect, it } from 'vitest';
import { charsetOf, checkSoapContentType, parseContentType } from './content-type.js';
import { checkSoapAction, isValidSoapAction } from './soap-action.js';
import { faultCodeOf } from '../test-support/fault-code.js';

describe('SOAPAction rule (MESS-010)', () => {
  it('accepts absent, empty, "" and quoted URI references unchanged', () => {
    for (const v of [undefined, '', '""', '"urn:x"', '"http://example.org/action"', '"a"', '"relative/path?q=1#f"', '"http://[::1]:80/x"', '"urn:õun"']) {
      expect(checkSoapAction(v)).toBe(v);
    }
  });

  it('rejects unquoted, half-quoted and malformed URIs with invalid_soap_action', () => {
    for (const v of ['http://example.org/action', 'foo', '"', '"x', 'x"', '"a b"', '"1x:y"', '"urn:"', '"%zz"', '"a#b#c"', '"<x>"', '"{x}"', '"a[1]"']) {
      expect(faultCodeOf(() => checkSoapAction(v)), v).toBe('invalid_soap_action');
      expect(isValidSoapAction(v)).toBe(false);
    }
  });
});

describe('content type (MESS-002, MESS-017)', () => {
  it('reads type and parameters, quoted or not, names case-insensitively', () => {
    const ct = parseContentType('Multipart/Related; start-info="application/soap+xml"; type="application/xop+xml"; boundary="a;b"');
    expect(ct.mimeType).toBe('multipart/related');
    expect(ct.params).toEqual({ 'start-info': 'application/soap+xml', type: 'application/xop+xml', boundary: 'a;b' });
    expect(charsetOf('text/xml; CHARSET=iso-8859-1')).toBe('iso-8859-1');
    expect(charsetOf('text/xml; charset=')).toBeUndefined();
    expect(charsetOf(undefined)).toBeUndefined();
  });

  it('accepts text/xml and application/xop+xml only', () => {
    expect(checkSoapContentType('TEXT/XML;charset=utf-8').mimeType).toBe('text/xml');
    expect(checkSoapContentType('application/xop+xml; type="text/xml"').mimeType).toBe('application/xop+xml');
    for (const bad of ['blah', '', 'text/html; charset=UTF-8', 'application/json', 'multipart/related; boundary=x']) {
      expect(faultCodeOf(() => checkSoapContentType(bad)), bad).toBe('invalid_content_type');
    }
  });
});
