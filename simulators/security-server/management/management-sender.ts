// Management requests of the reference security server (MSERV-001/003): built and signed as
// X-Road's ManagementRequestSender does, and posted as an ordinary X-Road SOAP request to this
// server's own client proxy, which signs and carries it to the server hosting
// managementRequestServiceProviderId (private parameters). The member signature uses the signing
// key of the member that must sign (management-kinds.ts) and its OCSP response from the server's
// own OCSP source. Two seeded defects bend the signed parts (defects.ts, mserv-*).
import type { X509Certificate } from 'node:crypto';
import { ErrorCodes, isXRoadError, XRoadError } from '../../../protocol/faults/index.js';
import { clientId, memberOf, type ClientId } from '../../../protocol/identifiers/index.js';
import {
  assembleManagementRequest,
  buildManagementSoap,
  isSignedKind,
  MANAGEMENT_KIND_SPECS,
  readManagementResponse,
  signManagementSoap,
  type ManagementFields,
  type ManagementHttpRequest,
  type ManagementKind,
  type MemberSignatureParts,
} from '../../../protocol/mserv/index.js';
import type { GlobalConfView } from '../components.js';
import type { Defects } from '../defects.js';
import type { KeyMaterial, ServerConf } from '../server-conf.js';

export interface ManagementSenderDeps {
  serverConf: ServerConf;
  globalConf: GlobalConfView;
  ownOcsp: (cert: X509Certificate) => Promise<Buffer>;
  defects: Pick<Defects, 'has'>;
  /** `http://host:port` of this server's client proxy. */
  clientProxyUrl: () => string;
}

export interface ManagementSendOptions {
  /** Override managementRequestServiceProviderId (default: from the global configuration). */
  provider?: ClientId;
  timeoutMs?: number;
}

export interface ManagementExchange {
  kind: ManagementKind;
  /** What went to the client proxy. */
  request: ManagementHttpRequest & { soap: Buffer };
  response?: { status: number; contentType: string | undefined; body: Buffer };
  /** requestId of the provider's answer, when the exchange succeeded. */
  requestId?: number;
  /** Why it did not (a SOAP fault from the chain, a network error, a missing key ...). */
  error?: XRoadError;
}

/** The management service provider named in the private parameters of the loaded configuration. */
export function managementServiceProvider(globalConf: GlobalConfView): ClientId {
  // Only the downloading configuration client carries private parameters (GlobalConfClient).
  const snap = (globalConf as Partial<{ snapshot(): { own: { private?: { managementService: { managementRequestServiceProviderId: { xRoadInstance: string; memberClass: string; memberCode: string; subsystemCode?: string } } } } } | undefined }>).snapshot?.();
  const id = snap?.own.private?.managementService.managementRequestServiceProviderId;
  if (!id) throw new XRoadError(ErrorCodes.internalError, 'The global configuration names no managementRequestServiceProviderId');
  return clientId(id.xRoadInstance, id.memberClass, id.memberCode, id.subsystemCode);
}

function signingKeyFor(deps: ManagementSenderDeps, kind: ManagementKind, fields: ManagementFields): KeyMaterial {
  const of = MANAGEMENT_KIND_SPECS[kind].signer === 'client-owner' ? fields.client! : fields.server;
  const key = deps.serverConf.signKey(memberOf(of));
  if (!key) throw new XRoadError(ErrorCodes.cannotCreateSignature, `No signing key for member ${memberOf(of).memberClass}/${memberOf(of).memberCode} on this server`);
  return key;
}

async function memberParts(deps: ManagementSenderDeps, kind: ManagementKind, fields: ManagementFields, soap: Buffer): Promise<MemberSignatureParts> {
  const key = signingKeyFor(deps, kind, fields);
  let ocsp: Buffer;
  try {
    ocsp = await deps.ownOcsp(key.cert);
  } catch (e) {
    throw new XRoadError(ErrorCodes.cannotCreateSignature, `Cannot get OCSP response for the signing certificate: ${(e as Error).message}`, undefined, { cause: e });
  }
  const signedBytes = deps.defects.has('mserv-sign-other-bytes') ? Buffer.concat([soap, Buffer.from('\n')]) : soap;
  const parts = signManagementSoap(signedBytes, key.key, key.cert.raw, ocsp);
  if (deps.defects.has('mserv-omit-ocsp-part')) delete parts.ocspDer;
  return parts;
}

export async function sendManagementRequest(deps: ManagementSenderDeps, kind: Exclude<ManagementKind, 'authCertReg'>, input: Partial<ManagementFields>, options: ManagementSendOptions = {}): Promise<ManagementExchange> {
  const server = deps.serverConf.serverId;
  const fields: ManagementFields = { ...input, server: input.server ?? server };
  const provider = options.provider ?? managementServiceProvider(deps.globalConf);
  const soap = buildManagementSoap({ kind, sender: memberOf(server), provider, fields });
  const exchange: ManagementExchange = { kind, request: { contentType: 'text/xml; charset=UTF-8', body: soap, soap } };
  try {
    const member = isSignedKind(kind) ? await memberParts(deps, kind, fields, soap) : undefined;
    exchange.request = { ...assembleManagementRequest(soap, member), soap };
    const res = await fetch(`${deps.clientProxyUrl()}/`, {
      method: 'POST',
      headers: { 'Content-Type': exchange.request.contentType },
      body: new Uint8Array(exchange.request.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const body = Buffer.from(await res.arrayBuffer());
    exchange.response = { status: res.status, contentType: res.headers.get('content-type') ?? undefined, body };
    exchange.requestId = readManagementResponse(exchange.response.contentType, body).requestId;
  } catch (e) {
    exchange.error = isXRoadError(e) ? e : new XRoadError(ErrorCodes.networkError, `Management request ${kind} failed: ${(e as Error).message}`, undefined, { cause: e });
  }
  return exchange;
}
