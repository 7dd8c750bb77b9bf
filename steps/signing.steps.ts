// Message signature steps (features/signing): what the SUT signs, checked as the other security
// server sees it (the recording stand-in provider for requests, the harness consumer for
// responses), and what the SUT accepts from others (the harness consumer's signatures).
import { Given, Then, type DataTable } from '@cucumber/cucumber';
import { handlesOf } from '../harness/environment/environment-handles.js';
import { expectThat } from '../harness/expect/conformance-failure.js';
import { checkHashChain, checkSignatureLayout, signatureFacts, SIGNATURE_METHODS } from '../harness/scenario/signing-layout.js';
import { checkSigningCertificate, signedPieces, type SignedPieces } from '../harness/scenario/signing-parts.js';
import { verifyTransport } from '../harness/scenario/signing-verify.js';
import { signedSoapAnswer } from '../harness/scenario/signing-fake-response.js';
import { signingKey, type SignerChoice } from '../harness/scenario/transport-identities.js';
import { capturedRequest, consumerAnswerOf, standInProvider } from './transport.steps.js';
import type { RoadtestWorld } from './support/world.js';

type Side = 'request' | 'response';

function h(world: RoadtestWorld) {
  return handlesOf(world.env);
}

function peerConf(world: RoadtestWorld) {
  return h(world).peerGlobalConf ?? h(world).globalConf;
}

/** The SUT-made transport message a step talks about: its request (stand-in) or its response (harness consumer). */
function sutMessage(world: RoadtestWorld, side: Side): { body: Buffer; contentType: string; hashAlgorithm?: string } {
  if (side === 'request') {
    const r = capturedRequest(world);
    const get = (n: string) => r.headers.find(([k]) => k.toLowerCase() === n)?.[1];
    return { body: r.body, contentType: get('content-type') ?? '', ...(get('x-hash-algorithm') ? { hashAlgorithm: get('x-hash-algorithm')! } : {}) };
  }
  const a = consumerAnswerOf(world);
  return { body: a.body, contentType: a.headers['content-type'] ?? '', ...(a.headers['x-hash-algorithm'] ? { hashAlgorithm: a.headers['x-hash-algorithm'] } : {}) };
}

function pieces(world: RoadtestWorld, side: Side): SignedPieces {
  const m = sutMessage(world, side);
  try {
    return signedPieces(m.body, m.contentType);
  } catch (e) {
    expectThat(false, `the SUT's ${side} is not a multipart transport message`, { expected: 'multipart/mixed', actual: `${m.contentType}: ${(e as Error).message}` });
  }
}

function sideOf(which: string): Side {
  return which === 'request' ? 'request' : 'response';
}

Then(/^the SUT's (request|response) signature verifies for the (client|provider)'s member$/, async function (this: RoadtestWorld, which: string, party: string) {
  const m = sutMessage(this, sideOf(which));
  const route = this.route();
  const signer = party === 'client' ? route.client : route.provider;
  const verdict = await verifyTransport(peerConf(this), m.body, m.contentType, m.hashAlgorithm, signer);
  expectThat(!verdict.error, `the SUT's ${which} signature does not verify`, {
    expected: `a signature that verifies for the member of ${signer} (hash chain, signer name, SignatureValue, certificate path, OCSP)`,
    actual: `${verdict.error?.code}: ${verdict.error?.message}`,
    requirement: "SIG-001: requests are signed with a key of the client's member, responses with the provider's; SIG-002/SIG-010",
  });
});

Then(/^the signing certificate of the SUT's (request|response) has nonRepudiation and comes from an approved CA$/, function (this: RoadtestWorld, which: string) {
  const p = pieces(this, sideOf(which));
  const cert = p.signatureXml ? signatureFacts(p.signatureXml).signingCert : undefined;
  const problems = cert ? checkSigningCertificate(cert, peerConf(this).trust()) : ['no signing certificate in the signature'];
  expectThat(problems.length === 0, 'the signing certificate is not one X-Road signs with', {
    expected: 'KeyUsage nonRepudiation, issued by an approved CA',
    actual: problems.join('; '),
    requirement: 'SIG-001: signing cert has KU nonRepudiation and is issued by an approvedCA',
  });
});

Then(/^the SUT's (request|response) signature has X-Road's (single-message|batch) layout$/, function (this: RoadtestWorld, which: string, kind: string) {
  const p = pieces(this, sideOf(which));
  const batch = kind === 'batch';
  expectThat(!!p.signatureXml && !!p.message, `the SUT's ${which} has no signature or no message part`, { expected: 'a message part and a signature part', actual: `message ${!!p.message}, signature ${!!p.signatureXml}` });
  expectThat(batch === (p.hashChainResult !== undefined), `the SUT's ${which} is ${p.hashChainResult ? 'batch' : 'singly'} signed`, {
    expected: batch ? 'a hash chain signature (message with attachments / REST body)' : 'a direct signature over /message.xml',
    actual: p.hashChainResult ? 'hash-chain-result present' : 'no hash chain',
    requirement: 'SIG-006: a batch (hash-chain) signature is mandatory when the message has more than one part',
  });
  const signedPart = batch ? Buffer.from(p.hashChainResult!, 'utf8') : p.message!;
  const problems = checkSignatureLayout(p.signatureXml, { batch, signedPart, issuer: h(this).pki.issuingCa.cert });
  expectThat(problems.length === 0, `the SUT's ${which} signature document departs from X-Road's layout`, {
    expected: 'asic:XAdESSignatures/ds:Signature Id=signature, c14n 1.0, reference 0 over the exact part bytes, reference 1 to #signed-properties, XAdES SignedProperties, embedded OCSP',
    actual: problems.join('; '),
    requirement: 'SIG-003..005: signature document, references, XAdES properties',
  });
});

