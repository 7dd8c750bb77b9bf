// The server proxy's single entry point for the services a provider SS answers itself
// (META-002..005, OPMON-001..007). The server proxy calls it after the usual gatekeeping —
// transport decoded, consumer TLS checked, signature verified, request logged — in place of the
// provider IS call; the answer then goes through the same signing, logging and monitoring as an
// IS answer (META-005). Metaservices skip the ACL check (X-Road's shouldVerifyAccess() = false):
// listMethods is open to all, allowedMethods filters by the caller's rights, the monitoring
// services apply their own rules.
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import { idToShortString, memberOf, providerOf, type MemberId } from '../../../protocol/identifiers/index.js';
import { answerHealthData } from '../opmon/health-data.js';
import { answerMetrics } from '../opmon/metrics-service.js';
import { answerOperationalData } from '../opmon/operational-data-service.js';
import { answerGetWsdl } from './get-wsdl.js';
import type { MetaserviceAnswer, MetaserviceContext, MetaserviceRequest } from './metaservice-context.js';
import { answerGetOpenApi, answerRestMethodList } from './rest-metaservices.js';
import { metaserviceKind, type MetaserviceKind } from './service-codes.js';
import { answerSoapMethodList } from './soap-method-list.js';

function ownerOf(ctx: MetaserviceContext): MemberId {
  return memberOf(ctx.serverConf.serverId);
}

/**
 * Which locally answered service the request is, or undefined for an ordinary one. The server
 * proxy asks this before its access check; the monitoring services count only when a store is wired.
 */
export function metaserviceFor(ctx: MetaserviceContext, request: Pick<MetaserviceRequest, 'protocol' | 'service'> & { method?: string }): MetaserviceKind | undefined {
  const kind = metaserviceKind(request, ownerOf(ctx));
  if ((kind === 'operational-data' || kind === 'health-data') && !ctx.opMonitor) return undefined;
  return kind;
}

/**
 * The answer to a metaservice or monitoring request, undefined when the request is for an
 * ordinary service. Throws XRoadError (code without origin: the server proxy adds
 * server.serverproxy) for failures X-Road raises in the proxy; monitoring request errors come
 * back as a SOAP fault answer, as the monitoring daemon sends them.
 */
export async function answerMetaservice(ctx: MetaserviceContext, request: MetaserviceRequest): Promise<MetaserviceAnswer | undefined> {
  const kind = metaserviceFor(ctx, request);
  if (!kind) return undefined;
  const provider = providerOf(request.service);
  const monitoring = kind === 'operational-data' || kind === 'health-data' || kind === 'metrics';
  // ServerMessageProcessor.verifyClientStatus runs before any handler: the provider must be ours.
  if (!monitoring && !ctx.serverConf.hosts(provider)) {
    throw new XRoadError(ErrorCodes.unknownMember, `Service provider '${idToShortString(provider)}' is not registered on security server ${idToShortString(ctx.serverConf.serverId)}`);
  }
  // Seeded defect allowed-methods-lists-all: allowedMethods answered like listMethods, the caller's
  // access rights ignored (META-002/004).
  const filterByRights = !ctx.defects?.has('allowed-methods-lists-all');
  if (request.protocol === 'rest') {
    switch (kind) {
      case 'list-methods':
        return answerRestMethodList(ctx, request, false);
      case 'allowed-methods':
        return answerRestMethodList(ctx, request, filterByRights);
      case 'get-openapi':
        return answerGetOpenApi(ctx, request);
      default:
        return undefined;
    }
  }
  // Seeded defect list-methods-shows-metaservices: the metaservices join the SOAP method lists (META-002).
  const listing = { withMetaservices: ctx.defects?.has('list-methods-shows-metaservices') ?? false };
  switch (kind) {
    case 'list-methods':
      return answerSoapMethodList(ctx.serverConf, request, false, listing);
    case 'allowed-methods':
      return answerSoapMethodList(ctx.serverConf, request, filterByRights, listing);
    case 'get-wsdl':
      return answerGetWsdl(ctx, request);
    case 'operational-data':
      return answerOperationalData({ ...ctx, opMonitor: ctx.opMonitor! }, request);
    case 'health-data':
      return answerHealthData({ ...ctx, opMonitor: ctx.opMonitor! }, request);
    case 'metrics':
      return answerMetrics(ctx, request);
    default:
      return undefined;
  }
}
