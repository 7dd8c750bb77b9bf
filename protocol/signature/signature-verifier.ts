// Verifies an X-Road signature document outside ASiC, in X-Road's order (SIG-010,
// SignatureVerifier.verify): schema of the document element's first child, the hash chain when
// SignedInfo references /sig-hashchainresult.xml, signing certificate presence and
// nonRepudiation, signer identity through the CA's certificate profile, SignatureValue and
// reference digests, time-stamp manifests, then certificate path and OCSP at atDate. Each step
// fails with the code X-Road gives for it (see the table in signature-verifier.test.ts).
import type { X509Certificate } from 'node:crypto';
import { ErrorCodes, XRoadError } from '../faults/index.js';
import type { DigestValue } from '../hashchain/digest-list.js';
import { verifyHashChain, type HashChainInputs, type HashChainResolver } from '../hashchain/hash-chain-verifier.js';
import { isAttachment, MESSAGE, SIG_HASH_CHAIN, SIG_HASH_CHAIN_RESULT } from '../hashchain/message-file-names.js';
import type { ClientId, MemberId } from '../identifiers/index.js';
import type { VerificationTrust } from '../trust/index.js';
import type { Element } from '@xmldom/xmldom';
import { childElements, decodeBase64, elementIdIndex, isNamed, type ElementLookup } from '../xml/dom.js';
import { signatureAlgorithmFor } from '../xml/dsig-algorithms.js';
import { NS_DS } from '../xml/namespaces.js';
import type { XmlInput } from '../xml/parse.js';
import { certificateInfo, isSigningCertificate, nameToRfc2253 } from './certificate-info.js';
import { extraCertificates, findIssuingCa, notApprovedError, verifyCertificateChain, withPrefix, type EmbeddedOcspResponse, type IssuerLookup, type IssuingCa } from './cert-path.js';
import { TS_ROOT_MANIFEST_ID } from './constants.js';
import {
  decodeOcspText, ocspResponseTexts, parseCertificate, readReference, readSignatureDocument, referencesUri, signingCertificateText, type SignatureDocument, type SignatureReference,
} from './signature-document.js';
import { certificateForText, ocspResponseFromDer, ocspResponsesByText } from './parse-cache.js';
import { canonicalSignedInfo, checkReferences, type ReferenceResolver } from './signature-references.js';
import { verifyBytes } from './signature-value.js';
import { verifySignerName } from './signer-identity.js';
import { validateSignatureSchema } from './xades-schema.js';

/** A part of the signed message: its bytes, its digest, or both (X-Road MessagePart). */
export interface MessagePart {
  /** `/message.xml`, `/attachment1`, ... */
  name: string;
  data?: Uint8Array;
  digest?: DigestValue;
}

export interface SignatureVerificationInput {
  signatureXml: XmlInput | SignatureDocument;
  /** The member the message names as sender (request: client; SOAP response: service; REST response: x-road-service). */
  signer: ClientId;
  trust: VerificationTrust;
  /** Certificates and OCSP are checked at this instant (ASiC: the time-stamp's genTime). */
  atDate: Date;
  parts?: readonly MessagePart[];
  /** Batch signatures: the HashChainResult the signature references, and this message's HashChain. */
  hashChainResult?: XmlInput;
  hashChain?: XmlInput;
  /** Replaces the default hash-chain resolver (/sig-hashchain.xml -> hashChain, part names -> part data). */
  hashChainResolver?: HashChainResolver;
  /** Replaces the default reference resolver (parts and hashChainResult). */
  resolveReference?: ReferenceResolver;
  /** Default true; ASiC verification turns it off (corrections.md §1). */
  verifySchema?: boolean;
  /** Default findIssuingCa (by issuer name among approved CA certificates). */
  findIssuer?: IssuerLookup;
}

export interface VerifiedSignature {
  document: SignatureDocument;
  signingCert: X509Certificate;
  signerIdentity: MemberId;
  issuingCa: IssuingCa;
  /** The OCSP response (DER) that vouched for the signing certificate. */
  ocspResponse: Buffer;
  extraCertificates: X509Certificate[];
}

function malformed(message: string): XRoadError {
  return new XRoadError(ErrorCodes.malformedSignature, message);
}

function bytesOf(x: XmlInput): Buffer {
  return typeof x === 'string' ? Buffer.from(x, 'utf8') : Buffer.from(x);
}

/** X-Road's SignatureResourceResolverImpl over the caller's parts. */
export function partsReferenceResolver(parts: readonly MessagePart[], hashChainResult?: XmlInput): ReferenceResolver {
  return (uri) => {
    if (uri === SIG_HASH_CHAIN_RESULT) return hashChainResult === undefined ? undefined : { data: bytesOf(hashChainResult) };
    const part = parts.find((p) => p.name === uri);
    if (!part || !(uri === MESSAGE || isAttachment(uri))) return undefined;
    // The message is digested from its bytes; an attachment is taken as the digest given for it.
    if (uri === MESSAGE) return part.data ? { data: part.data } : part.digest ? { digest: part.digest.value } : undefined;
    return part.digest ? { digest: part.digest.value } : part.data ? { data: part.data } : undefined;
  };
}

function hashChainInputs(parts: readonly MessagePart[]): HashChainInputs {
  return new Map(parts.map((p) => [p.name, p.digest ?? null]));
}

