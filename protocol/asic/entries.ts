// Entry names of an X-Road ASiC-E container (LOG-004 as corrected by corrections.md §1: the hash-chain
// files sit at the container root; only signatures.xml, timestamp.tst and the two manifests live
// under META-INF/). The reader picks entries by these names exactly as X-Road's AsicHelper does.

export const ASIC_MIMETYPE = 'application/vnd.etsi.asic-e+zip';

export const AsicEntries = {
  mimetype: 'mimetype',
  message: 'message.xml',
  signature: 'META-INF/signatures.xml',
  sigHashChainResult: 'sig-hashchainresult.xml',
  sigHashChain: 'sig-hashchain.xml',
  tsHashChainResult: 'ts-hashchainresult.xml',
  tsHashChain: 'ts-hashchain.xml',
  manifest: 'META-INF/manifest.xml',
  asicManifest: 'META-INF/ASiCManifest.xml',
  timestamp: 'META-INF/timestamp.tst',
} as const;

/** Prefix of REST body / attachment entries (`attachment1`, `attachment2`, ...). */
export const ATTACHMENT_PREFIX = 'attachment';

/**
 * X-Road reads any `META-INF/*signatures*.xml` but later looks up only `META-INF/signatures.xml`;
 * `no-message.asice` carries `META-INF/signature.xml` (singular), which matches neither.
 */
const SIGNATURE_PATTERN = /^META-INF\/.*signatures.*\.xml$/s;

const FIXED_NAMES = Object.values(AsicEntries).filter((n) => n !== AsicEntries.signature);

/** True for an entry X-Road keeps as content (names compared case-insensitively, as X-Road does). */
export function isKnownEntry(name: string): boolean {
  const lower = name.toLowerCase();
  return FIXED_NAMES.some((n) => n.toLowerCase() === lower) || SIGNATURE_PATTERN.test(name);
}

/** Attachments are reduced to SHA-512 digests; X-Road tests only the prefix. */
export function isAttachmentEntry(name: string): boolean {
  return name.startsWith(ATTACHMENT_PREFIX);
}

/** Signature-document URIs carry a leading slash (`/message.xml`); entry names do not. */
export function stripSlash(uri: string): string {
  return uri.startsWith('/') ? uri.slice(1) : uri;
}
