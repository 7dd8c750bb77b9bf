// The signature builder canonicalises SignedProperties and SignedInfo without parsing the whole
// document (written-c14n.ts). The algorithm it replaced — parse the full document twice, take
// the elements from it — is kept below verbatim as the reference, and every output byte
// (dataToBeSigned, the finished signature document, the hash chains) must match it for RSA and EC
// keys, single, attachment and batch signatures, with and without embedded CA certificates and
// OCSP responses, and for a signing certificate whose issuer name takes the parsing fallback.
import { sign, type KeyObject, type X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate, type IssuedCert } from '../../simulators/pki/index.js';
import { buildHashChains } from '../hashchain/hash-chain-builder.js';
import { MESSAGE, SIG_HASH_CHAIN, SIG_HASH_CHAIN_RESULT } from '../hashchain/message-file-names.js';
import { C14N_10 } from '../xml/c14n.js';
import { escapeXmlAttr, escapeXmlText, getElementById } from '../xml/dom.js';
import { digest, digestMethodFor, type HashName } from '../xml/dsig-algorithms.js';
import { NS_ASIC, NS_DS, NS_XADES, NS_XSI } from '../xml/namespaces.js';
import { parseXml } from '../xml/parse.js';
import { certificateInfo, nameToRfc2253 } from './certificate-info.js';
import {
  COMPLETE_CERTIFICATE_REFS_ID, ENCAPSULATED_CERT_ID_PREFIX, MESSAGE_REFERENCE_ID, MIME_HASH_CHAIN_RESULT, MIME_TEXT_XML, OCSP_RESPONSE_ID_PREFIX,
  SIGNATURE_ID, SIGNATURE_POLICY_DESCRIPTION, SIGNATURE_POLICY_IDENTIFIER, SIGNATURE_POLICY_SHA512, SIGNATURE_POLICY_SPURI, SIGNATURE_VALUE_ID,
  SIGNED_PROPERTIES_ID, SIGNED_PROPERTIES_REFERENCE_ID, SIGNED_PROPERTIES_TYPE,
} from './constants.js';
import { buildSignature, prepareSignature, type BuiltSignature, type MessageToSign, type PreparedSignature, type SignatureBuildOptions } from './signature-builder.js';
import { canonicalizeElement } from './signature-references.js';
import { signatureAlgorithmForKey } from './signature-value.js';
import { verifySignature } from './signature-verifier.js';
import { codeOf } from './testing/codes.js';
import { signingFixture, type SigningFixture } from './testing/signing-fixture.js';

const CRLF_ESCAPED = '&#13;\n';

function b64Lines(data: Uint8Array): string {
  const s = Buffer.from(data).toString('base64');
  return (s.match(/.{1,76}/g) ?? ['']).join(CRLF_ESCAPED);
}

function b64(data: Uint8Array): string {
  return Buffer.from(data).toString('base64');
}

const VALUE_PLACEHOLDER = '\u0000SIGNATURE-VALUE\u0000';

