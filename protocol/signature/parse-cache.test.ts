// The text-keyed certificate/OCSP caches of the signature verifier: a warm cache (the good
// signature verified first) must give every tampered document the verdict a cold one gives, and
// nothing a caller does with a returned value may reach the next verification.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClientId } from '../identifiers/index.js';
import type { VerificationTrust } from '../trust/index.js';
import { digest, DigestMethods } from '../xml/dsig-algorithms.js';
import { buildSignature } from './signature-builder.js';
import { clearTextCaches } from './parse-cache.js';
import { verifySignature, type MessagePart } from './signature-verifier.js';
import { codeOf } from './testing/codes.js';
import { signingFixture } from './testing/signing-fixture.js';

let good: string;
let verify: (xml: string) => ReturnType<typeof verifySignature>;

beforeAll(async () => {
  const f = await signingFixture('rsa', true);
  const now = new Date();
  const message = Buffer.from('<m>hello</m>');
  good = buildSignature({
    signingCert: f.signer.cert, privateKey: f.signer.privateKey, messages: [{ message }],
    extraCertificates: [f.pki.intermediateCa!.cert], ocspResponses: [f.ocspFor(f.signer, now)],
  }).signatureXml;
  const parts: MessagePart[] = [{ name: '/message.xml', data: message, digest: { method: DigestMethods.sha512, value: digest('sha512', message) } }];
  const signer: ClientId = f.member;
  const trust: VerificationTrust = f.trust;
  verify = (xml) => verifySignature({ signatureXml: Buffer.from(xml), signer, trust, atDate: now, parts });
});

/** The text of the first element named `tag`. */
function textIn(xml: string, tag: string): string {
  const start = xml.indexOf('>', xml.indexOf(`<${tag}`)) + 1;
  return xml.slice(start, xml.indexOf(`</${tag}>`, start));
}

function withText(xml: string, tag: string, text: string): string {
  return xml.replace(textIn(xml, tag), text);
}

/** Code with empty caches, and after the good document has filled them. */
function coldAndWarm(xml: string): [string, string] {
  clearTextCaches();
  const cold = codeOf(() => verify(xml));
  expect(codeOf(() => verify(good))).toBe('ok');
  return [cold, codeOf(() => verify(xml))];
}

describe('text-keyed certificate and OCSP caches', () => {
  it('verify a repeated signature to the same certificate objects, and hand out OCSP DER a caller may scribble on', () => {
    clearTextCaches();
    const first = verify(good);
    const second = verify(good);
    expect(second.signingCert).toBe(first.signingCert);
    expect(second.extraCertificates[0]).toBe(first.extraCertificates[0]);
    const embedded = Buffer.from(textIn(good, 'xades:EncapsulatedOCSPValue'), 'base64');
    expect(second.ocspResponse.equals(embedded)).toBe(true);
    second.ocspResponse.fill(0);
    first.ocspResponse.fill(0);
    const third = verify(good);
    expect(third.ocspResponse.equals(embedded)).toBe(true);
  });

  it('a corrupt or mismatching certificate fails warm as it fails cold', () => {
    const extra = textIn(good, 'xades:EncapsulatedX509Certificate');
    const cases = {
      corruptExtraDer: withText(good, 'xades:EncapsulatedX509Certificate', `AAAA${extra.slice(4)}`),
      junkExtra: withText(good, 'xades:EncapsulatedX509Certificate', `${extra}*`),
      wrongCertDigest: good.replace(/(<xades:CertRefs>[\s\S]*?<ds:DigestValue>)./, (_m, head: string) => `${head}${head.endsWith('A') ? 'B' : 'A'}`),
      // The signing certificate replaced by the intermediate CA, whose text the good run cached.
      caAsSigningCert: withText(good, 'ds:X509Certificate', extra),
      junkSigningCert: withText(good, 'ds:X509Certificate', '!!!!'),
    };
    for (const [name, xml] of Object.entries(cases)) {
      expect(xml, name).not.toBe(good);
      const [cold, warm] = coldAndWarm(xml);
      expect(cold, name).toBe('malformed_signature');
      expect(warm, name).toBe(cold);
    }
  });

  it('a corrupt OCSP value fails warm as it fails cold', () => {
    const ocsp = textIn(good, 'xades:EncapsulatedOCSPValue');
    for (const bad of [`${ocsp}*`, `AAAA${ocsp.slice(4)}`, ocsp.slice(0, -8)]) {
      const xml = withText(good, 'xades:EncapsulatedOCSPValue', bad);
      const [cold, warm] = coldAndWarm(xml);
      expect(cold).toBe('malformed_signature');
      expect(warm).toBe(cold);
    }
  });
});
