// The verdicts of CATALOG "Security-server-to-security-server transport messages"
// (reference: ProxyMessageDecoderTest). Content types are the ones that test passes.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { parseMultipart } from '../multipart/index.js';
import { describeWithVectors, readVector } from '../test-support/vectors.js';
import { decodeTransportMessage, type DecodeTransportOptions } from './decoder.js';

const TOP = 'multipart/mixed; charset=UTF-8; boundary=xtop1357783211hcn1yiro';
const ATT = 'multipart/mixed; charset=UTF-8; boundary=xtop569125687hcu8vfma';
const transport = (name: string) => readVector('messages', 'proxy-transport', name);
const query = (name: string) => readVector('messages', 'soap-queries', name);

function* chunks(buf: Buffer, n: number): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += n) yield buf.subarray(i, i + n);
}

function decode(body: Buffer, contentType: string, extra: Partial<DecodeTransportOptions> = {}) {
  return decodeTransportMessage(chunks(body, 97), { contentType, hashAlgorithm: 'SHA-512', ...extra });
}

describeWithVectors('transport decoder on X-Road vectors (ProxyMessageDecoder verdicts)', () => {
  it('normal.request: message and signature; message.xml digest is SHA-512 of the exact SOAP part', async () => {
    const body = transport('normal.request');
    const m = await decode(body, TOP);
    expect(m.form).toBe('multipart');
    expect(m.soap?.envelope.header.service?.serviceCode).toBe('getState');
    expect(m.signature?.xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><asic:XAdESSignatures')).toBe(true);
    expect(m.ocspResponses).toHaveLength(0);
    expect(m.fault).toBeUndefined();
    const soapBytes = parseMultipart(body, TOP).parts[0]!.body;
    expect(m.signedParts).toEqual([{ name: '/message.xml', digest: createHash('sha512').update(soapBytes).digest(), data: soapBytes }]);
  });

  it('normal-soapfault.request: the SOAP part is a fault and is reported as such', async () => {
    const m = await decode(transport('normal-soapfault.request'), TOP);
    expect(m.fault?.position).toBe('message');
    expect(m.fault?.envelope.fault).toMatchObject({ faultCode: 'CODE', faultString: 'STRING', faultActor: 'ACTOR', faultDetail: 'DETAIL' });
    expect(m.soap).toBeUndefined();
    expect(m.signature).toBeDefined();
  });

  it('attachment.request: message, one attachment, signature; attachment digested as /attachment1', async () => {
    const m = await decode(transport('attachment.request'), ATT);
    expect(m.soap).toBeDefined();
    expect(m.attachments).toHaveLength(1);
    expect(m.attachments[0]).toMatchObject({ attachmentNo: 1, contentType: 'text/plain', size: 5 });
    expect(m.attachments[0]!.bytes!.toString()).toBe('blaah');
    expect(m.signedParts.map((p) => p.name)).toEqual(['/message.xml', '/attachment1']);
    expect(m.signedParts[1]!.digest).toEqual(createHash('sha512').update('blaah').digest());
    expect(m.signature).toBeDefined();
  });

  it('ocsp.request: OCSP part parsed, message and signature', async () => {
    const m = await decode(transport('ocsp.request'), TOP);
    expect(m.ocspResponses).toHaveLength(1);
    expect(m.ocspResponses[0]!.response.responseStatus).toBe(0);
    expect(m.ocspResponses[0]!.response.basic?.responses.length).toBeGreaterThan(0);
    expect(m.soap).toBeDefined();
    expect(m.signature).toBeDefined();
  });

  it('fault-signature.request: a fault in place of the signature is accepted', async () => {
    const m = await decode(transport('fault-signature.request'), TOP);
    expect(m.fault?.position).toBe('signature');
    expect(m.fault?.envelope.fault?.faultCode).toBe('CODE');
    expect(m.signature).toBeUndefined();
    expect(m.soap).toBeDefined();
  });

  it('fault.query as text/xml: a bare SOAP fault is parsed', async () => {
    const m = await decode(query('fault.query'), 'text/xml');
    expect(m.form).toBe('fault');
    expect(m.fault?.position).toBe('body');
    expect(m.fault?.envelope.fault?.faultString).toBe('STRING');
  });

  it.each([
    ['extracontent.request', TOP, 'invalid_message', 'Extra content (text/plain) after signature'],
    ['invalid-ocsp.request', TOP, 'io_error', 'OCSP'],
    ['invalid-soap-contenttype.request', TOP, 'invalid_content_type', 'Invalid content type for SOAP message: foo/bar'],
    ['invalid-contenttype-signature.request', TOP, 'invalid_content_type', 'instead of signature: foo/bar'],
  ])('%s -> %s', async (name, ct, code, message) => {
    await expect(decode(transport(name), ct)).rejects.toMatchObject({ code, message: expect.stringContaining(message) });
  });

  it('simple.query as text/xml -> invalid_message (plain SOAP where a proxy message is expected)', async () => {
    await expect(decode(query('simple.query'), 'text/xml')).rejects.toMatchObject({ code: 'invalid_message', message: expect.stringContaining('Expected fault message') });
  });

  it('attachm-error.query as multipart/mixed without boundary -> invalid_content_type', async () => {
    await expect(decode(query('attachm-error.query'), 'multipart/mixed')).rejects.toMatchObject({ code: 'invalid_content_type', message: expect.stringContaining('missing required boundary') });
  });

  it('an unknown content type -> invalid_content_type; text/xml when faults are not allowed too', async () => {
    await expect(decode(transport('normal.request'), 'tsdfsdfsdf')).rejects.toMatchObject({ code: 'invalid_content_type', message: 'Invalid content type: tsdfsdfsdf' });
    await expect(decode(query('fault.query'), 'text/xml', { faultAllowed: false })).rejects.toMatchObject({ code: 'invalid_content_type' });
  });

  it('needs x-hash-algorithm once a signed part is met, but not for a fault', async () => {
    await expect(decodeTransportMessage([transport('normal.request')], { contentType: TOP })).rejects.toMatchObject({ code: 'internal_error', message: expect.stringContaining('hash algorithm') });
    await expect(decodeTransportMessage([transport('normal.request')], { contentType: TOP, hashAlgorithm: 'MD4' })).rejects.toMatchObject({ code: 'internal_error' });
    expect((await decodeTransportMessage([query('fault.query')], { contentType: 'text/xml' })).form).toBe('fault');
  });

  it('accepts SHA-256 by name or URI and digests with it', async () => {
    const m = await decode(transport('normal.request'), TOP, { hashAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' });
    expect(m.hashAlgorithm?.name).toBe('SHA-256');
    expect(m.signedParts[0]!.digest).toHaveLength(32);
  });
});
