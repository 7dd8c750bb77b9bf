// The schema check X-Road runs before verifying a signature outside ASiC (SignatureVerifier
// .verifySchema → xades-schema.xsd, XAdES 1.3.2 importing XML-DSig core): it validates the FIRST
// CHILD of the document element (corrections.md §1) — ds:Signature in X-Road's own layout, but
// ds:SignedInfo when the document element is ds:Signature (the second layout). The content models
// below transcribe the two XSDs (vectors/schemas/xades-schema.xsd, xmldsig-core-schema.xsd);
// wildcards are validated laxly. Failures are `malformed_signature` (sign-0-schema-fail.xml).
import type { Element, Node } from '@xmldom/xmldom';
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { childElements, isElement } from '../xml/dom.js';
import { NS_DS, NS_XADES, NS_XMLNS, NS_XSI } from '../xml/namespaces.js';

type Particle =
  | { el: string; min?: number; max?: number }
  | { seq: Particle[]; min?: number; max?: number }
  | { choice: Particle[]; min?: number; max?: number }
  | { any: 'any' | 'other'; strict?: boolean; min?: number; max?: number };

type Text = 'string' | 'base64' | 'dateTime' | 'integer' | 'uri' | 'qualifier';

interface TypeDef {
  model?: Particle;
  text?: Text;
  mixed?: boolean;
  /** attribute name -> required */
  attrs?: Record<string, boolean>;
}

const U = Infinity;
const ds = (n: string, min = 1, max = 1): Particle => ({ el: `ds:${n}`, min, max });
const xa = (n: string, min = 1, max = 1): Particle => ({ el: `xades:${n}`, min, max });
const ID = { Id: false };

// xades:AnyType's anyAttribute is strict and nothing declares global attributes: no attribute is valid.
const anyType: TypeDef = { mixed: true, model: { any: 'any', min: 0, max: U } };
const encapsulated: TypeDef = { text: 'base64', attrs: { Id: false, Encoding: false } };
const digestAlgAndValue: TypeDef = { model: { seq: [ds('DigestMethod'), ds('DigestValue')] } };
const certIdList: TypeDef = { model: xa('Cert', 1, U) };
const objectIdentifier: TypeDef = { model: { seq: [xa('Identifier'), xa('Description', 0), xa('DocumentationReferences', 0)] } };
const timeStamp: TypeDef = {
  model: { seq: [xa('Include', 0, U), ds('CanonicalizationMethod', 0), { choice: [xa('EncapsulatedTimeStamp'), xa('XMLTimeStamp')], min: 1, max: U }] },
  attrs: ID,
};
const completeCertificateRefs: TypeDef = { model: xa('CertRefs'), attrs: ID };
const completeRevocationRefs: TypeDef = { model: { seq: [xa('CRLRefs', 0), xa('OCSPRefs', 0), xa('OtherRefs', 0)] }, attrs: ID };
const certificateValues: TypeDef = { model: { choice: [xa('EncapsulatedX509Certificate'), xa('OtherCertificate')], min: 0, max: U }, attrs: ID };
const revocationValues: TypeDef = { model: { seq: [xa('CRLValues', 0), xa('OCSPValues', 0), xa('OtherValues', 0)] }, attrs: ID };
const str: TypeDef = { text: 'string' };

