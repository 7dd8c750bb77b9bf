import { expect, it } from 'vitest';
import { describeWithVectors, readVector } from '../test-support/vectors.js';
import { parseFetchIntervalParameters, parseMonitoringParameters, parseNextUpdateParameters } from './optional-parts.js';
import { buildFetchIntervalParameters, buildMonitoringParameters, buildNextUpdateParameters } from './optional-parts-builder.js';
import { schemaPath, xmllintValidate } from './test-xmllint.js';

const X = (f: string) => readVector('globalconf', 'extension-params', f);

describeWithVectors('optional configuration parts (CATALOG "Global configuration optional parts")', () => {
  it('valid-monitoring-params.xml names the monitoring client (GCONF-013)', () => {
    expect(parseMonitoringParameters(X('valid-monitoring-params.xml')).monitoringClientId).toEqual({ objectType: 'MEMBER', xRoadInstance: 'fdev', memberClass: 'GOV', memberCode: '66655666' });
  });
  it('empty-monitoring-params.xml is valid and names no client', () => {
    expect(parseMonitoringParameters(X('empty-monitoring-params.xml'))).toEqual({});
  });
  it('valid nextupdate / fetchinterval', () => {
    expect(parseNextUpdateParameters(X('valid-nextupdate-params.xml'))).toEqual({ verifyNextUpdate: false });
    expect(parseFetchIntervalParameters(X('valid-fetchinterval-params.xml'))).toEqual({ ocspFetchInterval: 500 });
  });
  it.each([
    ['invalid-monitoring-params.xml', parseMonitoringParameters],
    ['invalid-nextupdate-params.xml', parseNextUpdateParameters],
    ['invalid-fetchinterval-params.xml', parseFetchIntervalParameters],
    ['empty-nextupdate-params.xml', parseNextUpdateParameters],
    ['empty-fetchinterval-params.xml', parseFetchIntervalParameters],
  ] as const)('%s -> malformed_optional_parts_conf', (file, parse) => {
    expect(() => parse(X(file))).toThrow(expect.objectContaining({ code: 'malformed_optional_parts_conf' }));
  });
  it.each([
    ['valid-monitoring-params.xml', 'monitoring', true],
    ['empty-monitoring-params.xml', 'monitoring', true],
    ['invalid-monitoring-params.xml', 'monitoring', false],
    ['valid-nextupdate-params.xml', 'nextupdate', true],
    ['empty-nextupdate-params.xml', 'nextupdate', false],
    ['valid-fetchinterval-params.xml', 'fetchinterval', true],
    ['invalid-fetchinterval-params.xml', 'fetchinterval', false],
  ] as const)('xmllint agrees on %s', (file, kind, ok) => {
    expect(xmllintValidate(X(file), schemaPath(kind)).ok).toBe(ok);
  });

  it('builders: schema-valid (xmllint) and parse back', () => {
    const id = { objectType: 'SUBSYSTEM' as const, xRoadInstance: 'DEV', memberClass: 'COM', memberCode: '1234', subsystemCode: 'MONITOR' };
    const cases = [
      [buildMonitoringParameters({ monitoringClientId: id }), 'monitoring'],
      [buildMonitoringParameters({}), 'monitoring'],
      [buildNextUpdateParameters({ verifyNextUpdate: false }), 'nextupdate'],
      [buildFetchIntervalParameters({ ocspFetchInterval: 30 }), 'fetchinterval'],
    ] as const;
    for (const [xml, kind] of cases) {
      const lint = xmllintValidate(xml, schemaPath(kind));
      expect(lint.ok, lint.output).toBe(true);
    }
    expect(parseMonitoringParameters(cases[0][0]).monitoringClientId).toEqual(id);
    expect(parseNextUpdateParameters(cases[2][0]).verifyNextUpdate).toBe(false);
    expect(parseFetchIntervalParameters(cases[3][0]).ocspFetchInterval).toBe(30);
    expect(() => buildFetchIntervalParameters({ ocspFetchInterval: 1.5 })).toThrow(/integer/);
  });
});
