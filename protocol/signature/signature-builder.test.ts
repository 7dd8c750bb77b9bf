import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildHashChains } from '../hashchain/hash-chain-builder.js';
import { canonicalize } from '../xml/c14n.js';
import { elementsByTagName, getElementById } from '../xml/dom.js';
import { digest, DigestMethods, type HashName } from '../xml/dsig-algorithms.js';
import { parseXml } from '../xml/parse.js';
import { toolAvailable, xmlsecVerify } from '../xml/testing/external-tools.js';
import { describeWithVectors, readVector } from '../test-support/vectors.js';
import { addSignatureTimestamp, buildSignature, prepareSignature, type MessageToSign } from './signature-builder.js';
import { readSignatureDocument, signatureTimestampToken } from './signature-document.js';
import { verifySignature, type MessagePart } from './signature-verifier.js';
import { codeOf } from './testing/codes.js';
import { signingFixture, type SigningFixture } from './testing/signing-fixture.js';
import { zipEntry } from '../test-support/zip-entry.js';

const haveXmlsec = toolAvailable('xmlsec1');
const SP_ID_ATTR = 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties';

let rsa: SigningFixture;
let ec: SigningFixture;
beforeAll(async () => {
  [rsa, ec] = await Promise.all([signingFixture('rsa'), signingFixture('ec', true)]);
}, 60_000);

function sign(f: SigningFixture, messages: MessageToSign[], hash: HashName = 'sha512', now = new Date()) {
  return buildSignature({
    signingCert: f.signer.cert, privateKey: f.signer.privateKey, messages, hash, signingTime: now,
    ocspResponses: [f.ocspFor(f.signer, now)],
    extraCertificates: f.pki.intermediateCa ? [f.pki.intermediateCa.cert] : [],
  });
}

function partsOf(m: MessageToSign, hash: HashName, withDigests: boolean): MessagePart[] {
  const all = [m.message, ...(m.attachments ?? [])];
  return all.map((data, i) => ({
    name: i === 0 ? '/message.xml' : `/attachment${i}`,
    data,
    digest: withDigests ? { method: DigestMethods[hash], value: digest(hash, data) } : undefined,
  }));
}

function verifyBuilt(f: SigningFixture, built: ReturnType<typeof sign>, m: MessageToSign, index = 0, hash: HashName = 'sha512', withDigests = true, signatureXml: string | Buffer = built.signatureXml) {
  return codeOf(() => verifySignature({
    signatureXml, signer: f.member, trust: f.trust, atDate: new Date(), parts: partsOf(m, hash, withDigests),
    hashChainResult: built.hashChainResult, hashChain: built.hashChains?.[index],
  }));
}