const TYPES: Record<string, TypeDef> = {
  // XML-DSig core
  'ds:Signature': { model: { seq: [ds('SignedInfo'), ds('SignatureValue'), ds('KeyInfo', 0), ds('Object', 0, U)] }, attrs: ID },
  'ds:SignatureValue': { text: 'base64', attrs: ID },
  'ds:SignedInfo': { model: { seq: [ds('CanonicalizationMethod'), ds('SignatureMethod'), ds('Reference', 1, U)] }, attrs: ID },
  'ds:CanonicalizationMethod': { mixed: true, model: { any: 'any', strict: true, min: 0, max: U }, attrs: { Algorithm: true } },
  'ds:SignatureMethod': { mixed: true, model: { seq: [ds('HMACOutputLength', 0), { any: 'other', strict: true, min: 0, max: U }] }, attrs: { Algorithm: true } },
  'ds:HMACOutputLength': { text: 'integer' },
  'ds:Reference': { model: { seq: [ds('Transforms', 0), ds('DigestMethod'), ds('DigestValue')] }, attrs: { Id: false, URI: false, Type: false } },
  'ds:Transforms': { model: ds('Transform', 1, U) },
  'ds:Transform': { mixed: true, model: { choice: [{ any: 'other' }, ds('XPath')], min: 0, max: U }, attrs: { Algorithm: true } },
  'ds:XPath': str,
  'ds:DigestMethod': { mixed: true, model: { any: 'other', min: 0, max: U }, attrs: { Algorithm: true } },
  'ds:DigestValue': { text: 'base64' },
  'ds:KeyInfo': {
    mixed: true,
    model: { choice: [ds('KeyName'), ds('KeyValue'), ds('RetrievalMethod'), ds('X509Data'), ds('PGPData'), ds('SPKIData'), ds('MgmtData'), { any: 'other' }], min: 1, max: U },
    attrs: ID,
  },
  'ds:KeyName': str,
  'ds:MgmtData': str,
  'ds:KeyValue': { mixed: true, model: { choice: [ds('DSAKeyValue'), ds('RSAKeyValue'), { any: 'other' }] } },
  'ds:RSAKeyValue': { model: { seq: [ds('Modulus'), ds('Exponent')] } },
  'ds:Modulus': { text: 'base64' },
  'ds:Exponent': { text: 'base64' },
  'ds:DSAKeyValue': anyType,
  'ds:PGPData': anyType,
  'ds:SPKIData': anyType,
  'ds:RetrievalMethod': { model: ds('Transforms', 0), attrs: { URI: false, Type: false } },
  'ds:X509Data': {
    model: { choice: [ds('X509IssuerSerial'), ds('X509SKI'), ds('X509SubjectName'), ds('X509Certificate'), ds('X509CRL'), { any: 'other' }], min: 1, max: U },
  },
  'ds:X509IssuerSerial': { model: { seq: [ds('X509IssuerName'), ds('X509SerialNumber')] } },
  'ds:X509IssuerName': str,
  'ds:X509SerialNumber': { text: 'integer' },
  'ds:X509SKI': { text: 'base64' },
  'ds:X509SubjectName': str,
  'ds:X509Certificate': { text: 'base64' },
  'ds:X509CRL': { text: 'base64' },
  'ds:Object': { mixed: true, model: { any: 'any', min: 0, max: U }, attrs: { Id: false, MimeType: false, Encoding: false } },
  'ds:Manifest': { model: ds('Reference', 1, U), attrs: ID },
  'ds:SignatureProperties': { model: ds('SignatureProperty', 1, U), attrs: ID },
  'ds:SignatureProperty': { mixed: true, model: { any: 'other', min: 1, max: U }, attrs: { Target: true, Id: false } },
  // XAdES 1.3.2
  'xades:Any': anyType,
  'xades:ObjectIdentifier': objectIdentifier,
  'xades:Identifier': { text: 'qualifier', attrs: { Qualifier: false } },
  'xades:Description': str,
  'xades:DocumentationReferences': { model: xa('DocumentationReference', 1, U) },
  'xades:DocumentationReference': { text: 'uri' },
  'xades:EncapsulatedPKIData': encapsulated,
  'xades:Include': { attrs: { URI: true, referencedData: false } },
  'xades:ReferenceInfo': { model: { seq: [ds('DigestMethod'), ds('DigestValue')] }, attrs: { Id: false, URI: false } },
  'xades:XAdESTimeStamp': timeStamp,
  'xades:EncapsulatedTimeStamp': encapsulated,
  'xades:XMLTimeStamp': anyType,
  'xades:QualifyingProperties': { model: { seq: [xa('SignedProperties', 0), xa('UnsignedProperties', 0)] }, attrs: { Target: true, Id: false } },
  'xades:SignedProperties': { model: { seq: [xa('SignedSignatureProperties', 0), xa('SignedDataObjectProperties', 0)] }, attrs: ID },
  'xades:UnsignedProperties': { model: { seq: [xa('UnsignedSignatureProperties', 0), xa('UnsignedDataObjectProperties', 0)] }, attrs: ID },
  'xades:SignedSignatureProperties': {
    model: { seq: [xa('SigningTime', 0), xa('SigningCertificate', 0), xa('SignaturePolicyIdentifier', 0), xa('SignatureProductionPlace', 0), xa('SignerRole', 0)] },
    attrs: ID,
  },
  'xades:SignedDataObjectProperties': {
    model: { seq: [xa('DataObjectFormat', 0, U), xa('CommitmentTypeIndication', 0, U), xa('AllDataObjectsTimeStamp', 0, U), xa('IndividualDataObjectsTimeStamp', 0, U)] },
    attrs: ID,
  },
  'xades:UnsignedSignatureProperties': {
    model: {
      choice: [xa('CounterSignature'), xa('SignatureTimeStamp'), xa('CompleteCertificateRefs'), xa('CompleteRevocationRefs'), xa('AttributeCertificateRefs'),
        xa('AttributeRevocationRefs'), xa('SigAndRefsTimeStamp'), xa('RefsOnlyTimeStamp'), xa('CertificateValues'), xa('RevocationValues'),
        xa('AttrAuthoritiesCertValues'), xa('AttributeRevocationValues'), xa('ArchiveTimeStamp'), { any: 'other', strict: true }],
      min: 1,
      max: U,
    },
    attrs: ID,
  },
  'xades:UnsignedDataObjectProperties': { model: xa('UnsignedDataObjectProperty', 1, U), attrs: ID },
  'xades:UnsignedDataObjectProperty': anyType,
  'xades:QualifyingPropertiesReference': { attrs: { URI: true, Id: false } },
  'xades:SigningTime': { text: 'dateTime' },
  'xades:SigningCertificate': certIdList,
  'xades:CertRefs': certIdList,
  'xades:Cert': { model: { seq: [xa('CertDigest'), xa('IssuerSerial')] }, attrs: { URI: false } },
  'xades:CertDigest': digestAlgAndValue,
  'xades:DigestAlgAndValue': digestAlgAndValue,
  'xades:SigPolicyHash': digestAlgAndValue,
  'xades:IssuerSerial': { model: { seq: [ds('X509IssuerName'), ds('X509SerialNumber')] } },
  'xades:SignaturePolicyIdentifier': { model: { choice: [xa('SignaturePolicyId'), xa('SignaturePolicyImplied')] } },
  'xades:SignaturePolicyImplied': anyType,
  'xades:SignaturePolicyId': { model: { seq: [xa('SigPolicyId'), ds('Transforms', 0), xa('SigPolicyHash'), xa('SigPolicyQualifiers', 0)] } },
  'xades:SigPolicyId': objectIdentifier,
  'xades:SigPolicyQualifiers': { model: xa('SigPolicyQualifier', 1, U) },
  'xades:SigPolicyQualifier': anyType,
  'xades:SPURI': { text: 'uri' },
  'xades:SPUserNotice': { model: { seq: [xa('NoticeRef', 0), xa('ExplicitText', 0)] } },
  'xades:NoticeRef': { model: { seq: [xa('Organization'), xa('NoticeNumbers')] } },
  'xades:Organization': str,
  'xades:NoticeNumbers': { model: xa('int', 0, U) },
  'xades:int': { text: 'integer' },
  'xades:ExplicitText': str,
  'xades:CounterSignature': { model: ds('Signature') },
  'xades:DataObjectFormat': { model: { seq: [xa('Description', 0), xa('ObjectIdentifier', 0), xa('MimeType', 0), xa('Encoding', 0)] }, attrs: { ObjectReference: true } },
  'xades:MimeType': str,
  'xades:Encoding': { text: 'uri' },
  'xades:CommitmentTypeIndication': {
    model: { seq: [xa('CommitmentTypeId'), { choice: [xa('ObjectReference', 1, U), xa('AllSignedDataObjects')] }, xa('CommitmentTypeQualifiers', 0)] },
  },
  'xades:CommitmentTypeId': objectIdentifier,
  'xades:ObjectReference': { text: 'uri' },
  'xades:AllSignedDataObjects': anyType,
  'xades:CommitmentTypeQualifiers': { model: xa('CommitmentTypeQualifier', 0, U) },
  'xades:CommitmentTypeQualifier': anyType,
  'xades:SignatureProductionPlace': { model: { seq: [xa('City', 0), xa('StateOrProvince', 0), xa('PostalCode', 0), xa('CountryName', 0)] } },
  'xades:City': str,
  'xades:StateOrProvince': str,
  'xades:PostalCode': str,
  'xades:CountryName': str,
  'xades:SignerRole': { model: { seq: [xa('ClaimedRoles', 0), xa('CertifiedRoles', 0)] } },
  'xades:ClaimedRoles': { model: xa('ClaimedRole', 1, U) },
  'xades:ClaimedRole': anyType,
  'xades:CertifiedRoles': { model: xa('CertifiedRole', 1, U) },
  'xades:CertifiedRole': encapsulated,
  'xades:AllDataObjectsTimeStamp': timeStamp,
  'xades:IndividualDataObjectsTimeStamp': timeStamp,
  'xades:SignatureTimeStamp': timeStamp,
  'xades:SigAndRefsTimeStamp': timeStamp,
  'xades:RefsOnlyTimeStamp': timeStamp,
  'xades:ArchiveTimeStamp': timeStamp,
  'xades:CompleteCertificateRefs': completeCertificateRefs,
  'xades:AttributeCertificateRefs': completeCertificateRefs,
  'xades:CompleteRevocationRefs': completeRevocationRefs,
  'xades:AttributeRevocationRefs': completeRevocationRefs,
  'xades:CRLRefs': { model: xa('CRLRef', 1, U) },
  'xades:CRLRef': { model: { seq: [xa('DigestAlgAndValue'), xa('CRLIdentifier', 0)] } },
  'xades:CRLIdentifier': { model: { seq: [xa('Issuer'), xa('IssueTime'), xa('Number', 0)] }, attrs: { URI: false } },
  'xades:Issuer': str,
  'xades:IssueTime': { text: 'dateTime' },
  'xades:Number': { text: 'integer' },
  'xades:OCSPRefs': { model: xa('OCSPRef', 1, U) },
  'xades:OCSPRef': { model: { seq: [xa('OCSPIdentifier'), xa('DigestAlgAndValue', 0)] } },
  'xades:OCSPIdentifier': { model: { seq: [xa('ResponderID'), xa('ProducedAt')] }, attrs: { URI: false } },
  'xades:ResponderID': { model: { choice: [xa('ByName'), xa('ByKey')] } },
  'xades:ByName': str,
  'xades:ByKey': { text: 'base64' },
  'xades:ProducedAt': { text: 'dateTime' },
  'xades:OtherRefs': { model: xa('OtherRef', 1, U) },
  'xades:OtherRef': anyType,
  'xades:CertificateValues': certificateValues,
  'xades:AttrAuthoritiesCertValues': certificateValues,
  'xades:EncapsulatedX509Certificate': encapsulated,
  'xades:OtherCertificate': anyType,
  'xades:RevocationValues': revocationValues,
  'xades:AttributeRevocationValues': revocationValues,
  'xades:CRLValues': { model: xa('EncapsulatedCRLValue', 1, U) },
  'xades:EncapsulatedCRLValue': encapsulated,
  'xades:OCSPValues': { model: xa('EncapsulatedOCSPValue', 1, U) },
  'xades:EncapsulatedOCSPValue': encapsulated,
  'xades:OtherValues': { model: xa('OtherValue', 1, U) },
  'xades:OtherValue': anyType,
};

