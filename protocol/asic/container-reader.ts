// Reads an ASiC container from bytes the way X-Road's AsicContainer.read does (CATALOG §1 "ASiC
// reader"): only known entry names are kept, attachmentN entries become SHA-512 digests, anything
// else is ignored; then the structure checks run. Bytes that are not a zip at all give zero
// entries in X-Road (`not-asic.asice` -> asic_mime_type_not_found), whereas a zip that is damaged
// or cut short is unusable input, not a verdict.
import { AsicContainer } from './container.js';
import { checkAsicStructure } from './container-structure.js';
import { isAttachmentEntry, isKnownEntry } from './entries.js';
import { UnusableInputCodes, UnusableInputError } from './unusable-input.js';
import { looksLikeZip, readZipBuffer, type ZipReadOptions } from './zip-buffer-reader.js';

export interface ReadAsicOptions extends ZipReadOptions {
  /** Skip the structure checks (for tools that want to look inside a broken container). */
  skipStructureChecks?: boolean;
}

/** Parses the zip into an AsicContainer without checks. */
export async function parseAsicContainer(bytes: Buffer, options: ReadAsicOptions = {}): Promise<AsicContainer> {
  if (bytes.length === 0) throw new UnusableInputError(UnusableInputCodes.emptyFile, `${options.label ?? 'container'} is empty (0 bytes)`);
  if (!looksLikeZip(bytes)) return new AsicContainer(new Map(), new Map(), []);
  const r = await readZipBuffer(bytes, (name) => (isKnownEntry(name) ? 'keep' : isAttachmentEntry(name) ? 'digest' : 'skip'), options);
  // Later duplicates win, as X-Road's HashMap.put does.
  return new AsicContainer(new Map(r.kept.map((e) => [e.name, e.data])), new Map(r.digests.map((d) => [d.name, d.sha512])), r.names);
}

/**
 * Reads and structure-checks a container.
 * @throws UnusableInputError (empty, corrupted or truncated zip) or XRoadError with an `asic_*` code.
 */
export async function readAsicContainer(bytes: Buffer, options: ReadAsicOptions = {}): Promise<AsicContainer> {
  const c = await parseAsicContainer(bytes, options);
  if (!options.skipStructureChecks) checkAsicStructure(c);
  return c;
}