// ---- reference: prepareSignature as it was before written-c14n.ts (commit a453953) ----
function referencePrepare(options: SignatureBuildOptions, publicKeyOf: KeyObject = options.signingCert.publicKey): PreparedSignature {
  if (options.messages.length === 0) throw new RangeError('Nothing to sign');
  const hash = options.hash ?? 'sha512';
  const method = digestMethodFor(hash);
  const algorithm = signatureAlgorithmForKey(publicKeyOf, hash);
  const batch = options.messages.length > 1 || (options.messages[0].attachments?.length ?? 0) > 0;

  let hashChainResult: string | undefined;
  let hashChains: string[] | undefined;
  let dataUri = MESSAGE;
  let data: Uint8Array = options.messages[0].message;
  if (batch) {
    const chains = buildHashChains(options.messages.map((m) => [m.message, ...(m.attachments ?? [])].map((p) => digest(hash, p))), hash);
    hashChainResult = chains.hashChainResultXml(SIG_HASH_CHAIN);
    hashChains = chains.hashChainXmls(MESSAGE);
    dataUri = SIG_HASH_CHAIN_RESULT;
    data = Buffer.from(hashChainResult, 'utf8');
  }

  const cert = options.signingCert;
  const certDigestAndIssuer = (c: X509Certificate) =>
    `<xades:CertDigest><ds:DigestMethod Algorithm="${method}"/><ds:DigestValue>${b64(digest(hash, c.raw))}</ds:DigestValue></xades:CertDigest>` +
    `<xades:IssuerSerial><ds:X509IssuerName>${escapeXmlText(nameToRfc2253(certificateInfo(c).issuer))}</ds:X509IssuerName>` +
    `<ds:X509SerialNumber>${certificateInfo(c).serialNumber}</ds:X509SerialNumber></xades:IssuerSerial>`;
  const extra = options.extraCertificates ?? [];
  const signedProperties =
    `<xades:SignedProperties Id="${SIGNED_PROPERTIES_ID}"><xades:SignedSignatureProperties>` +
    `<xades:SigningTime>${(options.signingTime ?? new Date()).toISOString()}</xades:SigningTime>` +
    `<xades:SigningCertificate><xades:Cert>${certDigestAndIssuer(cert)}</xades:Cert></xades:SigningCertificate>` +
    '<xades:SignaturePolicyIdentifier><xades:SignaturePolicyId><xades:SigPolicyId>' +
    `<xades:Identifier Qualifier="OIDAsURN">${SIGNATURE_POLICY_IDENTIFIER}</xades:Identifier><xades:Description>${SIGNATURE_POLICY_DESCRIPTION}</xades:Description>` +
    `</xades:SigPolicyId><xades:SigPolicyHash><ds:DigestMethod Algorithm="${digestMethodFor('sha512')}"/><ds:DigestValue>${SIGNATURE_POLICY_SHA512}</ds:DigestValue></xades:SigPolicyHash>` +
    `<xades:SigPolicyQualifiers><xades:SigPolicyQualifier><xades:SPURI>${SIGNATURE_POLICY_SPURI}</xades:SPURI></xades:SigPolicyQualifier></xades:SigPolicyQualifiers>` +
    '</xades:SignaturePolicyId></xades:SignaturePolicyIdentifier></xades:SignedSignatureProperties>' +
    `<xades:SignedDataObjectProperties><xades:DataObjectFormat ObjectReference="#${MESSAGE_REFERENCE_ID}">` +
    `<xades:MimeType>${batch ? MIME_HASH_CHAIN_RESULT : MIME_TEXT_XML}</xades:MimeType></xades:DataObjectFormat></xades:SignedDataObjectProperties>` +
    '</xades:SignedProperties>';
  const unsigned =
    '<xades:UnsignedProperties><xades:UnsignedSignatureProperties>' +
    (extra.length === 0 ? '' :
      `<xades:CompleteCertificateRefs Id="${COMPLETE_CERTIFICATE_REFS_ID}"><xades:CertRefs>` +
      extra.map((c, i) => `<xades:Cert URI="#${ENCAPSULATED_CERT_ID_PREFIX}${i + 1}">${certDigestAndIssuer(c)}</xades:Cert>`).join('') +
      '</xades:CertRefs></xades:CompleteCertificateRefs><xades:CertificateValues>' +
      extra.map((c, i) => `<xades:EncapsulatedX509Certificate Id="${ENCAPSULATED_CERT_ID_PREFIX}${i + 1}">${b64(c.raw)}</xades:EncapsulatedX509Certificate>`).join('') +
      '</xades:CertificateValues>') +
    '<xades:RevocationValues><xades:OCSPValues>' +
    (options.ocspResponses ?? []).map((o, i) => `<xades:EncapsulatedOCSPValue Id="${OCSP_RESPONSE_ID_PREFIX}${i + 1}">${b64(o)}</xades:EncapsulatedOCSPValue>`).join('') +
    '</xades:OCSPValues></xades:RevocationValues></xades:UnsignedSignatureProperties></xades:UnsignedProperties>';

  const reference = (attrs: string, digestValue: string) =>
    `<ds:Reference ${attrs}>\n<ds:DigestMethod Algorithm="${method}"/>\n<ds:DigestValue>${digestValue}</ds:DigestValue>\n</ds:Reference>\n`;
  const documentText = (spDigest: string, value: string) =>
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>' +
    `<asic:XAdESSignatures xmlns:asic="${NS_ASIC}" xmlns:ds="${NS_DS}" xmlns:xades="${NS_XADES}" xmlns:xsi="${NS_XSI}">` +
    `<ds:Signature Id="${SIGNATURE_ID}">\n<ds:SignedInfo>\n` +
    `<ds:CanonicalizationMethod Algorithm="${C14N_10}"/>\n<ds:SignatureMethod Algorithm="${algorithm.uri}"/>\n` +
    reference(`Id="${MESSAGE_REFERENCE_ID}" URI="${escapeXmlAttr(dataUri)}"`, b64Lines(digest(hash, data))) +
    reference(`Id="${SIGNED_PROPERTIES_REFERENCE_ID}" Type="${SIGNED_PROPERTIES_TYPE}" URI="#${SIGNED_PROPERTIES_ID}"`, spDigest) +
    `</ds:SignedInfo>\n<ds:SignatureValue Id="${SIGNATURE_VALUE_ID}">\n${value}\n</ds:SignatureValue>\n` +
    `<ds:KeyInfo>\n<ds:X509Data>\n<ds:X509Certificate>\n${b64Lines(cert.raw)}\n</ds:X509Certificate>\n</ds:X509Data>\n</ds:KeyInfo>\n` +
    `<ds:Object><xades:QualifyingProperties Target="#${SIGNATURE_ID}">${signedProperties}${unsigned}</xades:QualifyingProperties></ds:Object>\n` +
    '</ds:Signature></asic:XAdESSignatures>';

  // SignedProperties is digested, and SignedInfo signed, in the context of the finished document.
  const draft = parseXml(documentText('', ''));
  const spDigest = b64Lines(digest(hash, canonicalizeElement(getElementById(draft, SIGNED_PROPERTIES_ID)!, C14N_10)));
  const withDigests = documentText(spDigest, VALUE_PLACEHOLDER);
  const signedInfo = parseXml(withDigests.replace(VALUE_PLACEHOLDER, '')).getElementsByTagNameNS(NS_DS, 'SignedInfo')[0]!;
  const dataToBeSigned = canonicalizeElement(signedInfo, C14N_10);

  return {
    algorithm,
    dataToBeSigned,
    complete(signatureValue: Uint8Array): BuiltSignature {
      return { signatureXml: withDigests.replace(VALUE_PLACEHOLDER, b64(signatureValue)), signatureValue: Buffer.from(signatureValue), hashChainResult, hashChains };
    },
  };
}

