// Edits to a finished XAdES signature document, each breaking one thing a verifier checks
// (SIG-010: the signing certificate must be in KeyInfo; SIG-011: ECDSA values are XMLDSig raw
// r||s, so the DER form X.509 tools produce must be refused). Text edits, because the point is
// to send exactly the broken bytes.

/** Removes ds:KeyInfo: "Signature does not contain signing certificate". */
export function dropKeyInfo(xml: string): string {
  const out = xml.replace(/<(\w+:)?KeyInfo\b[\s\S]*?<\/\1?KeyInfo>/, '');
  if (out === xml) throw new Error('the signature has no KeyInfo to drop');
  return out;
}

function derInteger(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  let v = b.subarray(i);
  if (v[0]! & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
  return Buffer.concat([Buffer.from([0x02, v.length]), v]);
}

/** ECDSA-Sig-Value DER (SEQUENCE { r INTEGER, s INTEGER }) of a raw r||s value. */
export function ecdsaRawToDerValue(raw: Buffer): Buffer {
  if (raw.length % 2 !== 0 || raw.length > 132) throw new Error(`not a raw ECDSA value (${raw.length} bytes)`);
  const half = raw.length / 2;
  const body = Buffer.concat([derInteger(raw.subarray(0, half)), derInteger(raw.subarray(half))]);
  const len = body.length < 0x80 ? Buffer.from([body.length]) : Buffer.from([0x81, body.length]);
  return Buffer.concat([Buffer.from([0x30]), len, body]);
}

/** Rewrites ds:SignatureValue from raw r||s to DER (what a non-XMLDSig ECDSA signer would write). */
export function rawEcdsaToDer(xml: string): string {
  return xml.replace(/(<(\w+:)?SignatureValue\b[^>]*>)([^<]*)(<\/\2?SignatureValue>)/, (_m, open: string, _p, value: string, close: string) => {
    const der = ecdsaRawToDerValue(Buffer.from(value.replace(/\s+/g, ''), 'base64'));
    return `${open}${der.toString('base64')}${close}`;
  });
}
