// The X-Road SOAP header (MESS §2.2 Table 1, EXT-001..004): typed fields and the reader that fills
// them from the Header's child elements. The reader follows SaxSoapParserImpl's handlers so that
// the same input fails with the same code, in the same order:
// - a known field seen twice -> duplicate_header_field, raised when the second one opens;
// - an identifier whose objectType is missing, unknown or of the wrong kind -> invalid_xml;
// - protocolVersion not starting with "4." -> invalid_protocol_version;
// - unknown elements are ignored; so are centralService and securityToken, which 7.8 does not
//   read (they are still exposed here when well formed, for tests that look at them).
import { ErrorCodes, XRoadError } from '../faults/index.js';
import {
  checkObjectType,
  identifierFromFields,
  KIND_OBJECT_TYPES,
  KIND_PARTS,
  type CentralServiceId,
  type ClientId,
  type IdentifierKind,
  type IdentifierOfKind,
  type IdentifierPart,
  type SecurityServerId,
  type ServiceId,
} from '../identifiers/index.js';
import { IDENTIFIERS_NS, REPRESENTATION_NS, SECURITY_TOKEN_NS, XROAD_NS } from './namespaces.js';
import type { XmlElement } from './xml-tree.js';

export interface RepresentedParty {
  readonly partyClass?: string;
  readonly partyCode?: string;
}

export interface RequestHash {
  readonly algorithmId?: string;
  /** Base64 digest as written (whitespace kept). */
  readonly value: string;
}

export interface SecurityToken {
  readonly tokenType?: string;
  readonly value: string;
}

export type HeaderField =
  | 'client'
  | 'service'
  | 'centralService'
  | 'securityServer'
  | 'id'
  | 'userId'
  | 'issue'
  | 'protocolVersion'
  | 'requestHash'
  | 'representedParty'
  | 'securityToken';

export interface XRoadHeader {
  readonly client?: ClientId;
  readonly service?: ServiceId;
  readonly centralService?: CentralServiceId;
  readonly securityServer?: SecurityServerId;
  /** xrd:id, the message id. */
  readonly id?: string;
  readonly userId?: string;
  /** `<xrd:issue/>` reads as '' (present), as in X-Road. */
  readonly issue?: string;
  readonly protocolVersion?: string;
  readonly requestHash?: RequestHash;
  readonly representedParty?: RepresentedParty;
  readonly securityToken?: SecurityToken;
  /** The fields above in document order, for echoing a header back in the same order. */
  readonly fields: readonly HeaderField[];
  /** Qualified names as written (e.g. `xroad:id`), for edits of the original text. */
  readonly qnames: Readonly<Partial<Record<HeaderField, string>>>;
}

/** X-Road's supported protocol version prefix (ProtocolVersion.CURRENT_VERSION_PREFIX). */
export const PROTOCOL_VERSION_PREFIX = '4.';

export function checkProtocolVersion(version: string): string {
  if (!version.startsWith(PROTOCOL_VERSION_PREFIX)) {
    throw new XRoadError(
      ErrorCodes.invalidProtocolVersion,
      `Invalid protocol version (supported: ${PROTOCOL_VERSION_PREFIX}x, provided: ${version})`,
    );
  }
  return version;
}

type MutableHeader = { -readonly [K in keyof XRoadHeader]: XRoadHeader[K] } & {
  fields: HeaderField[];
  qnames: Partial<Record<HeaderField, string>>;
};

export function emptyHeader(): MutableHeader {
  return { fields: [], qnames: {} };
}

function duplicate(el: XmlElement): XRoadError {
  return new XRoadError(ErrorCodes.duplicateHeaderField, `SOAP header contains duplicate field '{${el.namespaceUri ?? ''}}${el.localName}'`);
}

