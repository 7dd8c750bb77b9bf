// Private parameters (GCONF-010, pr-gconf Annex C): federation anchors, management service and
// time-stamping interval. Schema v2 for configuration version 2, v3 for every later version.
import type { Element } from '@xmldom/xmldom';
import type { XRoadError } from '../faults/index.js';
import { ConfigurationAnchorType, readAnchorElement, type ConfigurationAnchor } from './anchor.js';
import { globalConfError, GlobalConfCodes } from './codes.js';
import { confCertFromBase64, type ConfCert } from './conf-cert.js';
import { ClientIdentifierType, readClientIdentifier, type ClientIdentifier } from './identifiers.js';
import type { ConfVersion } from './shared-params-schema.js';
import { childNamed, childrenNamed, childText, parseXmlDocument, textOf, XROAD_NS } from './xml-reader.js';
import { anyElements, el, UNBOUNDED, validateElement, type ComplexType } from './xml-schema.js';

export interface ManagementService {
  authCertRegServiceAddress: string;
  authCertRegServiceCert?: ConfCert;
  managementRequestServiceProviderId: ClientIdentifier;
}

export interface PrivateParameters {
  version: ConfVersion;
  instanceIdentifier: string;
  /** Anchors of federated instances (followed only when allowed-federations permits, GCONF-010). */
  configurationAnchors: ConfigurationAnchor[];
  managementService: ManagementService;
  timeStampingIntervalSeconds: number;
}

export function privateParametersType(v: ConfVersion): ComplexType {
  const managementService: ComplexType = {
    sequence: [el('authCertRegServiceAddress', 'string'), el('authCertRegServiceCert', 'base64', 0), el('managementRequestServiceProviderId', ClientIdentifierType)],
  };
  return {
    sequence: [
      el('instanceIdentifier', 'string'),
      el('configurationAnchor', ConfigurationAnchorType, 0, UNBOUNDED),
      el('managementService', managementService),
      el('timeStampingIntervalSeconds', 'integer'),
      ...(v >= 3 ? [anyElements] : []),
    ],
  };
}

function malformed(message: string, cause?: unknown): XRoadError {
  return globalConfError(GlobalConfCodes.malformedGlobalConf, `private-params: ${message}`, cause);
}

export function parsePrivateParameters(input: string | Uint8Array, version: ConfVersion): PrivateParameters {
  const root = parseXmlDocument(input, (m) => malformed(m));
  if (root.localName !== 'conf' || root.namespaceURI !== XROAD_NS) throw malformed(`root element is ${root.localName}, expected {${XROAD_NS}}conf`);
  const problem = validateElement(root, privateParametersType(version), 'conf');
  if (problem) throw malformed(`not valid against the v${version === 2 ? 2 : 3} schema: ${problem}`);
  return readPrivate(root, version);
}

function readPrivate(root: Element, version: ConfVersion): PrivateParameters {
  const ms = childNamed(root, 'managementService')!;
  const managementService: ManagementService = {
    authCertRegServiceAddress: childText(ms, 'authCertRegServiceAddress') ?? '',
    managementRequestServiceProviderId: readClientIdentifier(childNamed(ms, 'managementRequestServiceProviderId')!),
  };
  const certEl = childNamed(ms, 'authCertRegServiceCert');
  if (certEl) {
    try {
      managementService.authCertRegServiceCert = confCertFromBase64(textOf(certEl));
    } catch (e) {
      throw malformed(`managementService/authCertRegServiceCert: ${(e as Error).message}`, e);
    }
  }
  return {
    version,
    instanceIdentifier: childText(root, 'instanceIdentifier') ?? '',
    configurationAnchors: childrenNamed(root, 'configurationAnchor').map((a) => readAnchorElement(a, (m, c) => malformed(`configurationAnchor: ${m}`, c))),
    managementService,
    timeStampingIntervalSeconds: Number(childText(root, 'timeStampingIntervalSeconds')),
  };
}
