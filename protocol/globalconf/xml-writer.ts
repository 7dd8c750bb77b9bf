// Text-level XML writing for the files we generate: predictable bytes (the signed directory hashes
// them), the layout X-Road's JAXB marshaller produces (4-space indent, standalone="yes").

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `<tag>value</tag>` at the given indent, value escaped. */
export function textElement(indent: string, tag: string, value: string | number | boolean): string {
  return `${indent}<${tag}>${xmlEscape(String(value))}</${tag}>`;
}

export function base64Element(indent: string, tag: string, der: Uint8Array): string {
  return `${indent}<${tag}>${Buffer.from(der).toString('base64')}</${tag}>`;
}
