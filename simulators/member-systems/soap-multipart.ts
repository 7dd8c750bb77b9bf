// A SOAP message with attachments as a member system sends it, to a client proxy (client IS) or
// back as an answer (provider IS): multipart/related whose root part is the SOAP text, as SwA
// (root text/xml) or MTOM (root application/xop+xml, MESS-016), each attachment a further part.
import { MultipartWriter } from '../../protocol/multipart/index.js';
import type { Attachment } from './provider-behaviour.js';

/** The multipart body and its Content-Type; the SOAP bytes go in unchanged (8bit). */
export function soapMultipart(soap: Buffer, attachments: readonly Attachment[], mtom: boolean): { body: Buffer; contentType: string } {
  const writer = mtom
    ? new MultipartWriter({ mediaType: 'multipart/related', params: { type: 'application/xop+xml', 'start-info': 'text/xml', charset: 'UTF-8' } })
    : new MultipartWriter({ mediaType: 'multipart/related', params: { type: 'text/xml', charset: 'UTF-8' } });
  writer.add(soap, {
    'Content-Type': mtom ? 'application/xop+xml; charset=UTF-8; type="text/xml"' : 'text/xml; charset=UTF-8',
    'Content-Transfer-Encoding': '8bit',
  });
  for (const a of attachments) writer.add(Buffer.from(a.body), { 'Content-Type': a.contentType, ...(a.headers ?? {}) });
  return { body: writer.toBuffer(), contentType: writer.contentType };
}