// Global element declarations: the only ones a wildcard (lax or strict) can validate against.
const GLOBALS = new Set([
  ...'Signature SignatureValue SignedInfo CanonicalizationMethod SignatureMethod Reference Transforms Transform DigestMethod DigestValue KeyInfo KeyName MgmtData KeyValue RetrievalMethod X509Data PGPData SPKIData Object Manifest SignatureProperties SignatureProperty DSAKeyValue RSAKeyValue'
    .split(' ').map((n) => `ds:${n}`),
  ...('Any ObjectIdentifier EncapsulatedPKIData Include ReferenceInfo XAdESTimeStamp OtherTimeStamp QualifyingProperties SignedProperties UnsignedProperties ' +
    'SignedSignatureProperties SignedDataObjectProperties UnsignedSignatureProperties UnsignedDataObjectProperties QualifyingPropertiesReference SigningTime ' +
    'SigningCertificate SignaturePolicyIdentifier SPURI SPUserNotice CounterSignature DataObjectFormat CommitmentTypeIndication SignatureProductionPlace SignerRole ' +
    'AllDataObjectsTimeStamp IndividualDataObjectsTimeStamp SignatureTimeStamp CompleteCertificateRefs CompleteRevocationRefs AttributeCertificateRefs ' +
    'AttributeRevocationRefs SigAndRefsTimeStamp RefsOnlyTimeStamp CertificateValues RevocationValues AttrAuthoritiesCertValues AttributeRevocationValues ArchiveTimeStamp')
    .split(' ').map((n) => `xades:${n}`),
]);

