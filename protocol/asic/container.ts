// Typed view of an ASiC-E container as X-Road's verifier sees it: the known entries' bytes,
// attachments reduced to SHA-512 digests, and nothing else (unknown entries are not kept).
import { AsicEntries, isAttachmentEntry, stripSlash } from './entries.js';

export class AsicContainer {
  constructor(
    private readonly entries: ReadonlyMap<string, Buffer>,
    private readonly attachmentDigests: ReadonlyMap<string, Buffer>,
    /** Every zip entry name in order, including ignored ones (for reports). */
    readonly entryNames: readonly string[],
  ) {}

  /** Entry bytes by name or by signature URI (`/message.xml`); exact, case-sensitive lookup. */
  getEntry(nameOrUri: string): Buffer | undefined {
    return this.entries.get(stripSlash(nameOrUri));
  }

  hasEntry(nameOrUri: string): boolean {
    return this.entries.has(stripSlash(nameOrUri));
  }

  /** SHA-512 of an attachment entry, by name or URI (`/attachment1`). */
  getAttachmentDigest(nameOrUri: string): Buffer | undefined {
    return this.attachmentDigests.get(stripSlash(nameOrUri));
  }

  isAttachment(nameOrUri: string): boolean {
    return isAttachmentEntry(stripSlash(nameOrUri));
  }

  get attachmentNames(): string[] {
    return [...this.attachmentDigests.keys()];
  }

  get mimeType(): string | undefined {
    return this.getEntry(AsicEntries.mimetype)?.toString('utf8');
  }

  /** message.xml: the SOAP message, or the serialized REST request/response head. */
  get message(): Buffer | undefined {
    return this.getEntry(AsicEntries.message);
  }

  get signatureXml(): Buffer | undefined {
    return this.getEntry(AsicEntries.signature);
  }

  get sigHashChainResult(): Buffer | undefined {
    return this.getEntry(AsicEntries.sigHashChainResult);
  }

  get sigHashChain(): Buffer | undefined {
    return this.getEntry(AsicEntries.sigHashChain);
  }

  get tsHashChainResult(): Buffer | undefined {
    return this.getEntry(AsicEntries.tsHashChainResult);
  }

  get tsHashChain(): Buffer | undefined {
    return this.getEntry(AsicEntries.tsHashChain);
  }

  /** DER of META-INF/timestamp.tst (batch time-stamp); an embedded one lives in the signature. */
  get timestampToken(): Buffer | undefined {
    return this.getEntry(AsicEntries.timestamp);
  }

  get manifest(): Buffer | undefined {
    return this.getEntry(AsicEntries.manifest);
  }

  get asicManifest(): Buffer | undefined {
    return this.getEntry(AsicEntries.asicManifest);
  }

  /** A batch time-stamp covers ts-hashchainresult.xml; otherwise the embedded one covers SignatureValue. */
  get hasBatchTimestamp(): boolean {
    return this.tsHashChainResult !== undefined;
  }
}
