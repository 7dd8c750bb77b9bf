import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { faultCodeOf } from '../test-support/fault-code.js';
import {
  decodePathSegment,
  encodePathSegment,
  formatClientIdPath,
  formatSecurityServerIdPath,
  formatServiceIdPath,
  parseClientIdPath,
  parseSecurityServerIdPath,
  parseServiceIdPath,
} from './id-path.js';
import { clientId, securityServerId, serviceId } from './xroad-id.js';

describe('REST path form of identifiers (ID-006)', () => {
  it('formats and parses clients, services and servers', () => {
    expect(formatClientIdPath(clientId('EE', 'BUSINESS', 'consumer'))).toBe('EE/BUSINESS/consumer');
    expect(parseClientIdPath('EE/BUSINESS/consumer/sub')).toEqual(clientId('EE', 'BUSINESS', 'consumer', 'sub'));
    const svc = serviceId(clientId('EE', 'GOV', '123', 'sub'), 'getRandom');
    expect(formatServiceIdPath(svc)).toBe('EE/GOV/123/sub/getRandom');
    expect(parseServiceIdPath('EE/GOV/123/sub/getRandom')).toEqual(svc);
    expect(parseSecurityServerIdPath('EE/GOV/123/ss1')).toEqual(securityServerId('EE', 'GOV', '123', 'ss1'));
    expect(formatSecurityServerIdPath(securityServerId('EE', 'GOV', '1/2', 'ss'))).toBe('EE/GOV/1%2F2/ss');
  });

  it('percent-encodes each segment separately, in UTF-8', () => {
    const c = clientId('EE', 'GOV', 'a/b %c', 'õun');
    const s = formatClientIdPath(c);
    expect(s).toBe('EE/GOV/a%2Fb%20%25c/%C3%B5un');
    expect(parseClientIdPath(s)).toEqual(c);
    expect(encodePathSegment("A-z0.9_~!$&'()*+,;=:@")).toBe("A-z0.9_~!$&'()*+,;=:@");
  });

  it('round-trips any code through encode/decode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (s) => {
        expect(decodePathSegment(encodePathSegment(s))).toBe(s);
      }),
    );
  });

  it('rejects wrong segment counts, raw unsafe characters, bad escapes and blank parts with the kind\'s code', () => {
    expect(faultCodeOf(() => parseClientIdPath('EE/BUSINESS'))).toBe('invalid_client_identifier');
    expect(faultCodeOf(() => parseClientIdPath('EE/B/c/s/x'))).toBe('invalid_client_identifier');
    expect(faultCodeOf(() => parseClientIdPath('EE/B/c d'))).toBe('invalid_client_identifier');
    expect(faultCodeOf(() => parseClientIdPath('EE/B/c%2'))).toBe('invalid_client_identifier');
    expect(faultCodeOf(() => parseClientIdPath('EE/B/c%zz'))).toBe('invalid_client_identifier');
    expect(faultCodeOf(() => parseClientIdPath('EE//c'))).toBe('invalid_client_identifier');
    expect(() => parseClientIdPath('EE/B/c d')).toThrow(/memberCode/);
    expect(faultCodeOf(() => parseServiceIdPath('EE/GOV/123/getRandom'))).toBe('invalid_service_identifier');
    expect(faultCodeOf(() => parseServiceIdPath('EE/GOV/123//getRandom'))).toBe('invalid_service_identifier');
    expect(faultCodeOf(() => parseSecurityServerIdPath('EE/GOV/123'))).toBe('invalid_security_server');
  });

  it('refuses to write a member-level service (the REST form needs a subsystem)', () => {
    expect(faultCodeOf(() => formatServiceIdPath(serviceId(clientId('EE', 'GOV', '1'), 'x')))).toBe('invalid_service_identifier');
  });
});
