// Configuration anchor (GCONF-001, pr-gconf Annex E): where to download the configuration and
// which certificates may sign it. Anything that is not a schema-valid anchor is `malformed_anchor`,
// as the central server's trusted-anchor API answers (vectors: trusted-anchor-invalid-{1,2}.xml).
import { createHash } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { globalConfError, GlobalConfCodes } from './codes.js';
import { decodeBase64Strict, lazyConfCert, type ConfCert } from './conf-cert.js';
import { childrenNamed, childText, parseXmlDocument, textOf, XROAD_NS } from './xml-reader.js';
import { el, UNBOUNDED, validateElement, type ComplexType } from './xml-schema.js';
import type { XRoadError } from '../faults/index.js';

export interface AnchorSource {
  downloadURL: string;
  verificationCerts: ConfCert[];
}

export interface ConfigurationAnchor {
  generatedAt?: Date;
  instanceIdentifier: string;
  sources: AnchorSource[];
}

/** ConfigurationAnchorType of private-parameters.xsd (also used inside private-params). */
export const ConfigurationAnchorType: ComplexType = {
  sequence: [
    el('generatedAt', 'dateTime', 0, 1),
    el('instanceIdentifier', 'string'),
    el('source', { sequence: [el('downloadURL', 'string'), el('verificationCert', 'base64', 1, UNBOUNDED)] }, 1, UNBOUNDED),
  ],
};

function malformed(message: string, cause?: unknown): XRoadError {
  return globalConfError(GlobalConfCodes.malformedAnchor, `configuration anchor: ${message}`, cause);
}

export function parseConfigurationAnchor(input: string | Uint8Array): ConfigurationAnchor {
  const root = parseXmlDocument(input, (m) => malformed(m));
  if (root.localName !== 'configurationAnchor' || root.namespaceURI !== XROAD_NS) {
    throw malformed(`root element is {${root.namespaceURI ?? ''}}${root.localName}, expected {${XROAD_NS}}configurationAnchor`);
  }
  const problem = validateElement(root, ConfigurationAnchorType, 'configurationAnchor');
  if (problem) throw malformed(problem);
  return readAnchorElement(root, (m, c) => malformed(m, c));
}

/** Reads a schema-valid ConfigurationAnchorType element (anchor file or private-params entry). */
export function readAnchorElement(root: Element, fail: (message: string, cause?: unknown) => Error): ConfigurationAnchor {
  const generated = childText(root, 'generatedAt');
  const anchor: ConfigurationAnchor = { instanceIdentifier: childText(root, 'instanceIdentifier') ?? '', sources: [] };
  if (anchor.instanceIdentifier === '') throw fail('instanceIdentifier is empty');
  if (generated !== undefined) {
    const d = new Date(generated);
    if (Number.isNaN(d.getTime())) throw fail(`generatedAt '${generated}' is not a date`);
    anchor.generatedAt = d;
  }
  for (const s of childrenNamed(root, 'source')) {
    const downloadURL = childText(s, 'downloadURL') ?? '';
    // Decoded lazily: only the certificate a directory names by hash is ever parsed (see lazyConfCert).
    const verificationCerts = childrenNamed(s, 'verificationCert').map((c, i) => {
      try {
        return lazyConfCert(decodeBase64Strict(textOf(c)));
      } catch (e) {
        throw fail(`source ${downloadURL} verificationCert[${i}]: ${(e as Error).message}`, e);
      }
    });
    anchor.sources.push({ downloadURL, verificationCerts });
  }
  return anchor;
}

/** Every verification certificate of the anchor, in document order. */
export function anchorVerificationCerts(anchor: ConfigurationAnchor): ConfCert[] {
  return anchor.sources.flatMap((s) => s.verificationCerts);
}

/** The anchor hash the central server UI shows: SHA-224 of the file bytes, upper-case hex pairs joined by ':'. */
export function anchorFileHash(fileBytes: Uint8Array): string {
  return createHash('sha224').update(fileBytes).digest('hex').toUpperCase().match(/../g)!.join(':');
}