const PATTERNS: Record<Text, RegExp> = {
  string: /[\s\S]*/,
  uri: /[\s\S]*/,
  base64: /^[\sA-Za-z0-9+/]*=?\s*=?\s*$/,
  dateTime: /^\s*-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?\s*$/,
  integer: /^\s*[+-]?\d+\s*$/,
  qualifier: /[\s\S]*/,
};

// Keys made once per local name: the same few strings on every message, compared and looked up
// without building (and hashing) a fresh `ds:…` string per element.
const dsKeys = new Map<string, string>();
const xadesKeys = new Map<string, string>();
const KEY_LIMIT = 1024;

function internedKey(keys: Map<string, string>, prefix: string, localName: string): string {
  let key = keys.get(localName);
  if (key === undefined) {
    key = `${prefix}:${localName}`;
    // A hostile document's made-up names are answered, not remembered.
    if (keys.size < KEY_LIMIT) keys.set(localName, key);
  }
  return key;
}

function keyOf(el: Element): string | undefined {
  if (el.namespaceURI === NS_DS) return internedKey(dsKeys, 'ds', el.localName ?? '');
  if (el.namespaceURI === NS_XADES) return internedKey(xadesKeys, 'xades', el.localName ?? '');
  return undefined;
}

function fail(message: string): never {
  throw new XRoadError(ErrorCodes.malformedSignature, `Signature does not conform to the XAdES schema: ${message}`);
}

