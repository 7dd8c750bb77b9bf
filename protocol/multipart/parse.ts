// Whole-buffer multipart parsing for small messages (global configuration directories, OCSP
// download answers, test fixtures). Same scanner as the streaming reader; bodies are views
// into the input, so `part.body` is exactly the transmitted bytes.
import { ErrorCodes, XRoadError } from '../faults/index.js';
import type { ContentType } from '../mime/content-type.js';
import type { PartHeaders } from './part-headers.js';
import { resolveBoundary, type ReadMultipartOptions } from './reader.js';
import { MultipartScanner, type ScanEvent } from './scanner.js';

export interface ParsedPart {
  readonly index: number;
  readonly headers: PartHeaders;
  readonly mediaType: string | undefined;
  /** Exact body bytes (a view into the input). */
  readonly body: Buffer;
  /** Parsed sub-parts when the part is itself multipart/* and `nested` was requested. */
  readonly nested?: ParsedMultipart;
}

export interface ParsedMultipart {
  readonly boundary: string;
  readonly parts: readonly ParsedPart[];
}

export interface ParseMultipartOptions extends ReadMultipartOptions {
  /** Also parse parts whose Content-Type is multipart/* (recursively, up to `maxDepth`). */
  nested?: boolean;
  /** Deepest nesting parsed (default 4). */
  maxDepth?: number;
}

export function parseMultipart(
  body: Buffer,
  contentTypeOrBoundary: string | ContentType,
  options: ParseMultipartOptions = {},
): ParsedMultipart {
  return parseAt(body, contentTypeOrBoundary, options, 0);
}

function parseAt(body: Buffer, ct: string | ContentType, options: ParseMultipartOptions, depth: number): ParsedMultipart {
  const boundary = resolveBoundary(ct);
  const scanner = new MultipartScanner(boundary, options);
  const events: ScanEvent[] = [];
  scanner.write(body, events);
  scanner.end(events);
  const parts: ParsedPart[] = [];
  let current: { index: number; headers: PartHeaders; chunks: Buffer[] } | undefined;
  for (const ev of events) {
    if (ev.kind === 'part') current = { index: ev.index, headers: ev.headers, chunks: [] };
    else if (ev.kind === 'data') current!.chunks.push(ev.chunk);
    else if (ev.kind === 'part-end') {
      const c = current!;
      // A whole-buffer scan yields one view per body; concat only if the scanner split it.
      const partBody = c.chunks.length === 1 ? c.chunks[0]! : Buffer.concat(c.chunks);
      const mediaType = c.headers.mediaType;
      let nested: ParsedMultipart | undefined;
      if (options.nested && mediaType?.startsWith('multipart/')) {
        if (depth + 1 > (options.maxDepth ?? 4)) {
          throw new XRoadError(ErrorCodes.mimeParsingFailed, `multipart nested deeper than ${options.maxDepth ?? 4} levels`);
        }
        nested = parseAt(partBody, c.headers.get('content-type')!, options, depth + 1);
      }
      parts.push(nested ? { index: c.index, headers: c.headers, mediaType, body: partBody, nested } : { index: c.index, headers: c.headers, mediaType, body: partBody });
      current = undefined;
    }
  }
  return { boundary, parts };
}