const soap = (body: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${body}</s:Body></s:Envelope>`);

describe('signature builder: round trips', () => {
  it.each([
    ['rsa', 'sha256'], ['rsa', 'sha384'], ['rsa', 'sha512'], ['ec', 'sha256'], ['ec', 'sha384'], ['ec', 'sha512'],
  ] as const)('single message, %s with %s: our verifier and xmlsec1 accept it', (key, hash) => {
    const f = key === 'rsa' ? rsa : ec;
    const m = { message: soap('<a>ä</a>') };
    const built = sign(f, [m], hash);
    expect(built.hashChainResult).toBeUndefined();
    expect(verifyBuilt(f, built, m, 0, hash)).toBe('ok');
    const doc = readSignatureDocument(built.signatureXml);
    expect(doc.references.map((r) => r.uri)).toEqual(['/message.xml', '#signed-properties']);
    expect(doc.signatureMethod).toMatch(key === 'rsa' ? new RegExp(`rsa-${hash}$`) : new RegExp(`ecdsa-${hash}$`));
    if (haveXmlsec) {
      const r = xmlsecVerify({ signatureXml: built.signatureXml, certPem: f.signer.certPem, urlMap: { '/message.xml': m.message }, idAttrs: [SP_ID_ATTR] });
      expect(r.ok, r.output.slice(0, 500)).toBe(true);
      const tampered = xmlsecVerify({ signatureXml: built.signatureXml, certPem: f.signer.certPem, urlMap: { '/message.xml': soap('<a>a</a>') }, idAttrs: [SP_ID_ATTR] });
      expect(tampered.ok).toBe(false);
    }
  });

  it('ECDSA SignatureValue is raw r||s (SIG-011), not DER', () => {
    const built = sign(ec, [{ message: soap('x') }], 'sha256');
    expect(built.signatureValue.length).toBe(64);
    expect(built.signatureValue[0] === 0x30 && built.signatureValue[1] === built.signatureValue.length - 2).toBe(false);
  });

  it('batch of messages with attachments: each message verifies with its own hash chain; xmlsec1 verifies the signature', () => {
    const messages: MessageToSign[] = [
      { message: soap('<one/>'), attachments: [Buffer.from('att-1'), Buffer.from('att-2')] },
      { message: soap('<two/>') },
      { message: soap('<three/>'), attachments: [Buffer.alloc(0)] },
    ];
    const built = sign(rsa, messages);
    expect(built.hashChains).toHaveLength(3);
    messages.forEach((m, i) => {
      expect(verifyBuilt(rsa, built, m, i)).toBe('ok');
      expect(verifyBuilt(rsa, built, m, i, 'sha512', false)).toBe('ok');
    });
    // message 0's parts against message 1's chain: the chain does not reference them
    expect(verifyBuilt(rsa, built, messages[0], 1)).toMatch(/^malformed_signature\./);
    if (haveXmlsec) {
      const r = xmlsecVerify({ signatureXml: built.signatureXml, certPem: rsa.signer.certPem, urlMap: { '/sig-hashchainresult.xml': built.hashChainResult! }, idAttrs: [SP_ID_ATTR] });
      expect(r.ok, r.output.slice(0, 500)).toBe(true);
    }
  });

  it('a single message with an attachment (SOAP attachment, REST body) is a hash-chain signature (SIG-006)', () => {
    const m = { message: Buffer.from('POST\r\n/r1/DEV/COM/1234/S/x\r\n\r\n'), attachments: [Buffer.from('{"a":1}')] };
    const built = sign(rsa, [m]);
    expect(readSignatureDocument(built.signatureXml).references[0].uri).toBe('/sig-hashchainresult.xml');
    expect(built.hashChains![0]).toContain('<ns2:DataRef URI="/attachment1">');
    expect(built.signatureXml).toContain('<xades:MimeType>application/hash-chain-result</xades:MimeType>');
    expect(verifyBuilt(rsa, built, m)).toBe('ok');
    const tampered = { ...m, attachments: [Buffer.from('{"a":2}')] };
    expect(verifyBuilt(rsa, built, tampered)).toBe('malformed_signature.invalid_hash_chain');
    expect(verifyBuilt(rsa, built, tampered, 0, 'sha512', false)).toBe('malformed_signature.invalid_hash_chain_ref');
  });

  it('uses the hash chain X-Road would build for the same inputs', () => {
    const messages = [{ message: soap('1') }, { message: soap('2') }];
    const built = sign(rsa, messages, 'sha256');
    const expected = buildHashChains(messages.map((m) => [digest('sha256', m.message)]), 'sha256');
    expect(built.hashChainResult).toBe(expected.hashChainResultXml('/sig-hashchain.xml'));
    expect(built.hashChains).toEqual(expected.hashChainXmls('/message.xml'));
  });

  it('embeds intermediate certificates and OCSP as X-Road does, and they pass the extra-certificate checks', () => {
    const m = { message: soap('x') };
    const built = sign(ec, [m]);
    expect(built.signatureXml).toContain('<xades:CompleteCertificateRefs Id="complete-certificate-refs"><xades:CertRefs><xades:Cert URI="#encapsulated-cert-1">');
    expect(built.signatureXml).toContain('<xades:EncapsulatedX509Certificate Id="encapsulated-cert-1">');
    expect(built.signatureXml).toContain('<xades:EncapsulatedOCSPValue Id="ocsp-response-1">');
    const v = verifySignature({ signatureXml: built.signatureXml, signer: ec.member, trust: ec.trust, atDate: new Date(), parts: partsOf(m, 'sha512', true) });
    expect(v.extraCertificates.map((c) => c.raw)).toEqual([ec.pki.intermediateCa!.cert.raw]);
    expect(v.issuingCa.cert.raw).toEqual(ec.pki.intermediateCa!.cert.raw);
    // a changed certificate digest is malformed_signature (extra-certs-digest-invalid.xml)
    const bad = built.signatureXml.replace(/(<xades:Cert URI="#encapsulated-cert-1"><xades:CertDigest><ds:DigestMethod [^>]*\/><ds:DigestValue>)(.)/, (_m, a: string, c: string) => a + (c === 'A' ? 'B' : 'A'));
    expect(verifyBuilt(ec, built, m, 0, 'sha512', true, bad)).toBe('malformed_signature');
  });

  it('checks who signed, the OCSP response and the time', () => {
    const m = { message: soap('x') };
    const now = new Date();
    const built = sign(rsa, [m], 'sha512', now);
    const other = rsa.pki.securityServers.SS2.sign['DEV/GOV/4321'];
    const run = (o: Partial<Parameters<typeof verifySignature>[0]>) => codeOf(() => verifySignature({
      signatureXml: built.signatureXml, signer: rsa.member, trust: rsa.trust, atDate: now, parts: partsOf(m, 'sha512', true), ...o,
    }));
    expect(run({})).toBe('ok');
    expect(run({ signer: { ...rsa.member, memberCode: '4321' } })).toBe('incorrect_certificate');
    expect(run({ atDate: new Date(now.getTime() + 3601_000) })).toBe('invalid_cert_path.incorrect_validation_info');
    // an OCSP response for someone else's certificate: no response for the signer
    const wrongOcsp = buildSignature({ signingCert: rsa.signer.cert, privateKey: rsa.signer.privateKey, messages: [m], ocspResponses: [rsa.ocspFor(other, now)] });
    expect(run({ signatureXml: wrongOcsp.signatureXml })).toBe('invalid_cert_path.cert_validation');
    // a CA the trust does not know: X-Road's getCaCert fails before anything else (signer name step)
    expect(run({ trust: { ...rsa.trust, approvedCas: [] } })).toBe('internal_error');
    // a CA of the same name but another key (the EC fixture's): the path cannot be built
    expect(run({ trust: ec.trust })).toBe('cannot_create_cert_path.internal_error');
    // an authentication certificate cannot sign (SIG-001)
    const auth = rsa.pki.securityServers.SS1.auth;
    const byAuth = buildSignature({ signingCert: auth.cert, privateKey: auth.privateKey, messages: [m], ocspResponses: [rsa.ocspFor(auth, now)] });
    expect(run({ signatureXml: byAuth.signatureXml })).toBe('malformed_signature');
  });

  it('supports external signers: prepare, sign elsewhere, complete', () => {
    const m = { message: soap('ext') };
    const now = new Date();
    const prepared = prepareSignature({ signingCert: rsa.signer.cert, messages: [m], ocspResponses: [rsa.ocspFor(rsa.signer, now)] });
    expect(prepared.dataToBeSigned.toString('utf8')).toMatch(/^<ds:SignedInfo xmlns:asic="[^"]+" xmlns:ds="[^"]+" xmlns:xades="[^"]+" xmlns:xsi="[^"]+">/);
    const good = buildSignature({ signingCert: rsa.signer.cert, privateKey: rsa.signer.privateKey, messages: [m], ocspResponses: [rsa.ocspFor(rsa.signer, now)], signingTime: now });
    expect(verifyBuilt(rsa, good, m)).toBe('ok');
    const forged = prepared.complete(Buffer.alloc(256, 1));
    expect(verifyBuilt(rsa, forged, m)).toBe('invalid_signature_value');
  });

  it('adds a SignatureTimeStamp that readers find and that leaves the signature valid', () => {
    const m = { message: soap('ts') };
    const built = sign(rsa, [m]);
    const stamped = addSignatureTimestamp(built.signatureXml, Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05]));
    expect(signatureTimestampToken(readSignatureDocument(stamped))).toEqual(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05]));
    expect(signatureTimestampToken(readSignatureDocument(built.signatureXml))).toBeUndefined();
    expect(verifyBuilt(rsa, built, m, 0, 'sha512', true, stamped)).toBe('ok');
  });
});

describeWithVectors('signature builder: layout of X-Road\'s own output', () => {
  it('matches valid-signed-message.asice signatures.xml except for values', async () => {
    const real = (await zipEntry(readVector('asic', 'verifier-cli', 'valid-signed-message.asice'), 'META-INF/signatures.xml')).toString('utf8');
    const m = { message: soap('x') };
    const ours = addSignatureTimestamp(sign(rsa, [m]).signatureXml, Buffer.alloc(300, 7));
    const shape = (s: string) => s
      .replace(/<xades:SigningTime>[^<]+</, '<xades:SigningTime>T<')
      .replace(/<ds:X509IssuerName>[^<]+</, '<ds:X509IssuerName>N<')
      .replace(/<ds:X509SerialNumber>\d+</, '<ds:X509SerialNumber>S<')
      .replace(/>[A-Za-z0-9+/=]{20,}(&#13;\n[A-Za-z0-9+/=]+)*</g, '>B64<')
      .replace(/>\n[A-Za-z0-9+/=]{20,}(&#13;\n[A-Za-z0-9+/=]+)*\n</g, '>\nB64\n<');
    expect(shape(ours).split('\n')).toEqual(shape(real).split('\n'));
  });
});

// Property tests: random messages and attachments; any single-byte change to a signed part or to
// the signed XML is rejected with the code X-Road gives.
const bytes = fc.uint8Array({ minLength: 1, maxLength: 200 });
const messageArb = fc.record({ message: bytes, attachments: fc.array(bytes, { maxLength: 3 }) });

describe('signature round trip (fast-check)', () => {
  it('every signature built verifies; a flipped byte in a signed part fails with the X-Road code', () => {
    fc.assert(fc.property(fc.array(messageArb, { minLength: 1, maxLength: 4 }), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), (messages, which, at, xor) => {
      const built = sign(rsa, messages);
      const i = which % messages.length;
      expect(verifyBuilt(rsa, built, messages[i], i)).toBe('ok');
      const parts = [messages[i].message, ...messages[i].attachments];
      const j = Math.floor(which / messages.length) % parts.length;
      const flippedParts = parts.map((p) => Buffer.from(p));
      flippedParts[j][at % flippedParts[j].length] ^= xor;
      const tampered = { message: flippedParts[0], attachments: flippedParts.slice(1) };
      const batch = built.hashChainResult !== undefined;
      // Single message: the /message.xml reference digest fails. Batch: the hash chain fails,
      // on the result when digests are given (as the proxy does), on the DataRef when resolved.
      expect(verifyBuilt(rsa, built, tampered, i)).toBe(batch ? 'malformed_signature.invalid_hash_chain' : 'invalid_signature_value');
      expect(verifyBuilt(rsa, built, tampered, i, 'sha512', false)).toBe(batch ? 'malformed_signature.invalid_hash_chain_ref' : 'invalid_signature_value');
    }), { numRuns: 60 });
  });

  it('a flipped byte in SignedInfo or SignedProperties is rejected, unless it leaves their canonical form unchanged', () => {
    const m = { message: soap('<flip/>') };
    const built = sign(rsa, [m]);
    const xml = Buffer.from(built.signatureXml, 'utf8');
    const text = built.signatureXml;
    const ranges = [
      [text.indexOf('<ds:SignedInfo>'), text.indexOf('</ds:SignedInfo>') + '</ds:SignedInfo>'.length],
      [text.indexOf('<xades:SignedProperties'), text.indexOf('</xades:SignedProperties>') + '</xades:SignedProperties>'.length],
    ].map(([a, b]) => [Buffer.byteLength(text.slice(0, a)), Buffer.byteLength(text.slice(0, b))]);
    const canonicalParts = (x: Uint8Array) => {
      const doc = parseXml(x);
      return canonicalize(elementsByTagName(doc, 'ds:SignedInfo')[0]) + canonicalize(getElementById(doc, 'signed-properties')!);
    };
    const original = canonicalParts(xml);
    const allowed = new Set(['invalid_signature_value', 'invalid_xml', 'malformed_signature']);
    fc.assert(fc.property(fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 255 }), (inProps, at, xor) => {
      const [a, b] = ranges[inProps ? 1 : 0];
      const flipped = Buffer.from(xml);
      flipped[a + (at % (b - a))] ^= xor;
      const code = verifyBuilt(rsa, built, m, 0, 'sha512', true, flipped);
      if (code === 'ok') expect(canonicalParts(flipped)).toBe(original);
      else expect(allowed.has(code), code).toBe(true);
    }), { numRuns: 400 });
  });
});
