// Builds management requests as a security server sends them through its client proxy
// (PR-MSERV §2, Annex A.1; X-Road ManagementRequestBuilder + GenericClientRequest):
//  - the SOAP part: X-Road header (client = the server owner member, service =
//    managementRequestServiceProviderId + the kind as service code), body wrapper xroad:<kind>
//    with the fields in schema order;
//  - signed kinds: multipart/related (`type="application/octet-stream"; charset=UTF-8`, as X-Road's
//    mpRelatedContentType writes it) with the SOAP part (text/xml; charset=UTF-8), the signature
//    (application/octet-stream + `signature-algorithm-id`), the signing certificate DER and the
//    OCSP response DER for it, all binary;
//  - clientDeletion / authCertDeletion: the bare SOAP part as text/xml.
import { randomUUID, type KeyObject } from 'node:crypto';
import { formatIdentifierXml, serviceId, type ClientId, type SecurityServerId } from '../identifiers/index.js';
import { MultipartWriter } from '../multipart/index.js';
import { buildEnvelope, escapeXml, IDENTIFIERS_PREFIX, XROAD_NS, XROAD_PREFIX } from '../soap/index.js';
import { FIELD_ORDER, MANAGEMENT_KIND_SPECS, type ManagementField, type ManagementKind } from './management-kinds.js';
import { MservCodes, MservError } from './mserv-error.js';
import { defaultSignatureAlgorithm, signManagementData } from './signature-algorithm.js';

export const SIGNATURE_ALGORITHM_HEADER = 'signature-algorithm-id';
export const SOAP_PART_CONTENT_TYPE = 'text/xml; charset=UTF-8';
export const BINARY = 'application/octet-stream';

export interface ManagementFields {
  server: SecurityServerId;
  client?: ClientId;
  subsystemName?: string;
  address?: string;
  /** DER of the authentication certificate. */
  authCert?: Uint8Array;
  message?: string;
}

export interface ManagementSoapSpec {
  kind: ManagementKind;
  /** Header client: the owner member of the sending security server. */
  sender: ClientId;
  /** managementRequestServiceProviderId of the private parameters. */
  provider: ClientId;
  fields: ManagementFields;
  /** xrd:id; default a random UUID as X-Road's generateQueryId. */
  id?: string;
}

function fieldXml(field: ManagementField, f: ManagementFields): string | undefined {
  const ident = (id: ClientId | SecurityServerId, localName: string) =>
    formatIdentifierXml(id, { localName, prefix: XROAD_PREFIX, idPrefix: IDENTIFIERS_PREFIX, declareNamespaces: false });
  const text = (v: string) => `<${XROAD_PREFIX}:${field}>${escapeXml(v)}</${XROAD_PREFIX}:${field}>`;
  switch (field) {
    case 'server':
      return ident(f.server, 'server');
    case 'client':
      return f.client && ident(f.client, 'client');
    case 'authCert':
      return f.authCert && text(Buffer.from(f.authCert).toString('base64'));
    default:
      return f[field] === undefined ? undefined : text(f[field]!);
  }
}

/** The inner XML of the request (or response) wrapper: the fields in schema order. */
export function managementFieldsXml(kind: ManagementKind, fields: ManagementFields): string {
  const spec = MANAGEMENT_KIND_SPECS[kind];
  for (const r of spec.required) {
    if (fields[r] === undefined) throw new MservError(MservCodes.invalidRequest, `${kind} needs the field ${r}`);
  }
  const allowed = new Set<ManagementField>([...spec.required, ...spec.optional]);
  return FIELD_ORDER.filter((f) => allowed.has(f)).map((f) => fieldXml(f, fields) ?? '').join('');
}

/** The SOAP part, UTF-8 bytes: these exact bytes are what the member signs. */
export function buildManagementSoap(spec: ManagementSoapSpec): Buffer {
  const xml = buildEnvelope(
    { client: spec.sender, service: serviceId(spec.provider, spec.kind), id: spec.id ?? randomUUID() },
    { localName: spec.kind, namespaceUri: XROAD_NS, prefix: XROAD_PREFIX, content: managementFieldsXml(spec.kind, spec.fields) },
  );
  return Buffer.from(xml, 'utf8');
}

export interface MemberSignatureParts {
  /** `signature-algorithm-id` value, e.g. SHA512withRSA. */
  algorithm: string;
  signature: Uint8Array;
  /** Signing certificate, DER. */
  certDer: Uint8Array;
  /** OCSP response for it, DER; left out only to build defective requests. */
  ocspDer?: Uint8Array;
}

/** Signs the SOAP part bytes with the member's signing key (algorithm default as X-Road picks it). */
export function signManagementSoap(soap: Uint8Array, key: KeyObject, certDer: Uint8Array, ocspDer: Uint8Array, algorithm = defaultSignatureAlgorithm(key)): MemberSignatureParts {
  return { algorithm, signature: signManagementData(algorithm, key, soap), certDer, ocspDer };
}

export interface ManagementHttpRequest {
  contentType: string;
  body: Buffer;
}

/** The HTTP body as the client proxy receives it: multipart with the member parts, or bare SOAP. */
export function assembleManagementRequest(soap: Uint8Array, member?: MemberSignatureParts): ManagementHttpRequest {
  if (!member) return { contentType: SOAP_PART_CONTENT_TYPE, body: Buffer.from(soap) };
  const w = new MultipartWriter({ mediaType: 'multipart/related', boundaryPrefix: 'xmgmt', params: { type: BINARY, charset: 'UTF-8' } });
  w.add(Buffer.from(soap), [['Content-Type', SOAP_PART_CONTENT_TYPE]]);
  w.add(Buffer.from(member.signature), [['Content-Type', BINARY], [SIGNATURE_ALGORITHM_HEADER, member.algorithm]]);
  w.add(Buffer.from(member.certDer), [['Content-Type', BINARY]]);
  if (member.ocspDer) w.add(Buffer.from(member.ocspDer), [['Content-Type', BINARY]]);
  return { contentType: w.contentType, body: w.toBuffer() };
}
