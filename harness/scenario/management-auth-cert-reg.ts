// authCertReg scenarios (features/management/auth-cert-registration.feature, MSERV-004/005): the
// SUT registers a new authentication certificate directly at the central server's HTTPS endpoint
// (simulators/central-server/auth-cert-reg-service.ts), which verifies and records it. The new
// certificate is one the approved CA issues for the SUT server on a key of its own, made once per
// PKI (key generation is the slow part) and never registered in the configuration.
import { issueCertificate, type IssuedCert, type TestPki } from '../../simulators/pki/index.js';
import type { AuthCertRegService, ReceivedAuthCertReg } from '../../simulators/central-server/index.js';
import type { AuthCertRegExchange } from '../../simulators/security-server/management/auth-cert-reg-sender.js';
import { idToString } from '../../protocol/identifiers/index.js';
import { handlesOf } from '../environment/environment-handles.js';
import type { Environment } from '../environment/environment.js';

const newAuthCerts = new Map<string, Promise<IssuedCert>>();

/** A new authentication certificate (and key) for the SUT server, issued by the approved CA. */
export function newSutAuthCert(env: Environment): Promise<IssuedCert> {
  const h = handlesOf(env);
  const pki: TestPki = h.pki;
  const { sut } = h.layout;
  const key = `${pki.instance}|${pki.rootCa.cert.fingerprint256}|${sut.serverId}`;
  let p = newAuthCerts.get(key);
  if (!p) {
    p = issueCertificate(pki.issuingCa, {
      name: 'sut-new-auth',
      subject: [['C', 'FI'], ['O', `${sut.memberClass} ${sut.memberCode}`], ['CN', `${sut.serverCode} (new)`], ['serialNumber', `${pki.instance}/${sut.serverCode}/${sut.memberClass}`]],
      profile: 'auth',
      keyAlgorithm: pki.keyAlgorithm,
    });
    p.catch(() => newAuthCerts.delete(key));
    newAuthCerts.set(key, p);
  }
  return p;
}

export function authCertRegServiceOf(env: Environment): AuthCertRegService {
  const s = handlesOf(env).centralServer?.authCertReg;
  if (!s) throw new Error('this environment has no central server authCertReg endpoint (embedded target only)');
  return s;
}

export const SUT_REGISTERED_ADDRESS = 'sut.roadtest.example';

/** The SUT registers `cert` (embedded: the reference SS handle, as its administrator's action would). */
export async function sutRegistersAuthCert(env: Environment, cert: IssuedCert): Promise<AuthCertRegExchange> {
  const sut = handlesOf(env).sutServer;
  if (!sut) throw new Error('authCertReg needs the embedded SUT (a real SUT needs its admin API)');
  return sut.sendAuthCertReg({ certDer: cert.certDer, key: cert.privateKey }, { address: SUT_REGISTERED_ADDRESS, timeoutMs: env.profile.timing.requestTimeoutMs });
}

export function authCertRegSummary(r: ReceivedAuthCertReg | undefined): string {
  if (!r) return 'nothing received';
  return `${r.contentType}; ${r.request?.request.extraParts.length ?? '?'} part(s) after the SOAP part; ${r.error ? `refused: ${r.error.code}: ${r.error.message}` : `accepted, requestId ${r.requestId}, owner ${r.verified ? idToString(r.verified.owner) : '-'}`}`;
}
