// Edits that turn a well-formed X-Road SOAP request (as simulators/member-systems buildSoapRequest
// writes it: prefixes SOAP-ENV, xrd, id) into the malformed or unusual variants the MESS/ID/EXT
// scenarios send. Text edits, not re-serialisation: everything not edited stays byte-identical,
// so a fault can only come from the one thing a scenario changed.

export class SoapEditError extends Error {
  override readonly name = 'SoapEditError';
  readonly code = 'soap_edit_failed';
}

const SECURITY_TOKEN_NS = 'http://x-road.eu/xsd/security-token.xsd';
const REPRESENTATION_NS = 'http://x-road.eu/xsd/representation.xsd';

function mustReplace(xml: string, pattern: RegExp, replacement: string, what: string): string {
  if (!pattern.test(xml)) throw new SoapEditError(`cannot ${what}: pattern ${pattern} not found in the request`);
  return xml.replace(pattern, replacement);
}

/** `<xrd:NAME ...>...</xrd:NAME>` (with its trailing newline) of a header field. */
function fieldPattern(name: string): RegExp {
  return new RegExp(`<xrd:${name}\\b[^>]*>[\\s\\S]*?</xrd:${name}>\\n?`);
}

/** The request without one X-Road header field (MESS-004). */
export function dropHeaderField(xml: string, field: string): string {
  return mustReplace(xml, fieldPattern(field), '', `drop header field ${field}`);
}

/** The request with one header field written twice (MESS-005). */
export function duplicateHeaderField(xml: string, field: string): string {
  const m = fieldPattern(field).exec(xml);
  if (!m) throw new SoapEditError(`cannot duplicate header field ${field}: not in the request`);
  return xml.slice(0, m.index) + m[0] + m[0] + xml.slice(m.index + m[0].length);
}

export function setProtocolVersion(xml: string, version: string): string {
  return mustReplace(xml, /<xrd:protocolVersion>[^<]*<\/xrd:protocolVersion>/, `<xrd:protocolVersion>${version}</xrd:protocolVersion>`, 'set protocolVersion');
}

/** Renames the document/literal wrapper element (MESS-007). */
export function renameBodyWrapper(xml: string, name: string): string {
  return mustReplace(xml, /<prov:(\w+)>([\s\S]*?)<\/prov:\1>/, `<prov:${name}>$2</prov:${name}>`, 'rename the body wrapper');
}

export function dropSoapHeader(xml: string): string {
  return mustReplace(xml, /<SOAP-ENV:Header>[\s\S]*?<\/SOAP-ENV:Header>\n?/, '', 'drop the SOAP Header');
}

export function dropSoapBody(xml: string): string {
  return mustReplace(xml, /<SOAP-ENV:Body>[\s\S]*?<\/SOAP-ENV:Body>\n?/, '', 'drop the SOAP Body');
}

/** A second element after the wrapper: MESS-003 "Body has exactly one child". */
export function addSecondBodyChild(xml: string): string {
  return mustReplace(xml, /<\/SOAP-ENV:Body>/, '<prov:extra>second child</prov:extra>\n</SOAP-ENV:Body>', 'add a second Body child');
}

/** Sets (or, with '', removes) the objectType attribute of the client identifier (ID-001). */
export function setClientObjectType(xml: string, objectType: string): string {
  const attr = objectType === '' ? '' : ` id:objectType="${objectType}"`;
  return mustReplace(xml, /<xrd:client id:objectType="[^"]*">/, `<xrd:client${attr}>`, 'set the client objectType');
}

/** A MEMBER client that carries a subsystemCode (ID-002 "Redundant subsystem code"). */
export function memberClientWithSubsystem(xml: string): string {
  return mustReplace(xml, /<xrd:client id:objectType="SUBSYSTEM">/, '<xrd:client id:objectType="MEMBER">', 'make the client a MEMBER');
}

/** A SUBSYSTEM client without subsystemCode (ID-002 "Missing required subsystem code"). */
export function subsystemClientWithoutSubsystem(xml: string): string {
  const m = /<xrd:client id:objectType="SUBSYSTEM">[\s\S]*?<\/xrd:client>/.exec(xml);
  if (!m) throw new SoapEditError('cannot drop the client subsystemCode: the client is not a SUBSYSTEM');
  const edited = m[0].replace(/<id:subsystemCode>[^<]*<\/id:subsystemCode>/, '');
  return xml.slice(0, m.index) + edited + xml.slice(m.index + m[0].length);
}

/** Adds a header element just before protocolVersion (extensions sit among the X-Road fields). */
function addHeaderElement(xml: string, element: string): string {
  return mustReplace(xml, /<xrd:protocolVersion>/, `${element}\n<xrd:protocolVersion>`, 'add a header element');
}

/** The securityToken extension (EXT-003), a JWT the SS must pass on unvalidated. */
export function securityTokenElement(jwt: string): string {
  return `<tok:securityToken xmlns:tok="${SECURITY_TOKEN_NS}" tokenType="urn:ietf:params:oauth:token-type:jwt">${jwt}</tok:securityToken>`;
}

export function addSecurityToken(xml: string, jwt: string): string {
  return addHeaderElement(xml, securityTokenElement(jwt));
}

/** The representedParty extension (EXT-004): `[CLASS/]CODE`. */
export function representedPartyElement(party: string): string {
  const [cls, code] = party.includes('/') ? party.split('/', 2) : [undefined, party];
  return (
    `<repr:representedParty xmlns:repr="${REPRESENTATION_NS}">` +
    (cls !== undefined ? `<repr:partyClass>${cls}</repr:partyClass>` : '') +
    `<repr:partyCode>${code}</repr:partyCode></repr:representedParty>`
  );
}

export function addRepresentedParty(xml: string, party: string): string {
  return addHeaderElement(xml, representedPartyElement(party));
}

/** Re-encodes the request as ISO-8859-1 (declaration and bytes), with non-ASCII content (MESS-017). */
export function latin1Request(xml: string, content: string): Buffer {
  const text = renameBodyContent(xml, content).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
  return Buffer.from(text, 'latin1');
}

/** Replaces the wrapper's inner content. */
export function renameBodyContent(xml: string, content: string): string {
  return mustReplace(xml, /(<prov:(\w+)>)[\s\S]*?(<\/prov:\2>)/, `$1<input>${content}</input>$3`, 'replace the body content');
}

/** Text of the first element with this local name, any prefix (for checks on what arrived). */
export function elementText(xml: string, localName: string): string | undefined {
  const m = new RegExp(`<(?:[\\w.-]+:)?${localName}\\b[^>]*>([^<]*)</(?:[\\w.-]+:)?${localName}>`).exec(xml);
  return m?.[1];
}

/** The whole element (start tag to end tag) with this local name, any prefix. */
export function elementXml(xml: string, localName: string): string | undefined {
  const m = new RegExp(`<((?:[\\w.-]+:)?)${localName}\\b[^>]*>[\\s\\S]*?</\\1${localName}>`).exec(xml);
  return m?.[0];
}
