// META-003: getWsdl (META §4, Annex C.6-C.8). Body {serviceCode, serviceVersion?} names one of
// the provider's services; the answer echoes them in getWsdlResponse and carries the WSDL, its
// endpoints hidden, as a MIME attachment (multipart/related, as MetadataServiceHandlerImpl's
// MultipartSoapMessageEncoder). Codes as X-Road: blank serviceCode -> invalid_request; no such
// service / no WSDL -> unknown_service; a REST service -> service_type.
import { randomUUID } from 'node:crypto';
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import { idToString, providerOf, serviceId } from '../../../protocol/identifiers/index.js';
import { MultipartWriter } from '../../../protocol/multipart/index.js';
import { buildResponse, escapeXml, XROAD_NS } from '../../../protocol/soap/index.js';
import { DEFAULT_DESCRIPTION_TIMEOUT_MS, httpDescriptionFetcher, resolveDescription } from './service-description.js';
import type { MetaserviceAnswer, MetaserviceContext, SoapMetaserviceRequest } from './metaservice-context.js';
import { childText, soapBodyWrapper } from './soap-body.js';
import { hideWsdlEndpoints } from './wsdl-endpoint.js';

export const INVALID_REQUEST = 'invalid_request';

export interface WsdlRequestData {
  serviceCode: string;
  serviceVersion?: string;
}

export function readWsdlRequest(request: SoapMetaserviceRequest): WsdlRequestData {
  const wrapper = soapBodyWrapper(request.envelope);
  const serviceCode = childText(wrapper, 'serviceCode');
  if (serviceCode === undefined || serviceCode.trim() === '') throw new XRoadError(INVALID_REQUEST, 'Missing serviceCode in message body');
  const serviceVersion = childText(wrapper, 'serviceVersion');
  return { serviceCode, ...(serviceVersion !== undefined && serviceVersion.trim() !== '' ? { serviceVersion } : {}) };
}

export async function answerGetWsdl(ctx: MetaserviceContext, request: SoapMetaserviceRequest): Promise<MetaserviceAnswer> {
  const data = readWsdlRequest(request);
  const provider = providerOf(request.service);
  const target = serviceId(provider, data.serviceCode, data.serviceVersion);
  const svc = ctx.serverConf.servicesOf(provider).find((s) => s.code === data.serviceCode && s.version === data.serviceVersion);
  if (svc && svc.type !== 'soap') throw new XRoadError(ErrorCodes.serviceType, 'Service is a REST service and does not have a WSDL');
  if (!svc?.wsdl) throw new XRoadError(ErrorCodes.unknownService, `Could not find wsdl URL for service ${idToString(target)}`);

  const fetched = await resolveDescription(svc.wsdl, ctx.fetchDescription ?? httpDescriptionFetcher, {
    timeoutMs: Math.min(svc.timeoutMs, DEFAULT_DESCRIPTION_TIMEOUT_MS),
    ...(svc.verifyIsCert ? { expectedServerCerts: ctx.serverConf.hostedClient(provider)?.isCerts ?? [] } : {}),
    ...(ctx.clientTls ? { clientTls: ctx.clientTls } : {}),
  });
  // Seeded defect getwsdl-keeps-endpoint: the provider IS's real addresses go out (META-003).
  const wsdl = ctx.defects?.has('getwsdl-keeps-endpoint') ? fetched.body.toString('utf8') : hideWsdlEndpoints(fetched.body).text;

  const echo =
    `<xroad:serviceCode>${escapeXml(data.serviceCode)}</xroad:serviceCode>` +
    (data.serviceVersion !== undefined ? `<xroad:serviceVersion>${escapeXml(data.serviceVersion)}</xroad:serviceVersion>` : '');
  const soap = buildResponse(request.envelope, { wrapper: { localName: 'getWsdlResponse', namespaceUri: XROAD_NS, prefix: 'xroad', content: echo } });

  const multipart = new MultipartWriter({ mediaType: 'multipart/related', boundaryPrefix: 'xroad', params: { type: 'text/xml', charset: 'UTF-8' } });
  multipart.add(Buffer.from(soap, 'utf8'), [['Content-Type', 'text/xml; charset=UTF-8']]);
  multipart.add(Buffer.from(wsdl, 'utf8'), [
    ['Content-Type', 'text/xml'],
    ['Content-Transfer-Encoding', 'binary'],
    ['Content-ID', `<wsdl=${randomUUID()}@x-road.eu>`],
  ]);
  return { status: 200, statusText: 'OK', headers: [['Content-Type', multipart.contentType]], body: multipart.toBuffer() };
}
