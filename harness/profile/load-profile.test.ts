import { describe, expect, it } from 'vitest';
import { loadProfile, parseProfile, ProfileError } from './load-profile.js';

describe('target profiles', () => {
  it('loads the shipped profiles', () => {
    const embedded = loadProfile('targets/embedded.yaml');
    expect(embedded.kind).toBe('embedded');
    expect(embedded.capabilities).toContain('rest');
    expect(embedded.timing.timestampingIntervalSeconds).toBe(1);
    const niis = loadProfile('targets/niis-example.yaml');
    expect(niis.kind).toBe('url');
    expect(niis.endpoints.serverProxy).toBe('https://ss.example.internal:5500');
  });

  it('names the path and line of each mistake', () => {
    const text = [
      'name: broken',
      'kind: embeded',
      'roles: []',
      'securityServer: { instance: DEV, memberClass: COM, memberCode: "1", serverCode: SS1 }',
      'hosts: [{ memberClass: COM, memberCode: "1" }]',
      'capabilities: [soap, teleport]',
      'timing: { ocspFreshnessSeconds: -5 }',
    ].join('\n');
    try {
      parseProfile(text, 'broken.yaml');
      expect.unreachable('a broken profile must be refused');
    } catch (e) {
      expect(e).toBeInstanceOf(ProfileError);
      const problems = (e as ProfileError).problems.join('\n');
      expect(problems).toMatch(/^kind \(line 2\): .*embedded/m);
      expect(problems).toMatch(/^roles \(line 3\)/m);
      expect(problems).toMatch(/^capabilities\[1\] \(line 6\)/m);
      expect(problems).toMatch(/^timing\.ocspFreshnessSeconds \(line 7\)/m);
    }
  });

  it('refuses cross-field mistakes, bad YAML and non-files', () => {
    const base = 'name: x\nkind: url\nroles: [client-side]\nsecurityServer: { instance: EE, memberClass: COM, memberCode: "1", serverCode: S }\nhosts: [{ memberClass: COM, memberCode: "1" }]\n';
    expect(() => parseProfile(base)).toThrow(/endpoints: a url target needs/);
    expect(() => parseProfile(base)).toThrow(/securityServer\.instance.*must equal instance 'DEV'/);
    expect(() => parseProfile('name: [unclosed')).toThrow(/YAML syntax/);
    expect(() => parseProfile('- a\n- b')).toThrow(/expected a YAML mapping/);
    expect(() => loadProfile('targets')).toThrow(/is a directory/);
    expect(() => loadProfile('nope.yaml')).toThrow(/file not found/);
  });
});
