// A provider-SS answer the harness signs itself (SIG-002, OCSP-007 with the SUT as consumer): the
// provider IS's echo of the request with the provider's requestHash inserted (MESS-013/014),
// signed with whatever key and embedded OCSP a scenario picks, encoded as X-Road's multipart
// response. The recording stand-in (transport-capture.ts) answers with it, so the SUT's checks
// of a response's signer and signature OCSP can be seen from outside.
import { buildSignature } from '../../protocol/signature/signature-builder.js';
import { computeRequestHash, parseSoapEnvelope, replaceRequestHash } from '../../protocol/soap/index.js';
import { TransportMessageEncoder, transportResponseHeaders } from '../../protocol/transport/index.js';
import { soapEchoResponse } from '../../simulators/member-systems/index.js';
import type { CapturedAnswer, CapturedRequest } from './transport-capture.js';
import type { SigningKey } from './transport-consumer.js';
import { decodeTransport } from './signing-verify.js';

export async function signedSoapAnswer(req: CapturedRequest, key: SigningKey): Promise<CapturedAnswer> {
  const get = (n: string) => req.headers.find(([k]) => k.toLowerCase() === n)?.[1];
  const decoded = await decodeTransport(req.body, get('content-type') ?? '', get('x-hash-algorithm'));
  if (!decoded.soap) throw new Error('the stand-in can only answer SOAP requests with a signed response');
  const requestBytes = decoded.soap.bytes;
  const echo = parseSoapEnvelope(Buffer.from(soapEchoResponse(requestBytes.toString('utf8')), 'utf8'), { contentType: 'text/xml; charset=UTF-8' });
  const answer = Buffer.from(replaceRequestHash(echo, computeRequestHash(requestBytes)), 'utf8');
  const built = buildSignature({ signingCert: key.cert, privateKey: key.key, messages: [{ message: answer }], ocspResponses: key.ocsp });
  const enc = new TransportMessageEncoder();
  enc.soap(answer);
  enc.signature(built.signatureXml);
  const headers: Record<string, string> = { 'content-type': enc.contentType };
  for (const [n, v] of transportResponseHeaders({ originalContentType: 'text/xml; charset=UTF-8' })) headers[n] = v;
  return { status: 200, headers, body: await enc.toBuffer() };
}