// ---- end of reference ----

let rsa: SigningFixture;
let ec: SigningFixture;
/**
 * Sign certificates under CAs with awkward names: markup characters, a CR (written `&#13;`) and
 * non-BMP text, which the direct canonicaliser handles; and a C0 control character, which it
 * leaves to the parsing fallback (xmldom accepts it, so the reference does too).
 */
const ODD_NAMES = { markup: 'A&B <C> é 𝌆 \r\n\tend', control: 'ctl \u0001 char' };
const odd: Record<keyof typeof ODD_NAMES, { ca: IssuedCert; signer: IssuedCert }> = {} as never;
beforeAll(async () => {
  [rsa, ec] = await Promise.all([signingFixture('rsa'), signingFixture('ec', true)]);
  for (const [k, cn] of Object.entries(ODD_NAMES) as Array<[keyof typeof ODD_NAMES, string]>) {
    const ca = await issueCertificate('self', { name: `odd-ca-${k}`, subject: [['C', 'FI'], ['CN', cn]], profile: 'ca', keyAlgorithm: 'ec' });
    odd[k] = { ca, signer: await issueCertificate(ca, { name: `odd-sign-${k}`, subject: [['C', 'FI'], ['CN', 'signer']], profile: 'sign', keyAlgorithm: 'ec' }) };
  }
}, 60_000);

