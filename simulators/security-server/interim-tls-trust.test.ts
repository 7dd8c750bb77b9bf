import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultCodesEqual } from '../../protocol/faults/index.js';
import { startOcspResponder, type OcspResponderHandle } from '../ocsp-responder/index.js';
import { issueCertificate } from '../pki/index.js';
import { InterimOcspCache } from './interim-ocsp-cache.js';
import { InterimTlsTrust, XROAD_TLS_CIPHERS } from './interim-tls-trust.js';
import { staticGlobalConfFromPki, type StaticGlobalConf } from './static-globalconf.js';
import { CLIENT, PROVIDER, testPki } from './test-network.js';

let ocsp: OcspResponderHandle;
let gc: StaticGlobalConf;
let cache: InterimOcspCache;

beforeAll(async () => {
  const pki = await testPki();
  ocsp = await startOcspResponder({ pki, defaultStatus: 'good' });
  gc = staticGlobalConfFromPki(pki, {
    ocspUrl: ocsp.url,
    servers: [
      { serverCode: 'SS1', address: '127.0.0.1:1', clients: [CLIENT] },
      { serverCode: 'SS2', address: '127.0.0.1:2', clients: [PROVIDER] },
    ],
  });
  cache = new InterimOcspCache(() => gc.trust());
});
afterAll(async () => {
  await ocsp?.stop();
});

async function expectCode(p: Promise<unknown> | (() => unknown), code: string, text?: string): Promise<void> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    const err = e as { code: string; message: string };
    expect(faultCodesEqual(err.code, code), `${err.code} vs ${code}: ${err.message}`).toBe(true);
    if (text) expect(err.message).toContain(text);
    return;
  }
  throw new Error(`expected ${code}, nothing thrown`);
}

describe('interim TLS trust (TRANSP-001/002/010)', () => {
  it('uses TLS 1.2 and the X-Road cipher list', () => {
    const o = new InterimTlsTrust(gc).tlsOptions();
    expect(o).toMatchObject({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
    expect(o.ciphers).toBe(XROAD_TLS_CIPHERS);
    expect(XROAD_TLS_CIPHERS.split(':')).toEqual(['ECDHE-RSA-AES256-SHA384', 'DHE-RSA-AES256-SHA256', 'ECDHE-ECDSA-AES256-SHA384']);
  });

  it('accepts a registered consumer with a good OCSP response for a client it hosts', async () => {
    const pki = await testPki();
    const auth = pki.securityServers.SS1!.auth;
    const trust = new InterimTlsTrust(gc);
    expect(() => trust.verifyConsumer([auth.cert], [], CLIENT)).toThrow(/OCSP response is missing/);
    const der = await cache.ownResponse(auth.cert);
    expect(() => trust.verifyConsumer([auth.cert], [der], CLIENT)).not.toThrow();
    // The owner member is always acceptable, a client of another server is not.
    expect(() => trust.verifyConsumer([auth.cert], [der], 'DEV/COM/1234')).not.toThrow();
    await expectCode(() => trust.verifyConsumer([auth.cert], [der], PROVIDER), 'ssl_authentication_failed', `Client '${PROVIDER}' is not registered at security server DEV/COM/1234/SS1`);
  });

  it('refuses an OCSP response for another certificate, and a revoked certificate', async () => {
    const pki = await testPki();
    const auth = pki.securityServers.SS1!.auth;
    const other = await cache.ownResponse(pki.securityServers.SS2!.auth.cert);
    const trust = new InterimTlsTrust(gc);
    await expectCode(() => trust.verifyConsumer([auth.cert], [other], CLIENT), 'ssl_authentication_failed', 'corresponding OCSP response is missing');
    const revokedCert = await issueCertificate(pki.issuingCa, { name: 'revoked-auth', subject: [['C', 'FI'], ['O', 'x'], ['CN', 'revoked']], profile: 'auth' });
    ocsp.certificates.revoked(revokedCert.cert);
    const requestDer = (await import('../../protocol/ocsp/index.js')).buildOcspRequest({ cert: revokedCert.cert, issuer: pki.issuingCa.cert });
    const { httpOcspFetcher } = await import('./interim-ocsp-cache.js');
    const revokedDer = await httpOcspFetcher(ocsp.url, requestDer);
    await expectCode(() => trust.verifyConsumer([revokedCert.cert], [revokedDer], CLIENT), 'ssl_authentication_failed.cert_validation', 'REVOKED');
  });

  it('refuses a certificate from an unapproved CA, and an unregistered one unless the defect is on', async () => {
    const pki = await testPki();
    const rogueCa = await issueCertificate('self', { name: 'rogue-ca', subject: [['CN', 'rogue CA']], profile: 'ca' });
    const rogue = await issueCertificate(rogueCa, { name: 'rogue-auth', subject: [['CN', 'rogue']], profile: 'auth' });
    const trust = new InterimTlsTrust(gc);
    await expectCode(() => trust.verifyConsumer([rogue.cert], [Buffer.from([0x30, 0])], CLIENT), 'ssl_authentication_failed', 'not issued by an approved certification authority');

    const stranger = await issueCertificate(pki.issuingCa, { name: 'stranger', subject: [['CN', 'stranger']], profile: 'auth' });
    const der = await cache.ownResponse(stranger.cert);
    await expectCode(() => trust.verifyConsumer([stranger.cert], [der], CLIENT), 'ssl_authentication_failed', 'not associated with any security server');
    const lax = new InterimTlsTrust(gc, { skipRegistrationCheck: () => true });
    expect(() => lax.verifyConsumer([stranger.cert], [der], CLIENT)).not.toThrow();
  });

  it('consumer side: the provider cert must belong to a server hosting the provider', async () => {
    const pki = await testPki();
    const trust = new InterimTlsTrust(gc);
    const [ss1, ss2] = gc.securityServers();
    await expect(trust.verifyProvider([pki.securityServers.SS2!.auth.cert], [ss2!])).resolves.toBe('DEV/GOV/4321/SS2');
    await expectCode(trust.verifyProvider([pki.securityServers.SS1!.auth.cert], [ss2!]), 'ssl_authentication_failed', 'not registered to a security server hosting');
    await expectCode(trust.verifyProvider([pki.securityServers.SS2!.auth.cert], [ss1!]), 'ssl_authentication_failed');
  });
});
