import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signingFixture, type SigningFixture } from '../../../protocol/signature/testing/signing-fixture.js';
import { startAuthCertRegService, type AuthCertRegService } from '../../central-server/auth-cert-reg-service.js';
import { issueCertificate, type IssuedCert } from '../../pki/index.js';
import { authCertRegTarget, sendAuthCertReg } from './auth-cert-reg-sender.js';
import type { ManagementSenderDeps } from './management-sender.js';
import { managementSenderDeps } from './sender-test-deps.js';
import type { GlobalConfView } from '../components.js';

let fx: SigningFixture;
let cs: AuthCertRegService;
let newAuth: IssuedCert;

beforeAll(async () => {
  fx = await signingFixture();
  cs = await startAuthCertRegService({ trust: () => fx.trust });
  newAuth = await issueCertificate(fx.pki.issuingCa, { name: 'new-auth', subject: [['C', 'FI'], ['O', 'COM 1234'], ['CN', 'SS1'], ['serialNumber', `${fx.pki.instance}/SS1/COM`]], profile: 'auth' });
}, 60_000);
afterAll(() => cs.stop());

function deps(defects: string[] = [], pinned = true): ManagementSenderDeps {
  const managementService = {
    authCertRegServiceAddress: cs.url,
    ...(pinned ? { authCertRegServiceCert: { cert: cs.tls.cert } } : {}),
    managementRequestServiceProviderId: { objectType: 'SUBSYSTEM', xRoadInstance: fx.pki.instance, memberClass: 'GOV', memberCode: '4321', subsystemCode: 'MANAGEMENT' },
  };
  return managementSenderDeps(fx, { managementService, defects });
}

const auth = () => ({ certDer: newAuth.certDer, key: newAuth.privateKey });

describe('sendAuthCertReg + the central server authCertReg endpoint (MSERV-004)', () => {
  it('reads the address and pinned certificate from the private parameters', () => {
    const t = authCertRegTarget(deps().globalConf);
    expect(t.address).toBe(cs.url);
    expect(t.cert?.raw.equals(cs.certDer)).toBe(true);
    expect(() => authCertRegTarget({} as GlobalConfView)).toThrow(/authCertRegServiceAddress/);
  });

  it('a good registration: the endpoint verifies six parts and answers with a requestId', async () => {
    cs.inbox.clear();
    const x = await sendAuthCertReg(deps(), auth(), { address: 'ss1.example.org' });
    expect(x.error).toBeUndefined();
    expect(x.requestId).toBeGreaterThanOrEqual(5000);
    const r = cs.inbox.last()!;
    expect(r.error).toBeUndefined();
    expect(r.request?.request.extraParts).toHaveLength(5);
    expect(r.verified?.authCert.raw.equals(newAuth.certDer)).toBe(true);
    expect(x.serverCertDer?.equals(cs.certDer)).toBe(true);
  });

  it('PoP with a key that is not the auth certificate key: the endpoint answers a SOAP fault', async () => {
    cs.inbox.clear();
    const x = await sendAuthCertReg(deps(), { certDer: newAuth.certDer, key: fx.signer.privateKey });
    expect(x.requestId).toBeUndefined();
    expect(x.error?.code).toBe('Server.invalid_signature_value');
    expect(cs.inbox.last()?.error?.message).toBe('Auth signature verification failed');
  });

  it('the pin is enforced: an impostor certificate is refused before anything is sent', async () => {
    cs.inbox.clear();
    cs.serveImpostor(true);
    try {
      const x = await sendAuthCertReg(deps(), auth());
      expect(x.error?.code).toBe('network_error');
      expect(x.requestId).toBeUndefined();
      expect(cs.inbox.received).toHaveLength(0);
      expect(cs.inbox.handshakes).toBeGreaterThan(0);
      // seeded defect: no pin, so the impostor gets the request
      const y = await sendAuthCertReg(deps(['mserv-authcertreg-no-pin']), auth());
      expect(y.requestId).toBeDefined();
      expect(y.serverCertDer?.equals(cs.impostorTls.certDer)).toBe(true);
    } finally {
      cs.serveImpostor(false);
    }
  });

  it('no authCertRegServiceCert published: refuses to send (internal_error)', async () => {
    const x = await sendAuthCertReg(deps([], false), auth());
    expect(x.error?.code).toBe('internal_error');
  });
});