/** End positions reachable by matching `p` against kids from index `i`. */
function match(p: Particle, kids: Element[], i: number, owner: string): Set<number> {
  const min = p.min ?? 1;
  // Repetitions beyond min only help if they consume an element, which bounds the loop.
  const max = Math.min(p.max ?? 1, min + kids.length - i + 1);
  const reached = new Set<number>(min === 0 ? [i] : []);
  let frontier = new Set([i]);
  for (let count = 1; count <= max && frontier.size > 0; count++) {
    const next = new Set<number>();
    for (const pos of frontier) for (const end of matchOnce(p, kids, pos, owner)) next.add(end);
    if (count >= min) for (const end of next) reached.add(end);
    frontier = next;
  }
  return reached;
}

function matchOnce(p: Particle, kids: Element[], i: number, owner: string): Set<number> {
  if ('el' in p) return i < kids.length && keyOf(kids[i]) === p.el ? new Set([i + 1]) : new Set();
  if ('any' in p) {
    if (i >= kids.length) return new Set();
    const ns = kids[i].namespaceURI;
    const ownerNs = owner.startsWith('ds:') ? NS_DS : NS_XADES;
    return p.any === 'any' || ns !== ownerNs ? new Set([i + 1]) : new Set();
  }
  if ('choice' in p) {
    const out = new Set<number>();
    for (const alt of p.choice) for (const e of match(alt, kids, i, owner)) out.add(e);
    return out;
  }
  let positions = new Set([i]);
  for (const part of p.seq) {
    const next = new Set<number>();
    for (const pos of positions) for (const e of match(part, kids, pos, owner)) next.add(e);
    positions = next;
    if (positions.size === 0) break;
  }
  return positions;
}

const requiredAttrsCache = new WeakMap<TypeDef, string[]>();

function requiredAttrs(type: TypeDef): string[] {
  let names = requiredAttrsCache.get(type);
  if (!names) requiredAttrsCache.set(type, (names = Object.entries(type.attrs ?? {}).filter(([, required]) => required).map(([name]) => name)));
  return names;
}

/** Text types whose pattern accepts every string: their text need not be gathered at all. */
const ANY_TEXT = new Set<Text>(['string', 'uri', 'qualifier']);
const NON_SPACE = /\S/;
const NCNAME_ID = /^[A-Za-z_][\w.-]*$/u;

