// The `linkinginfo` entry of a message-log archive: line 1 `<prevDigest|-> <prevFile|-> <ALG>`,
// then one `<digest> <file>` line per container (X-Road's LinkingInfo). Lines may end in CRLF;
// any other line shape is "Invalid log archive format", as in X-Road.
import { XRoadError } from '../faults/index.js';
import { ArchiveErrorCodes } from './archive-error-codes.js';
import { parseArchiveDigestAlgorithm, type ArchiveDigestAlgorithm } from './archive-digest.js';

export const LINKING_INFO_ENTRY = 'linkinginfo';

export interface LinkingInfo {
  /** Last digest of the previous archive; '' when this archive is the first in the chain. */
  prevDigest: string;
  /** Name of the previous archive file; '' when first. */
  prevFile: string;
  algorithm: ArchiveDigestAlgorithm;
  /** Container lines in file order. */
  entries: { digest: string; file: string }[];
}

function invalid(detail: string): XRoadError {
  return new XRoadError(ArchiveErrorCodes.invalidLinkingInfo, `Invalid log archive format: ${detail}`);
}

export function parseLinkingInfo(text: string): LinkingInfo {
  // Java's split("\\r?\\n") drops trailing empty lines only.
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw invalid('linkinginfo is empty');
  const head = lines[0].split(/\s+/);
  if (head.length < 3) throw invalid(`first line '${lines[0]}' is not '<prevDigest|-> <prevFile|-> <algorithm>'`);
  const algorithm = parseArchiveDigestAlgorithm(head[2]);
  const entries = lines.slice(1).map((line, i) => {
    const parts = line.split(/\s+/);
    if (parts.length !== 2) throw invalid(`line ${i + 2} '${line}' is not '<digest> <file>'`);
    return { digest: parts[0], file: parts[1] };
  });
  return { prevDigest: head[0] === '-' ? '' : head[0], prevFile: head[1] === '-' ? '' : head[1], algorithm, entries };
}

export function buildLinkingInfo(info: LinkingInfo): string {
  const head = `${info.prevDigest || '-'} ${info.prevFile || '-'} ${info.algorithm}\n`;
  return head + info.entries.map((e) => `${e.digest} ${e.file}\n`).join('');
}
