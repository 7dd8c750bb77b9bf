// Management request scenarios (features/management, MSERV-001..005): make the SUT send a
// management request (embedded target: through the reference SS handle, as its administrator's
// action would) and read what the management service provider behind the peer received and
// concluded (simulators/member-systems/management-service.ts).
import type { X509Certificate } from 'node:crypto';
import { buildOcspResponse, certIdFor } from '../../protocol/ocsp/index.js';
import { parseClientIdPath, parseSecurityServerIdPath, memberOf, idToString, type MemberId } from '../../protocol/identifiers/index.js';
import { assembleManagementRequest, buildManagementSoap, MANAGEMENT_KIND_SPECS, signManagementData, signManagementSoap, type ManagementFields, type ManagementKind } from '../../protocol/mserv/index.js';
import { sendRaw, type Evidence, type ManagementInbox, type ReceivedManagementRequest } from '../../simulators/member-systems/index.js';
import type { ManagementExchange } from '../../simulators/security-server/management/management-sender.js';
import { handlesOf } from '../environment/environment-handles.js';
import type { Environment } from '../environment/environment.js';
import { managementProviderOf, MANAGEMENT_PATH_PREFIX } from '../environment/instance-layout.js';

export type SendableKind = Exclude<ManagementKind, 'authCertReg'>;

export function managementInboxOf(env: Environment): ManagementInbox {
  const inbox = handlesOf(env).managementInbox;
  if (!inbox) throw new Error('this environment has no management service provider (embedded target only)');
  return inbox;
}

/** Fields the SUT's administrator would give for each kind: its own server, its CLIENT subsystem. */
export function sutFieldsFor(env: Environment, kind: SendableKind): Partial<ManagementFields> {
  const { sut } = handlesOf(env).layout;
  const pki = handlesOf(env).pki;
  const server = parseSecurityServerIdPath(sut.serverId);
  switch (kind) {
    case 'clientReg':
      return { server, client: parseClientIdPath(sut.client), subsystemName: 'Roadtest client' };
    case 'clientRename':
      return { server, client: parseClientIdPath(sut.client), subsystemName: 'Roadtest client (renamed)' };
    case 'ownerChange':
      // The SUT holds only its owner's signing key; the "new" owner is the same member.
      return { server, client: parseClientIdPath(sut.member) };
    case 'addressChange':
      return { server, address: 'sut.roadtest.example' };
    case 'maintenanceModeEnable':
      return { server, message: 'Back at 18:00 UTC' };
    case 'maintenanceModeDisable':
      return { server };
    case 'authCertDeletion':
      return { server, authCert: pki.securityServers[sut.serverCode]!.auth.certDer };
    default:
      return { server, client: parseClientIdPath(sut.client) };
  }
}

/** The SUT sends a management request (embedded: the reference SS handle). */
export async function sutSendsManagementRequest(env: Environment, kind: SendableKind, fields = sutFieldsFor(env, kind)): Promise<ManagementExchange> {
  const sut = handlesOf(env).sutServer;
  if (!sut) throw new Error('sending management requests needs the embedded SUT (a real SUT needs its admin API)');
  return sut.sendManagementRequest(kind, fields, { timeoutMs: env.profile.timing.requestTimeoutMs });
}

/** The member whose signing certificate must have signed (client owner or server owner). */
export function expectedSigner(kind: ManagementKind, fields: ManagementFields): MemberId {
  return MANAGEMENT_KIND_SPECS[kind].signer === 'client-owner' ? memberOf(fields.client!) : memberOf(fields.server);
}

/** The management service provider id the central server publishes. */
export function managementProviderId(env: Environment): string {
  return managementProviderOf(handlesOf(env).layout.peer);
}

export function receivedPathOk(env: Environment, kind: string): boolean {
  return handlesOf(env).providerIs.received.some((r) => r.path.startsWith(`${MANAGEMENT_PATH_PREFIX}/${kind}`));
}

export function summary(r: ReceivedManagementRequest | undefined): string {
  if (!r) return 'nothing received';
  const kind = r.request?.kind ?? '?';
  return `${kind} (${r.contentType}); ${r.error ? `refused: ${r.error.code}: ${r.error.message}` : `accepted, requestId ${r.requestId}, signer ${r.verified?.signer ? idToString(r.verified.signer) : '-'}`}`;
}

/** A good OCSP response from the instance's responder key, but older than ocspFreshnessSeconds. */
function staleOcsp(env: Environment, cert: X509Certificate, thisUpdate: Date): Buffer {
  const pki = handlesOf(env).pki;
  return buildOcspResponse({
    responses: [{ certIdDer: certIdFor(cert, pki.issuingCa.cert).der, status: { kind: 'good' }, thisUpdate }],
    producedAt: thisUpdate,
    responderCert: pki.ocspSigner.cert,
    signerKey: pki.ocspSigner.privateKey,
  });
}

export type Tamper = 'signature-over-other-bytes' | 'stale-ocsp';

/**
 * A clientReg the harness assembles itself and posts to the SUT's client proxy, signed with the
 * SUT owner's key but tampered: shows the provider's checks (MSERV-005) reject it end to end.
 */
export async function postTamperedClientReg(env: Environment, tamper: Tamper): Promise<{ sent: { method: string; url: string; headers: Record<string, string>; body: Buffer }; received: Evidence }> {
  const h = handlesOf(env);
  const { sut } = h.layout;
  const signing = h.pki.securityServers[sut.serverCode]!.sign[sut.member]!;
  const fields = sutFieldsFor(env, 'clientReg') as ManagementFields;
  const soap = buildManagementSoap({ kind: 'clientReg', sender: parseClientIdPath(sut.member), provider: parseClientIdPath(managementProviderId(env)), fields });
  const now = new Date();
  const ocsp = tamper === 'stale-ocsp'
    ? staleOcsp(env, signing.cert, new Date(now.getTime() - (h.centralServer!.model.ocspFreshnessSeconds + 600) * 1000))
    : await h.sutOcspCache!.ownResponse(signing.cert);
  const parts = signManagementSoap(soap, signing.privateKey, signing.certDer, ocsp);
  if (tamper === 'signature-over-other-bytes') parts.signature = signManagementData(parts.algorithm, signing.privateKey, Buffer.concat([soap, Buffer.from(' ')]));
  const http = assembleManagementRequest(soap, parts);
  const url = `${env.sut.clientProxyUrl!.replace(/\/$/, '')}/`;
  const headers = { 'Content-Type': http.contentType };
  const received = await sendRaw(url, { method: 'POST', headers, body: http.body, timeoutMs: env.profile.timing.requestTimeoutMs });
  return { sent: { method: 'POST', url, headers, body: http.body }, received };
}
