// Writes a configuration anchor in the layout the central server's anchor download produces
// (byte-exact with vectors anchors/central-server/internal-configuration-anchor.xml).
import { toConfCert, type ConfCert } from './conf-cert.js';
import { base64Element, textElement, XML_DECLARATION } from './xml-writer.js';
import type { X509Certificate } from 'node:crypto';

export interface AnchorSourceInput {
  downloadURL: string;
  verificationCerts: Array<ConfCert | X509Certificate | Buffer | string>;
}

export interface AnchorInput {
  generatedAt?: Date;
  instanceIdentifier: string;
  sources: AnchorSourceInput[];
}

export function buildConfigurationAnchor(input: AnchorInput): string {
  if (input.sources.length === 0) throw new Error('an anchor needs at least one source');
  const lines = [
    XML_DECLARATION,
    '<ns3:configurationAnchor xmlns:ns2="http://x-road.eu/xsd/identifiers" xmlns:ns3="http://x-road.eu/xsd/xroad.xsd">',
    textElement('    ', 'generatedAt', (input.generatedAt ?? new Date()).toISOString()),
    textElement('    ', 'instanceIdentifier', input.instanceIdentifier),
  ];
  for (const s of input.sources) {
    if (s.verificationCerts.length === 0) throw new Error(`source ${s.downloadURL} needs at least one verification certificate`);
    lines.push('    <source>', textElement('        ', 'downloadURL', s.downloadURL));
    for (const c of s.verificationCerts) lines.push(base64Element('        ', 'verificationCert', toConfCert(c).stored));
    lines.push('    </source>');
  }
  lines.push('</ns3:configurationAnchor>', '');
  return lines.join('\n');
}
