import { describe, expect, it } from 'vitest';
import { faultCodeOf } from '../test-support/fault-code.js';
import {
  centralServiceId,
  clientId,
  globalGroupId,
  idEquals,
  idToShortString,
  idToString,
  localGroupId,
  memberOf,
  providerOf,
  securityServerId,
  serviceId,
} from './xroad-id.js';

describe('identifier values (ID-002..004)', () => {
  it('makes a member or a subsystem depending on the subsystem code', () => {
    expect(clientId('EE', 'BUSINESS', 'consumer').objectType).toBe('MEMBER');
    expect(clientId('EE', 'BUSINESS', 'consumer', 'sub').objectType).toBe('SUBSYSTEM');
  });

  it('prints the X-Road string forms', () => {
    expect(idToString(clientId('EE', 'COMPANY', 'FOOBAR'))).toBe('MEMBER:EE/COMPANY/FOOBAR');
    expect(idToString(serviceId(clientId('EE', 'B', 'P', 'S'), 'q', 'v1'))).toBe('SERVICE:EE/B/P/S/q/v1');
    expect(idToString(securityServerId('EE', 'B', '1', 'bambi'))).toBe('SERVER:EE/B/1/bambi');
    expect(idToString(globalGroupId('EE', 'g'))).toBe('GLOBALGROUP:EE/g');
    expect(idToString(localGroupId('l'))).toBe('LOCALGROUP:l');
    expect(idToString(centralServiceId('EE', 'cs'))).toBe('CENTRALSERVICE:EE/cs');
    expect(idToShortString(clientId('EE', 'B', 'c', 's'))).toBe('EE/B/c/s');
  });

  it('compares every part, serviceVersion and object type included', () => {
    const p = clientId('EE', 'B', 'P');
    expect(idEquals(serviceId(p, 'q'), serviceId(clientId('EE', 'B', 'P'), 'q'))).toBe(true);
    expect(idEquals(serviceId(p, 'q'), serviceId(p, 'q', 'v1'))).toBe(false);
    expect(idEquals(serviceId(p, 'q'), serviceId(p, 'r'))).toBe(false);
    expect(idEquals(clientId('EE', 'B', 'P', 'S'), clientId('EE', 'B', 'P'))).toBe(false);
    expect(idEquals(clientId('EE', 'B', 'P'), clientId('FI', 'B', 'P'))).toBe(false);
    expect(idEquals(globalGroupId('EE', 'x'), localGroupId('x'))).toBe(false);
    expect(idEquals(undefined, undefined)).toBe(true);
    expect(idEquals(p, undefined)).toBe(false);
  });

  it('memberOf strips the subsystem, providerOf strips the service', () => {
    expect(memberOf(clientId('EE', 'B', 'P', 'S'))).toEqual(clientId('EE', 'B', 'P'));
    const m = clientId('EE', 'B', 'P');
    expect(memberOf(m)).toBe(m);
    expect(memberOf(securityServerId('EE', 'B', 'P', 'ss'))).toEqual(m);
    expect(providerOf(serviceId(clientId('EE', 'B', 'P', 'S'), 'q'))).toEqual(clientId('EE', 'B', 'P', 'S'));
  });

  it('rejects blank parts with the kind\'s code and names the part', () => {
    expect(faultCodeOf(() => clientId('EE', ' ', 'c'))).toBe('invalid_client_identifier');
    expect(() => clientId('EE', 'B', '')).toThrow(/memberCode/);
    expect(faultCodeOf(() => clientId('EE', 'B', 'c', ''))).toBe('invalid_client_identifier');
    expect(faultCodeOf(() => serviceId(clientId('EE', 'B', 'c'), ''))).toBe('invalid_service_identifier');
    expect(faultCodeOf(() => serviceId(clientId('EE', 'B', 'c'), 'q', ' '))).toBe('invalid_service_identifier');
    expect(faultCodeOf(() => securityServerId('EE', 'B', 'c', ''))).toBe('invalid_security_server');
    expect(faultCodeOf(() => globalGroupId('', 'g'))).toBe('invalid_xml');
  });

  it('keeps surrounding whitespace (X-Road never trims)', () => {
    expect(clientId('EE', 'B', ' c ').memberCode).toBe(' c ');
  });

  it('returns frozen values', () => {
    expect(Object.isFrozen(clientId('EE', 'B', 'c'))).toBe(true);
  });
});