/** Reads an identifier-typed header field with SaxSoapParserImpl's rules (objectType on open, parts once each). */
function readIdentifier<K extends IdentifierKind>(kind: K, el: XmlElement): IdentifierOfKind[K] {
  const objectType = el.attribute(IDENTIFIERS_NS, 'objectType');
  checkObjectType(objectType, KIND_OBJECT_TYPES[kind]);
  const allowed = KIND_PARTS[kind];
  const parts: Partial<Record<IdentifierPart, string>> = {};
  for (const child of el.children) {
    const name = child.localName as IdentifierPart;
    if (child.namespaceUri !== IDENTIFIERS_NS || !allowed.includes(name)) continue;
    if (parts[name] !== undefined) throw duplicate(child);
    parts[name] = child.text;
  }
  return identifierFromFields(kind, { objectType, parts }, 'by-presence');
}

function readRepresentedParty(el: XmlElement): RepresentedParty {
  let partyClass: string | undefined;
  let partyCode: string | undefined;
  for (const child of el.children) {
    if (child.is(REPRESENTATION_NS, 'partyClass')) {
      if (partyClass !== undefined) throw duplicate(child);
      partyClass = child.text;
    } else if (child.is(REPRESENTATION_NS, 'partyCode')) {
      if (partyCode !== undefined) throw duplicate(child);
      partyCode = child.text;
    }
  }
  return {
    ...(partyClass !== undefined ? { partyClass } : {}),
    ...(partyCode !== undefined ? { partyCode } : {}),
  };
}

function set<K extends HeaderField>(h: MutableHeader, field: K, el: XmlElement, read: () => MutableHeader[K]): void {
  if (h[field] !== undefined) throw duplicate(el);
  h[field] = read();
  h.fields.push(field);
  h.qnames[field] = el.qname;
}

/** Adds one child element of SOAP-ENV:Header to the header being read. */
export function readHeaderElement(h: MutableHeader, el: XmlElement): void {
  if (el.namespaceUri === XROAD_NS) {
    switch (el.localName) {
      case 'client':
        return set(h, 'client', el, () => readIdentifier('client', el));
      case 'service':
        return set(h, 'service', el, () => readIdentifier('service', el));
      case 'securityServer':
        return set(h, 'securityServer', el, () => readIdentifier('server', el));
      case 'id':
        return set(h, 'id', el, () => el.text);
      case 'userId':
        return set(h, 'userId', el, () => el.text);
      case 'issue':
        return set(h, 'issue', el, () => el.text);
      case 'protocolVersion':
        return set(h, 'protocolVersion', el, () => checkProtocolVersion(el.text));
      case 'requestHash':
        return set(h, 'requestHash', el, () => {
          const algorithmId = el.attribute(undefined, 'algorithmId');
          return { ...(algorithmId !== undefined ? { algorithmId } : {}), value: el.text };
        });
      case 'centralService':
        if (h.centralService === undefined) {
          try {
            h.centralService = readIdentifier('centralService', el);
            h.fields.push('centralService');
            h.qnames.centralService = el.qname;
          } catch {
            // X-Road 7.8 does not read this field at all; a bad one is not an error there.
          }
        }
        return;
      default:
        return;
    }
  }
  if (el.is(REPRESENTATION_NS, 'representedParty')) return set(h, 'representedParty', el, () => readRepresentedParty(el));
  if (el.is(SECURITY_TOKEN_NS, 'securityToken') && h.securityToken === undefined) {
    const tokenType = el.attribute(undefined, 'tokenType') ?? el.attribute(SECURITY_TOKEN_NS, 'tokenType');
    h.securityToken = { ...(tokenType !== undefined ? { tokenType } : {}), value: el.text };
    h.fields.push('securityToken');
    h.qnames.securityToken = el.qname;
  }
}

/** The checks X-Road makes once the envelope is complete (SoapEnvelopeHandler.validateHeader). */
export function checkRequiredFields(h: XRoadHeader): void {
  const missing = (name: string) => new XRoadError(ErrorCodes.missingHeaderField, `Required field '${name}' is missing`);
  if (h.protocolVersion === undefined) throw missing('protocolVersion');
  if (h.client === undefined) throw missing('client');
  if (h.id === undefined) throw missing('id');
  if (h.service === undefined) throw new XRoadError(ErrorCodes.missingHeaderField, 'Message header must contain service id');
}
