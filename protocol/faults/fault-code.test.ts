import { describe, expect, it } from 'vitest';
import { faultCodeEndsWith, faultCodeMatches, faultCodesEqual, faultCodeStartsWith } from './fault-code.js';
import { XRoadError } from './xroad-error.js';

describe('fault code comparison (requirements §0)', () => {
  it('treats 7.7 CamelCase and 7.8 snake_case spellings as equal', () => {
    expect(faultCodesEqual('Server.ClientProxy.InvalidSoap', 'server.clientproxy.invalid_soap')).toBe(true);
    expect(faultCodesEqual('MalformedSignature.InvalidHashChainRef', 'malformed_signature.invalid_hash_chain_ref')).toBe(true);
  });
  it('aliases OutdatedGlobalConf to global_conf_outdated', () => {
    expect(faultCodesEqual('Server.ClientProxy.OutdatedGlobalConf', 'server.clientproxy.global_conf_outdated')).toBe(true);
  });
  it('keeps different codes apart', () => {
    expect(faultCodesEqual('server.clientproxy.invalid_soap', 'server.serverproxy.invalid_soap')).toBe(false);
    expect(faultCodesEqual('client.invalid_soap', 'client.invalid_soap.extra')).toBe(false);
    expect(faultCodesEqual('client.invalid_body', 'client.missing_body')).toBe(false);
  });
  it('matches prefixes and suffixes segment-wise', () => {
    expect(faultCodeStartsWith('server.clientproxy.ssl_authentication_failed.cert_validation', 'Server.ClientProxy.SslAuthenticationFailed')).toBe(true);
    expect(faultCodeStartsWith('server.clientproxy.ssl', 'server.clientproxy.ssl_authentication_failed')).toBe(false);
    expect(faultCodeEndsWith('malformed_signature.hashchain_unused_inputs', 'HashChainUnusedInputs')).toBe(true);
    expect(faultCodeEndsWith('malformed_signature.hashchain_unused_inputs', 'unused_inputs')).toBe(false);
    expect(faultCodeMatches('server.clientproxy.network_error.x', 'startsWith:server.clientproxy.network_error')).toBe(true);
    expect(faultCodeMatches('server.clientproxy.network_error.x', 'server.clientproxy.network_error')).toBe(false);
  });
  it('prefixes an origin once and chains causes', () => {
    const e = new XRoadError('invalid_soap', 'bad');
    expect(e.withOrigin('client').code).toBe('client.invalid_soap');
    expect(e.withOrigin('client').withOrigin('client').code).toBe('client.invalid_soap');
    expect(e.wrappedIn('service_failed').withOrigin('server.serverproxy').code).toBe('server.serverproxy.service_failed.invalid_soap');
  });
});
