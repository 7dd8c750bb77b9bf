// Byte-level tampering used by peer knobs: each changes exactly one thing in an otherwise valid,
// signed transport message, so the receiver's refusal can be pinned to one check.

/** Flips the case of one letter of the last text content (or one byte), keeping XML well-formed. */
export function tamperText(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  // Prefer a letter between '>' and '<' (element text), so the XML still parses.
  const text = out.toString('latin1');
  const re = />([^<]*[A-Za-z][^<]*)</g;
  let m: RegExpExecArray | null;
  const hits: number[] = [];
  while ((m = re.exec(text))) {
    const inner = m[1]!;
    const i = inner.search(/[A-Za-z]/);
    if (i >= 0) hits.push(m.index + 1 + i);
  }
  // The last text node: in a SOAP message that is inside the Body, so routing is unaffected.
  const at = hits.length > 0 ? hits[hits.length - 1]! : Math.floor(out.length / 2);
  if (out.length === 0) return Buffer.from('x');
  out[at] = out[at]! ^ 0x20;
  return out;
}

/** Flips one bit of a binary body. */
export function tamperBytes(bytes: Buffer): Buffer {
  if (bytes.length === 0) return Buffer.from([0x01]);
  const out = Buffer.from(bytes);
  const at = Math.floor(out.length / 2);
  out[at] = out[at]! ^ 0x01;
  return out;
}

/** Changes one base64 character of the first ds:SignatureValue. */
export function tamperSignatureValue(signatureXml: Buffer): Buffer {
  const text = signatureXml.toString('utf8');
  const m = /<(?:[\w.-]+:)?SignatureValue\b[^>]*>\s*([A-Za-z0-9+/])/.exec(text);
  if (!m) return tamperText(signatureXml);
  const at = m.index + m[0].length - 1;
  const c = text[at]!;
  const replacement = c === 'A' ? 'B' : 'A';
  return Buffer.from(text.slice(0, at) + replacement + text.slice(at + 1), 'utf8');
}

/**
 * Adds a HashValue to the first hash step, so the chain no longer adds up to the signed
 * HashChainResult (invalid_hash_chain). A changed DataRef digest would not do: verifiers use the
 * digest of the data actually received and ignore the one written in the DataRef (as X-Road).
 */
export function tamperHashChain(hashChainXml: string): string {
  const m = /<([\w.-]+:)?HashStep\b[^>]*>/.exec(hashChainXml);
  if (!m) return hashChainXml.replace('STEP', 'STAP');
  const prefix = m[1] ?? '';
  const at = m.index + m[0].length;
  const extra = `<${prefix}HashValue><DigestValue>${Buffer.alloc(64, 1).toString('base64')}</DigestValue></${prefix}HashValue>`;
  return hashChainXml.slice(0, at) + extra + hashChainXml.slice(at);
}
