// Request bodies of a given payload size, built once per size: the generator must not spend its
// CPU on building 10 MB strings while it is measuring. SOAP uses the client IS's request builder
// (the same X-Road header the conformance suite sends); REST sends a JSON document.
import { MultipartWriter } from '../protocol/multipart/index.js';
import { buildSoapRequest } from '../simulators/member-systems/index.js';
import type { RequestBody } from './target.js';

/** The X-Road identities a SOAP request names (short string forms). */
export interface SoapIdentities {
  /** INSTANCE/CLASS/CODE[/SUBSYSTEM] */
  client: string;
  /** INSTANCE/CLASS/CODE/SUBSYSTEM/SERVICECODE[/VERSION] */
  service: string;
  /** INSTANCE/CLASS/CODE/SERVERCODE when the client names the provider's server. */
  securityServer?: string;
}

const FILLER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** `n` bytes of XML- and JSON-safe text. */
export function filler(n: number): string {
  return FILLER.repeat(Math.ceil(n / FILLER.length)).slice(0, n);
}

export const ATTACHMENT_CID = 'perf-payload@roadtest';

/** SOAP request with `payloadBytes` in the body, or in one SwA attachment. */
export function soapBody(ids: SoapIdentities, payloadBytes: number, attachments: boolean): RequestBody {
  if (!attachments) {
    const soap = buildSoapRequest({ ...ids, id: `perf-${payloadBytes}`, bodyContent: `<data>${filler(payloadBytes)}</data>` });
    return { bytes: Buffer.from(soap, 'utf8'), contentType: 'text/xml; charset=UTF-8' };
  }
  const soap = buildSoapRequest({ ...ids, id: `perf-att-${payloadBytes}`, bodyContent: '<data>see attachment</data>', wrapperExtra: `<file href="cid:${ATTACHMENT_CID}"/>` });
  const writer = new MultipartWriter({ mediaType: 'multipart/related', params: { type: 'text/xml', charset: 'UTF-8' } });
  writer.add(Buffer.from(soap, 'utf8'), { 'Content-Type': 'text/xml; charset=UTF-8', 'Content-Transfer-Encoding': '8bit' });
  writer.add(Buffer.from(filler(payloadBytes), 'latin1'), { 'Content-Type': 'application/octet-stream', 'Content-ID': `<${ATTACHMENT_CID}>`, 'Content-Transfer-Encoding': 'binary' });
  return { bytes: writer.toBuffer(), contentType: writer.contentType };
}

/** JSON document whose total length is `payloadBytes` (at least the braces). */
export function restBody(payloadBytes: number): RequestBody {
  const overhead = '{"data":""}'.length;
  return { bytes: Buffer.from(`{"data":"${filler(Math.max(0, payloadBytes - overhead))}"}`, 'utf8'), contentType: 'application/json' };
}

/** Opaque bytes (floor calibration). */
export function plainBody(payloadBytes: number): RequestBody {
  return { bytes: Buffer.from(filler(payloadBytes), 'latin1'), contentType: 'application/octet-stream' };
}