const soap = (body: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${body}</s:Body></s:Envelope>`);
const at = new Date('2026-11-23T07:30:00.123Z');

function expectSameAsReference(options: SignatureBuildOptions): void {
  const ours = prepareSignature(options);
  const reference = referencePrepare(options);
  expect(ours.algorithm).toEqual(reference.algorithm);
  expect(ours.dataToBeSigned.toString('utf8')).toBe(reference.dataToBeSigned.toString('utf8'));
  expect(ours.dataToBeSigned.equals(reference.dataToBeSigned)).toBe(true);
  const value = Buffer.from(Array.from({ length: 64 }, (_, i) => i * 7));
  expect(ours.complete(value)).toEqual(reference.complete(value));
}

const MESSAGE_SETS: Array<[string, MessageToSign[]]> = [
  ['one message', [{ message: soap('<a>ä</a>') }]],
  ['one 1 kB message', [{ message: soap(`<p>${'x'.repeat(900)}</p>`) }]],
  ['a message with attachments', [{ message: soap('<b/>'), attachments: [Buffer.from('att 1'), Buffer.alloc(3000, 7)] }]],
  ['a batch of three', [{ message: soap('<c1/>') }, { message: soap('<c2/>'), attachments: [Buffer.from('x')] }, { message: Buffer.from('{"rest":1}') }]],
];

describe('prepareSignature equals the full-parse reference byte for byte', () => {
  for (const key of ['rsa', 'ec'] as const) {
    for (const [what, messages] of MESSAGE_SETS) {
      for (const hash of ['sha256', 'sha512'] as HashName[]) {
        it(`${key}, ${what}, ${hash}, with and without extra certificates and OCSP responses`, () => {
          const f = key === 'rsa' ? rsa : ec;
          const chains: X509Certificate[][] = [[], [f.pki.rootCa.cert], [f.pki.intermediateCa?.cert ?? f.pki.ocspSigner.cert, f.pki.rootCa.cert]];
          const ocsps: Buffer[][] = [[], [f.ocspFor(f.signer, at)], [f.ocspFor(f.signer, at), f.ocspFor(f.signer, new Date(at.getTime() - 1000))]];
          for (const extraCertificates of chains) {
            for (const ocspResponses of ocsps) {
              expectSameAsReference({ signingCert: f.signer.cert, messages, hash, signingTime: at, extraCertificates, ocspResponses });
            }
          }
        });
      }
    }
  }

  it('for any signing time and message bytes', () => {
    fc.assert(fc.property(fc.date({ min: new Date(0), max: new Date(253402300799000), noInvalidDate: true }), fc.uint8Array({ maxLength: 200 }), (signingTime, bytes) => {
      expectSameAsReference({ signingCert: rsa.signer.cert, messages: [{ message: bytes }], signingTime, ocspResponses: [rsa.ocspFor(rsa.signer, at)] });
    }), { numRuns: 40 });
  });

  it.each([
    ['markup characters, a CR and non-BMP text (direct)', 'markup', '\r'],
    ['a C0 control character (parsing fallback)', 'control', '\u0001'],
  ] as const)('for an issuer name with %s', (_what, k, char) => {
    const { ca, signer } = odd[k];
    expect(nameToRfc2253(certificateInfo(signer.cert).issuer)).toContain(char);
    expectSameAsReference({ signingCert: signer.cert, messages: [{ message: soap('<d/>') }], signingTime: at, extraCertificates: [ca.cert] });
    expectSameAsReference({ signingCert: signer.cert, messages: [{ message: soap('<d/>'), attachments: [Buffer.from('a')] }], signingTime: at });
  });

  it('buildSignature (RSA PKCS#1 v1.5 is deterministic) gives the reference document, which verifies', () => {
    const messages = [{ message: soap('<e/>') }];
    const now = new Date();
    const options = { signingCert: rsa.signer.cert, messages, signingTime: now, ocspResponses: [rsa.ocspFor(rsa.signer, now)] };
    const built = buildSignature({ ...options, privateKey: rsa.signer.privateKey });
    const reference = referencePrepare(options);
    const { signatureXml } = reference.complete(sign('sha512', reference.dataToBeSigned, rsa.signer.privateKey));
    expect(built.signatureXml).toBe(signatureXml);
    expect(codeOf(() => verifySignature({
      signatureXml: built.signatureXml, signer: rsa.member, trust: rsa.trust, atDate: now,
      parts: [{ name: '/message.xml', data: messages[0].message }],
    }))).toBe('ok');
  });
});
