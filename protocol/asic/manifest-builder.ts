// The two manifests an X-Road container carries: META-INF/manifest.xml (OpenDocument, lists every
// non-META-INF entry) and, with a batch time-stamp, META-INF/ASiCManifest.xml (names timestamp.tst
// as the signature over ts-hashchainresult.xml). Layout follows X-Road's output byte for byte in
// spirit (valid-non-batch-rest.asice), including the ETSI namespace it writes (`2918`, sic).
import { createHash } from 'node:crypto';
import { ASIC_MIMETYPE, AsicEntries } from './entries.js';

function xmlAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

export interface ManifestFile {
  path: string;
  mediaType: string;
}

export function buildOpenDocumentManifest(files: ManifestFile[]): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">',
    `    <manifest:file-entry manifest:media-type="${ASIC_MIMETYPE}" manifest:full-path="/"/>`,
    ...files.map((f) => `    <manifest:file-entry manifest:media-type="${xmlAttr(f.mediaType)}" manifest:full-path="${xmlAttr(f.path)}"/>`),
    '</manifest:manifest>',
  ];
  return lines.join('\n') + '\n';
}

/** ASiCManifest for a batch time-stamp: SHA-512 over the exact ts-hashchainresult.xml bytes. */
export function buildAsicManifest(tsHashChainResult: Buffer): string {
  const digest = createHash('sha512').update(tsHashChainResult).digest('base64');
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<asic:ASiCManifest xmlns:asic="http://uri.etsi.org/2918/v1.2.1#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">',
    `<asic:SigReference URI="${AsicEntries.timestamp}" MimeType="vnd.etsi.timestamp-token"/>`,
    `<asic:DataObjectReference URI="${AsicEntries.tsHashChainResult}" MimeType="text/xml">`,
    '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha512" />',
    `<ds:DigestValue>${digest}</ds:DigestValue>`,
    '</asic:DataObjectReference>',
    '</asic:ASiCManifest>',
  ].join('\n');
}
