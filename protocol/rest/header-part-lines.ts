// Line layer shared by the serialised REST header parts (TRANSP-015): the reference writes
// `Name:Value` CRLF with no space after the colon and reads lines with Java's readLine
// (LF, CR or CRLF end a line). Errors mirror the reference, whose IllegalArgumentException
// becomes `internal_error` (ErrorCodes.translateException).
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { SKIPPED_HEADERS, type HeaderList } from './headers.js';

export function partError(message: string): XRoadError {
  return new XRoadError(ErrorCodes.internalError, message);
}

/** Splits like BufferedReader.readLine: a final line break does not produce an empty last line. */
export function readLines(bytes: Buffer): string[] {
  const text = bytes.toString('utf8');
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '' && /[\r\n]$/.test(text)) lines.pop();
  return lines;
}

/** `Name:Value` -> [name, value]; the value is not trimmed (the bytes are signed). */
export function splitHeaderLine(line: string): [string, string] {
  if (line.length === 0) throw partError('Invalid header: empty line in REST header part');
  const i = line.indexOf(':');
  if (i < 0) throw partError(`Invalid header: no ':' in '${line.slice(0, 80)}'`);
  const name = line.slice(0, i);
  if (SKIPPED_HEADERS.has(name.toLowerCase())) throw partError(`Invalid header: ${name} must not be in a REST header part`);
  return [name, line.slice(i + 1)];
}

export function serializeHeaderLines(headers: HeaderList): string {
  let out = '';
  for (const [n, v] of headers) {
    if (/[\r\n:]/.test(n) || /[\r\n]/.test(v)) throw partError(`refusing to serialise header '${n}' (line break or ':' in name)`);
    out += `${n}:${v}\r\n`;
  }
  return out;
}