function validateElement(el: Element, key: string, ids: Set<string>): void {
  const type = TYPES[key];
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    if (a.namespaceURI === NS_XMLNS || a.namespaceURI === NS_XSI) continue;
    if (a.namespaceURI || !(type.attrs && a.name in type.attrs)) fail(`attribute ${a.name} is not allowed on ${key}`);
    if (a.name === 'Id') {
      if (!NCNAME_ID.test(a.value)) fail(`Id ${a.value} of ${key} is not an NCName`);
      if (ids.has(a.value)) fail(`duplicate Id ${a.value}`);
      ids.add(a.value);
    }
  }
  for (const name of requiredAttrs(type)) if (!el.hasAttribute(name)) fail(`${key} lacks attribute ${name}`);
  if (key === 'xades:Identifier' && el.hasAttribute('Qualifier') && !['OIDAsURI', 'OIDAsURN'].includes(el.getAttribute('Qualifier')!)) {
    fail(`Qualifier ${el.getAttribute('Qualifier')} is not OIDAsURI or OIDAsURN`);
  }
  const kids = childElements(el);
  if (type.text) {
    if (kids.length > 0) fail(`${key} must not contain elements`);
    if (!ANY_TEXT.has(type.text) && !PATTERNS[type.text].test(el.textContent ?? '')) fail(`${key} is not a valid ${type.text}`);
    return;
  }
  if (!type.mixed) {
    for (let c: Node | null = el.firstChild; c; c = c.nextSibling) {
      // /\S/ finds exactly what trim() would keep (both use WhiteSpace and LineTerminator).
      if ((c.nodeType === 3 || c.nodeType === 4) && NON_SPACE.test(c.textContent ?? '')) fail(`${key} must not contain text`);
    }
  }
  const model = type.model;
  if (!model) {
    if (kids.length > 0) fail(`${key} must be empty`);
    return;
  }
  const kidKeys = kids.map(keyOf);
  if (!contentMatches(model, kids, kidKeys, key)) {
    fail(`unexpected content in ${key}: ${kids.map((k) => k.nodeName).join(', ') || '(empty)'}`);
  }
  const { named, wildcard } = modelFacts(model);
  for (let i = 0; i < kids.length; i++) {
    const kid = kids[i];
    const kidKey = kidKeys[i];
    if (kidKey && named.has(kidKey)) {
      validateElement(kid, kidKey, ids);
    } else if (kidKey && GLOBALS.has(kidKey)) {
      // Matched a wildcard: lax and strict both validate against a global declaration...
      validateElement(kid, kidKey, ids);
    } else if (wildcard === 'strict') {
      // ...and strict fails without one.
      fail(`element ${kid.nodeName} is not declared`);
    }
  }
}

// Whether a content model accepts a child sequence depends only on the owner and on each child's
// key (ds:/xades: name, or undefined for any other namespace: matchOnce looks at nothing else), and
// a security server sees the same few sequences on every message: the answers are remembered.
const MATCH_CACHE_LIMIT = 2048;
// A trie: owner, then each child's key ('*' for a foreign element); no joined string per element.
interface MatchNode { next: Map<string, MatchNode>; ok?: boolean }
let matchRoot: MatchNode = { next: new Map() };
let matchNodes = 0;

function contentMatches(model: Particle, kids: Element[], kidKeys: ReadonlyArray<string | undefined>, owner: string): boolean {
  // Long child lists (a hostile document) are matched afresh rather than kept in memory.
  if (kids.length > 64) return match(model, kids, 0, owner).has(kids.length);
  if (matchNodes + kids.length + 1 > MATCH_CACHE_LIMIT) {
    matchRoot = { next: new Map() };
    matchNodes = 0;
  }
  let node = matchRoot;
  for (let i = -1; i < kidKeys.length; i++) {
    const step = i < 0 ? owner : (kidKeys[i] ?? '*');
    let child = node.next.get(step);
    if (!child) {
      child = { next: new Map() };
      node.next.set(step, child);
      matchNodes++;
    }
    node = child;
  }
  return (node.ok ??= match(model, kids, 0, owner).has(kids.length));
}

const factsCache = new WeakMap<Particle, { named: Set<string>; wildcard: 'strict' | 'lax' | undefined }>();

function modelFacts(model: Particle): { named: Set<string>; wildcard: 'strict' | 'lax' | undefined } {
  let facts = factsCache.get(model);
  if (!facts) factsCache.set(model, (facts = { named: namedKeys(model), wildcard: wildcard(model) }));
  return facts;
}

function namedKeys(p: Particle, out = new Set<string>()): Set<string> {
  if ('el' in p) out.add(p.el);
  else if ('seq' in p) p.seq.forEach((q) => namedKeys(q, out));
  else if ('choice' in p) p.choice.forEach((q) => namedKeys(q, out));
  return out;
}

function wildcard(p: Particle): 'strict' | 'lax' | undefined {
  if ('any' in p) return p.strict ? 'strict' : 'lax';
  const parts = 'seq' in p ? p.seq : 'choice' in p ? p.choice : [];
  const found = parts.map(wildcard);
  return found.includes('lax') ? 'lax' : found.includes('strict') ? 'strict' : undefined;
}

/**
 * Validates the first child of the document element, as X-Road does outside ASiC. A first child
 * that is not an element (whitespace) gives X-Road's validator nothing to check, and us neither.
 */
export function validateSignatureSchema(documentElement: Element): void {
  const first = documentElement.firstChild;
  if (!isElement(first)) return;
  const key = keyOf(first);
  if (!key || !TYPES[key]) fail(`no declaration for element ${first.nodeName}`);
  validateElement(first, key, new Set());
}
