import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseMultipart } from '../multipart/index.js';
import { buildRestRequestPart, buildRestResponsePart, restRequestHash, restRequestHashMatches } from '../rest/index.js';
import { parseClientIdPath, parseServiceIdPath } from '../identifiers/index.js';
import { decodeTransportMessage } from './decoder.js';
import { TransportMessageEncoder } from './encoder.js';
import { checkTransportRequest } from './request-checks.js';
import { readTransportHeaders, transportRequestHeaders, transportResponseHeaders } from './transport-headers.js';

const SOAP = `<?xml version="1.0" encoding="utf-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xroad="http://x-road.eu/xsd/xroad.xsd" xmlns:id="http://x-road.eu/xsd/identifiers">
<SOAP-ENV:Header>
<xroad:protocolVersion>4.0</xroad:protocolVersion>
<xroad:client id:objectType="SUBSYSTEM"><id:xRoadInstance>EE</id:xRoadInstance><id:memberClass>GOV</id:memberClass><id:memberCode>1234</id:memberCode><id:subsystemCode>CLIENT</id:subsystemCode></xroad:client>
<xroad:service id:objectType="SERVICE"><id:xRoadInstance>EE</id:xRoadInstance><id:memberClass>GOV</id:memberClass><id:memberCode>5678</id:memberCode><id:subsystemCode>P</id:subsystemCode><id:serviceCode>getState</id:serviceCode></xroad:service>
<xroad:id>id-1</xroad:id>
</SOAP-ENV:Header>
<SOAP-ENV:Body><xroad:getState>a</xroad:getState></SOAP-ENV:Body>
</SOAP-ENV:Envelope>`;
const FAULT = `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>Server.X</faultcode><faultstring>late</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
// A minimal DER OCSPResponse: SEQUENCE { ENUMERATED 6 (unauthorized) } parses as an OCSPResponse.
const OCSP_UNAUTHORIZED = Buffer.from('30030a0106', 'hex');

const sha512 = (b: Buffer | string) => createHash('sha512').update(b).digest();

async function* slowly(parts: Buffer[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield p;
}

describe('TransportMessageEncoder -> decoder round trip', () => {
  it('SOAP with OCSP, buffered and streamed attachments, batch hash chain and a signature computed after streaming', async () => {
    const enc = new TransportMessageEncoder({ boundaryId: 'TESTID' });
    let seen: string[] = [];
    enc
      .ocspResponse(OCSP_UNAUTHORIZED)
      .soap(SOAP, 'text/xml; charset=UTF-8')
      .attachment(Buffer.from('first'), 'text/plain', { 'Content-Id': '<a1>' })
      .attachment(slowly([Buffer.from('sec'), Buffer.from('ond\r\n--xat')]), 'application/octet-stream')
      .hashChain('<hcr/>', '<hc/>')
      .signature((parts) => {
        seen = parts.map((p) => p.name);
        return '<sig/>';
      });
    expect(enc.contentType).toBe('multipart/mixed; charset=UTF-8; boundary=xtopTESTID');
    const body = await enc.toBuffer();
    expect(seen).toEqual(['/message.xml', '/attachment1', '/attachment2']);

    const top = parseMultipart(body, enc.contentType);
    expect(top.parts.map((p) => p.mediaType)).toEqual([
      'application/ocsp-response', 'text/xml', 'multipart/mixed', 'application/hash-chain-result', 'application/hash-chain', 'signature/bdoc-1.0/ts',
    ]);
    expect(top.parts[2]!.headers.get('content-type')).toBe('multipart/mixed; charset=UTF-8; boundary=xattTESTID');

    const m = await decodeTransportMessage(slowly([body.subarray(0, 100), body.subarray(100)]), { contentType: enc.contentType, hashAlgorithm: 'SHA-512' });
    expect(m.ocspResponses[0]!.response.responseStatus).toBe(6);
    expect(m.soap!.bytes.toString()).toBe(SOAP);
    expect(m.attachments.map((a) => a.bytes!.toString())).toEqual(['first', 'second\r\n--xat']);
    expect(m.attachments[0]!.headers.get('content-id')).toBe('<a1>');
    expect(m.hashChainResult).toBe('<hcr/>');
    expect(m.hashChain).toBe('<hc/>');
    expect(m.signature!.xml).toBe('<sig/>');
    expect(m.signedParts.map((p) => [p.name, p.digest.toString('hex')])).toEqual(enc.signedParts.map((p) => [p.name, p.digest.toString('hex')]));
    expect(m.signedParts[2]!.digest).toEqual(sha512('second\r\n--xat'));
    checkTransportRequest(m, { rest: false });
  });

  it('REST request with body: header part, body digest and the provider-side request hash', async () => {
    const header = buildRestRequestPart({
      method: 'POST',
      path: '/r1/EE/GOV/5678/P/pets',
      query: 'x=1',
      headers: [['X-Road-Client', 'EE/GOV/1234/CLIENT'], ['Content-Type', 'application/json']],
      requestId: 'rid',
      queryId: 'EE-q',
    });
    const enc = new TransportMessageEncoder().ocspResponse(OCSP_UNAUTHORIZED).restRequest(header).restBody('{"a":1}').signature('<sig/>');
    const m = await decodeTransportMessage([await enc.toBuffer()], { contentType: enc.contentType, hashAlgorithm: 'SHA-512' });
    expect(m.rest?.kind).toBe('request');
    expect(m.rest!.part.bytes).toEqual(header.bytes);
    expect(m.restBody!.bytes!.toString()).toBe('{"a":1}');
    expect(m.signedParts.map((p) => p.name)).toEqual(['/message.xml', '/attachment1']);
    const hash = restRequestHash(m.rest!.kind === 'request' ? m.rest!.part.canonicalBytes : Buffer.alloc(0), m.restBody!.digest);
    expect(restRequestHashMatches(hash, restRequestHash(header.bytes, sha512('{"a":1}')))).toBe(true);
    checkTransportRequest(m, { rest: true });
    expect(() => checkTransportRequest(m, { rest: false })).toThrow(expect.objectContaining({ code: 'missing_soap' }));
  });

  it('REST response with a late SOAP fault instead of the signature', async () => {
    const part = buildRestResponsePart({
      status: 200, reason: 'OK', headers: [], client: parseClientIdPath('EE/GOV/1234/CLIENT'), service: parseServiceIdPath('EE/GOV/5678/P/pets'),
      queryId: 'q', requestId: 'r', requestHash: sha512('x'),
    });
    const enc = new TransportMessageEncoder().restResponse(part).restBody(Buffer.alloc(0)).fault(FAULT);
    const m = await decodeTransportMessage([await enc.toBuffer()], { contentType: enc.contentType, hashAlgorithm: 'SHA-512' });
    expect(m.rest?.kind).toBe('response');
    expect(m.restBody?.size).toBe(0);
    expect(m.fault?.position).toBe('signature');
    expect(m.fault?.envelope.fault?.faultString).toBe('late');
  });
});

describe('decoder refuses tampered transport messages', () => {
  const opts = (ct: string) => ({ contentType: ct, hashAlgorithm: 'SHA-512' });

  it('signature before the SOAP part -> invalid_content_type', async () => {
    const enc = new TransportMessageEncoder().signature('<sig/>').soap(SOAP);
    await expect(decodeTransportMessage([await enc.toBuffer()], opts(enc.contentType))).rejects.toMatchObject({ code: 'invalid_content_type', message: expect.stringContaining('for SOAP message: signature/bdoc-1.0/ts') });
  });
  it('two signatures -> invalid_message', async () => {
    const enc = new TransportMessageEncoder().soap(SOAP).signature('<a/>').signature('<b/>');
    await expect(decodeTransportMessage([await enc.toBuffer()], opts(enc.contentType))).rejects.toMatchObject({ code: 'invalid_message' });
  });
  it('attachments after a REST header part -> invalid_content_type (REST carries no attachments)', async () => {
    const header = buildRestRequestPart({ method: 'GET', path: '/r1/EE/GOV/5678/P/s', headers: [], requestId: 'r' });
    const enc = new TransportMessageEncoder().restRequest(header).attachment('x').signature('<s/>');
    await expect(decodeTransportMessage([await enc.toBuffer()], opts(enc.contentType))).rejects.toMatchObject({ code: 'invalid_content_type' });
  });
  it('a late text/xml that is not a fault -> invalid_content_type', async () => {
    const enc = new TransportMessageEncoder().soap(SOAP).fault(SOAP);
    await expect(decodeTransportMessage([await enc.toBuffer()], opts(enc.contentType))).rejects.toMatchObject({ code: 'invalid_content_type', message: expect.stringContaining('instead of signature: text/xml') });
  });
  it('oversized signature or hash chain -> io_error', async () => {
    const enc = new TransportMessageEncoder().soap(SOAP).signature('x'.repeat(2000));
    await expect(decodeTransportMessage([await enc.toBuffer()], { ...opts(enc.contentType), maxSignatureBytes: 1000 })).rejects.toMatchObject({ code: 'io_error', message: expect.stringContaining('signature part exceeds 1000') });
    const enc2 = new TransportMessageEncoder().soap(SOAP).hashChain('x'.repeat(2000), '<hc/>').signature('<s/>');
    await expect(decodeTransportMessage([await enc2.toBuffer()], { ...opts(enc2.contentType), maxHashChainBytes: 1000 })).rejects.toMatchObject({ code: 'io_error', message: expect.stringContaining('hash chain result') });
  });
  it('garbage in an OCSP part -> io_error; a truncated body -> mime_parsing_failed', async () => {
    const enc = new TransportMessageEncoder().ocspResponse(Buffer.from('OCSP RESPONSE DUMMY')).soap(SOAP).signature('<s/>');
    await expect(decodeTransportMessage([await enc.toBuffer()], opts(enc.contentType))).rejects.toMatchObject({ code: 'io_error' });
    const good = await new TransportMessageEncoder({ boundaryId: 'B' }).soap(SOAP).signature('<s/>').toBuffer();
    await expect(decodeTransportMessage([good.subarray(0, good.length - 12)], opts('multipart/mixed; boundary=xtopB'))).rejects.toMatchObject({ code: 'mime_parsing_failed' });
  });
  it('an invalid SOAP part keeps the SOAP parser code', async () => {
    const enc = new TransportMessageEncoder().soap('<notxml').signature('<s/>');
    await expect(decodeTransportMessage([await enc.toBuffer()], opts(enc.contentType))).rejects.toMatchObject({ code: 'invalid_soap' });
  });
  it('checkTransportRequest: OCSP, message and signature are required', async () => {
    const noOcsp = await decodeTransportMessage([await new TransportMessageEncoder({ boundaryId: 'C' }).soap(SOAP).signature('<s/>').toBuffer()], opts('multipart/mixed; boundary=xtopC'));
    expect(() => checkTransportRequest(noOcsp, { rest: false })).toThrow(expect.objectContaining({ code: 'ssl_authentication_failed', message: expect.stringContaining('OCSP response is missing') }));
    checkTransportRequest(noOcsp, { rest: false, requireOcsp: false });
    const noSig = await decodeTransportMessage([await new TransportMessageEncoder({ boundaryId: 'D' }).ocspResponse(OCSP_UNAUTHORIZED).soap(SOAP).toBuffer()], opts('multipart/mixed; boundary=xtopD'));
    expect(() => checkTransportRequest(noSig, { rest: false })).toThrow(expect.objectContaining({ code: 'missing_signature' }));
    expect(() => checkTransportRequest(noSig, { rest: true })).toThrow(expect.objectContaining({ code: 'missing_rest' }));
  });
});

describe('transport HTTP headers (TRANSP-004, TRANSP-006)', () => {
  it('writes and reads the consumer request headers', () => {
    const soap = transportRequestHeaders({ requestId: 'r', originalContentType: 'text/xml; charset=UTF-8', proxyVersion: '7.8.0', soapAction: '"urn:x"' });
    expect(soap).toEqual([
      ['x-road-request-id', 'r'], ['x-hash-algorithm', 'SHA-512'], ['x-original-content-type', 'text/xml; charset=UTF-8'], ['x-proxy-version', '7.8.0'], ['x-original-soapaction', '"urn:x"'],
    ]);
    const rest = readTransportHeaders(transportRequestHeaders({ requestId: 'r', proxyVersion: '7.8.0', rest: true, soapAction: 'ignored' }));
    expect(rest).toMatchObject({ requestId: 'r', hashAlgorithm: 'SHA-512', proxyVersion: '7.8.0', isRest: true, messageType: 'REST' });
    expect(rest.originalSoapAction).toBeUndefined();
    expect(readTransportHeaders([['X-Road-Message-Type', 'soap']]).isRest).toBe(false);
    expect(transportResponseHeaders({ originalContentType: 'text/xml' })).toEqual([['x-hash-algorithm', 'SHA-512'], ['x-original-content-type', 'text/xml']]);
  });
});