Then(/^the hash chain of the SUT's (request|response) has a DataRef with the SHA-512 of each part it sent$/, function (this: RoadtestWorld, which: string) {
  const p = pieces(this, sideOf(which));
  expectThat(p.hashChainResult !== undefined && p.hashChain !== undefined, 'no hash chain in the message', { expected: 'hash-chain-result and hash-chain parts', actual: 'missing' });
  const parts = [{ name: '/message.xml', bytes: p.message! }, ...p.attachments.map((b, i) => ({ name: `/attachment${i + 1}`, bytes: b }))];
  const problems = checkHashChain(p.hashChainResult, p.hashChain, parts);
  expectThat(problems.length === 0, 'the hash chain does not reference the parts as X-Road does', {
    expected: 'HashChainResult URI=/sig-hashchain.xml#STEP0; DataRef /message.xml and /attachmentN with the SHA-512 of the exact bytes',
    actual: problems.join('; '),
    requirement: 'SIG-007: hash chain XML; SIG-009: part digests over the exact bytes (REST: header part, then body)',
  });
});

Then(/^the SUT's (request|response) signature method suits its signing key$/, function (this: RoadtestWorld, which: string) {
  const p = pieces(this, sideOf(which));
  const f = p.signatureXml ? signatureFacts(p.signatureXml) : undefined;
  const key = f?.signingCert?.publicKey;
  const type = key?.asymmetricKeyType;
  let problem: string | undefined;
  if (!f || !key) problem = 'no signing certificate';
  else if (type === 'ec') {
    const bits = (key.asymmetricKeyDetails?.namedCurve ?? '').includes('384') ? 384 : (key.asymmetricKeyDetails?.namedCurve ?? '').includes('521') ? 521 : 256;
    const rawLength = 2 * Math.ceil(bits / 8);
    if (f.signatureMethod !== SIGNATURE_METHODS.ec) problem = `SignatureMethod ${f.signatureMethod}`;
    else if (f.signatureValue?.length !== rawLength) problem = `SignatureValue is ${f.signatureValue?.length} bytes, not the raw r||s form (${rawLength})`;
  } else if (f.signatureMethod !== SIGNATURE_METHODS.rsa) problem = `SignatureMethod ${f.signatureMethod} for an RSA key`;
  else if (f.signatureValue?.length !== (key.asymmetricKeyDetails?.modulusLength ?? 0) / 8) problem = `SignatureValue is ${f.signatureValue?.length} bytes for a ${key.asymmetricKeyDetails?.modulusLength}-bit key`;
  expectThat(problem === undefined, 'the signature method does not suit the signing key', {
    expected: type === 'ec' ? 'ecdsa-sha512 with a raw r||s SignatureValue' : 'rsa-sha512 with a modulus-sized SignatureValue',
    actual: problem ?? '',
    requirement: 'SIG-003: SignatureMethod per key; SIG-011: ECDSA values in XMLDSig raw (r||s) form',
  });
});

Then('the SUT answers the consumer with a fault mentioning one of:', function (this: RoadtestWorld, table: DataTable) {
  const text = consumerAnswerOf(this).body.toString('utf8');
  const words = table.raw().map((r) => r[0]!);
  expectThat(words.some((w) => text.includes(w)), 'the fault does not say what was wrong', { expected: `a faultstring with one of: ${words.join(' | ')}`, actual: text.slice(0, 400) });
});

const SIGNED_ANSWERS: Record<string, { signer: SignerChoice; ocsp: 'good' | 'stale' | 'revoked' }> = {
  "correctly by the provider's member": { signer: 'peer', ocsp: 'good' },
  "with a certificate of the SUT's member": { signer: 'sut-member-sign', ocsp: 'good' },
  "with the provider's authentication certificate": { signer: 'peer-auth', ocsp: 'good' },
  'with a stale OCSP response in the signature': { signer: 'peer', ocsp: 'stale' },
};

Given("the provider's security server is a stand-in that answers with a response signed {}", async function (this: RoadtestWorld, how: string) {
  const choice = SIGNED_ANSWERS[how];
  if (!choice) throw new Error(`unknown signed answer "${how}"; known: ${Object.keys(SIGNED_ANSWERS).join('; ')}`);
  const key = await signingKey(h(this), choice.signer, choice.ocsp);
  await standInProvider(this, 'its registered auth certificate', { kind: 'build', build: (req) => signedSoapAnswer(req, key) });
});
