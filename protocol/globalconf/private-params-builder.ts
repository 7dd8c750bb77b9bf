// Writes private-params.xml in the central server's layout (byte-exact with system-test V4..V6).
import { toConfCert } from './conf-cert.js';
import { writeClientIdentifier, type ClientIdentifier } from './identifiers.js';
import type { ConfVersion } from './shared-params-schema.js';
import type { AnchorInput } from './anchor-builder.js';
import type { CertInput } from './shared-params-builder.js';
import { base64Element, textElement, XML_DECLARATION } from './xml-writer.js';

export interface PrivateParametersInput {
  instanceIdentifier: string;
  configurationAnchors?: AnchorInput[];
  managementService: {
    authCertRegServiceAddress: string;
    authCertRegServiceCert?: CertInput;
    managementRequestServiceProviderId: ClientIdentifier;
  };
  timeStampingIntervalSeconds?: number;
}

export function buildPrivateParameters(input: PrivateParametersInput, _version: ConfVersion): string {
  const I1 = '    ';
  const I2 = I1 + I1;
  const I3 = I2 + I1;
  const out = [XML_DECLARATION, '<ns3:conf xmlns:ns2="http://x-road.eu/xsd/identifiers" xmlns:ns3="http://x-road.eu/xsd/xroad.xsd">'];
  out.push(textElement(I1, 'instanceIdentifier', input.instanceIdentifier));
  for (const a of input.configurationAnchors ?? []) {
    out.push(`${I1}<configurationAnchor>`);
    if (a.generatedAt) out.push(textElement(I2, 'generatedAt', a.generatedAt.toISOString()));
    out.push(textElement(I2, 'instanceIdentifier', a.instanceIdentifier));
    for (const s of a.sources) {
      out.push(`${I2}<source>`, textElement(I3, 'downloadURL', s.downloadURL));
      for (const c of s.verificationCerts) out.push(base64Element(I3, 'verificationCert', toConfCert(c).stored));
      out.push(`${I2}</source>`);
    }
    out.push(`${I1}</configurationAnchor>`);
  }
  const ms = input.managementService;
  out.push(`${I1}<managementService>`, textElement(I2, 'authCertRegServiceAddress', ms.authCertRegServiceAddress));
  if (ms.authCertRegServiceCert !== undefined) out.push(base64Element(I2, 'authCertRegServiceCert', toConfCert(ms.authCertRegServiceCert).stored));
  out.push(writeClientIdentifier('managementRequestServiceProviderId', ms.managementRequestServiceProviderId, I2, 'ns2'), `${I1}</managementService>`);
  out.push(textElement(I1, 'timeStampingIntervalSeconds', input.timeStampingIntervalSeconds ?? 60), '</ns3:conf>', '');
  return out.join('\n');
}
