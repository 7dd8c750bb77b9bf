// META-002: listMethods / allowedMethods over SOAP (META §3, Annex C.2-C.5). The provider SS
// answers from its own configuration: the provider's WSDL services (serverconf
// getServicesByDescriptionType(provider, WSDL)), for allowedMethods only those the caller has an
// access right to. Metaservices are not in the service configuration, so they are never listed;
// a configured service that happens to carry a metaservice code is left out too (META §3).
import { formatIdentifierXml, providerOf, serviceId, type ClientId, type ServiceId } from '../../../protocol/identifiers/index.js';
import { buildResponse, XROAD_NS } from '../../../protocol/soap/index.js';
import type { MetaserviceAnswer, MetaserviceServerConf, SoapMetaserviceRequest } from './metaservice-context.js';
import { isMetaserviceCode, SOAP_METASERVICES } from './service-codes.js';

/** The provider's SOAP services in configuration order; with `caller`, only those it may call. */
export function soapServicesOf(serverConf: MetaserviceServerConf, provider: ClientId, caller?: ClientId): ServiceId[] {
  return serverConf
    .servicesOf(provider)
    .filter((s) => s.type === 'soap' && !isMetaserviceCode(s.code))
    .map((s) => serviceId(provider, s.code, s.version))
    .filter((s) => caller === undefined || serverConf.isAllowed(caller, s));
}

export function methodListBody(services: readonly ServiceId[]): string {
  return services.map((s) => formatIdentifierXml(s, { localName: 'service', prefix: 'xroad', idPrefix: 'id', declareNamespaces: false })).join('');
}

export function soapXmlAnswer(xml: string): MetaserviceAnswer {
  const body = Buffer.from(xml, 'utf8');
  return { status: 200, statusText: 'OK', headers: [['Content-Type', 'text/xml; charset=UTF-8']], body };
}

/**
 * listMethods / allowedMethods answer. `withMetaservices` is the seeded defect
 * list-methods-shows-metaservices only: META §3 forbids listing them.
 */
export function answerSoapMethodList(serverConf: MetaserviceServerConf, request: SoapMetaserviceRequest, allowedOnly: boolean, options: { withMetaservices?: boolean } = {}): MetaserviceAnswer {
  const provider = providerOf(request.service);
  const services = soapServicesOf(serverConf, provider, allowedOnly ? request.client : undefined);
  if (options.withMetaservices) services.push(...[...SOAP_METASERVICES].map((code) => serviceId(provider, code)));
  const xml = buildResponse(request.envelope, {
    wrapper: { localName: allowedOnly ? 'allowedMethodsResponse' : 'listMethodsResponse', namespaceUri: XROAD_NS, prefix: 'xroad', content: methodListBody(services) },
  });
  return soapXmlAnswer(xml);
}