function defaultHashChainResolver(parts: readonly MessagePart[], hashChain?: XmlInput): HashChainResolver {
  return {
    resolve: (uri) => {
      if (uri === SIG_HASH_CHAIN) return hashChain === undefined ? undefined : bytesOf(hashChain);
      return parts.find((p) => p.name === uri)?.data;
    },
  };
}

function signingCertificate(doc: SignatureDocument): X509Certificate {
  const text = signingCertificateText(doc);
  if (text === undefined) throw malformed('Signature does not contain signing certificate');
  const cert = certificateForText(text, () => parseCertificate(decodeBase64(text, 'ds:X509Certificate'), 'signing certificate'));
  if (!isSigningCertificate(cert)) {
    throw malformed(`Certificate ${nameToRfc2253(certificateInfo(cert).subject)} is not a signing certificate`);
  }
  return cert;
}

function verifySignatureValue(doc: SignatureDocument, cert: X509Certificate, resolve: ReferenceResolver, byId: ElementLookup): void {
  const alg = signatureAlgorithmFor(doc.signatureMethod);
  if (!alg) throw malformed(`Unsupported signature method ${doc.signatureMethod}`);
  if (!verifyBytes(canonicalSignedInfo(doc), doc.signatureValue, cert.publicKey, alg)) {
    throw new XRoadError(ErrorCodes.invalidSignatureValue, 'Signature is not valid');
  }
  const problem = checkReferences(doc, doc.references, resolve, byId);
  if (problem?.problem === 'unresolved') throw malformed(`Cannot resolve reference ${problem.reference.uri ?? ''}`);
  if (problem) throw new XRoadError(ErrorCodes.invalidSignatureValue, `Signature is not valid: digest of ${problem.reference.uri} does not match`);
}

/** Old-style ts-root-manifest (Signature.getTimestampManifests): every ts-manifest it names must verify. */
function verifyTimestampManifests(doc: SignatureDocument, byId: ElementLookup): void {
  const root = byId(TS_ROOT_MANIFEST_ID);
  if (!root) return;
  const refsOf = (manifest: Element): SignatureReference[] =>
    childElements(manifest).filter((e) => isNamed(e, NS_DS, 'Reference')).map(readReference);
  for (const rootRef of refsOf(root)) {
    const manifest = rootRef.uri ? byId(rootRef.uri) : undefined;
    if (!manifest) continue;
    const problem = checkReferences(doc, refsOf(manifest), () => undefined, byId);
    if (problem) {
      throw new XRoadError('invalid_reference', problem.problem === 'unresolved'
        ? `Could not find ${problem.reference.uri}` : `Timestamp manifest verification failed for ${manifest.getAttribute('Id')}`);
    }
  }
}

function ocspResponses(doc: SignatureDocument): EmbeddedOcspResponse[] {
  // As without the text cache: every text is decoded (a decode error wins) before any is parsed.
  const texts = ocspResponseTexts(doc);
  const known = texts.map((t) => ocspResponsesByText.get(t));
  const ders = texts.map((t, i) => (known[i] ? undefined : decodeOcspText(t)));
  return texts.map((text, i) => {
    const hit = known[i];
    // A copy: the DER goes back to the caller (VerifiedSignature.ocspResponse), the cached one stays ours.
    if (hit) return { der: Buffer.from(hit.der), parsed: hit.parsed };
    const der = ders[i]!;
    let parsed: EmbeddedOcspResponse['parsed'];
    try {
      parsed = ocspResponseFromDer(der);
    } catch (e) {
      throw malformed(`Cannot parse OCSP response in signature: ${(e as Error).message}`);
    }
    ocspResponsesByText.set(text, { der: Buffer.from(der), parsed });
    return { der, parsed };
  });
}

export function verifySignature(input: SignatureVerificationInput): VerifiedSignature {
  const x = input.signatureXml;
  const doc = typeof x === 'string' || x instanceof Uint8Array ? readSignatureDocument(x) : x;
  const parts = input.parts ?? [];

  if (input.verifySchema ?? true) validateSignatureSchema(doc.root);

  if (input.hashChainResult !== undefined && referencesUri(doc, SIG_HASH_CHAIN_RESULT)) {
    try {
      verifyHashChain(input.hashChainResult, input.hashChainResolver ?? defaultHashChainResolver(parts, input.hashChain), hashChainInputs(parts));
    } catch (e) {
      throw withPrefix(ErrorCodes.malformedSignature, e);
    }
  }

  const signingCert = signingCertificate(doc);
  const issuingCa = (input.findIssuer ?? findIssuingCa)(signingCert, input.trust);
  if (!issuingCa) throw notApprovedError();
  const signerIdentity = verifySignerName(signingCert, issuingCa.ca.certificateProfileInfo, input.signer);

  // Every #id below (SignedProperties, manifests, certificate refs) from one walk of the tree.
  const byId = elementIdIndex(doc.document);
  verifySignatureValue(doc, signingCert, input.resolveReference ?? partsReferenceResolver(parts, input.hashChainResult), byId);
  verifyTimestampManifests(doc, byId);

  const extra = extraCertificates(doc, byId);
  const responses = ocspResponses(doc);
  const chain = verifyCertificateChain(signingCert, issuingCa, responses, input.trust, input.atDate);
  return { document: doc, signingCert, signerIdentity, issuingCa, ocspResponse: chain.ocspResponse, extraCertificates: extra };
}
