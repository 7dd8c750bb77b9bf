// Each edit must produce exactly the defect its scenario names: the edited request fails X-Road's
// parse with the scenario's code, and the unedited one parses.
import { describe, expect, it } from 'vitest';
import { isXRoadError } from '../../protocol/faults/index.js';
import { parseSoapEnvelope } from '../../protocol/soap/index.js';
import { buildSoapRequest } from '../../simulators/member-systems/index.js';
import * as edit from './soap-edits.js';
import { badMultipartBody, badSoapBody, UnknownBadBodyError } from './bad-bodies.js';

const good = buildSoapRequest({ client: 'DEV/COM/1234/CLIENT', service: 'DEV/GOV/4321/PROVIDER/getRandom', userId: 'EE1' });

function codeOf(xml: string | Buffer, contentType?: string): string | undefined {
  try {
    parseSoapEnvelope(Buffer.isBuffer(xml) ? xml : Buffer.from(xml, 'utf8'), contentType ? { contentType } : {});
    return undefined;
  } catch (e) {
    if (isXRoadError(e)) return e.code;
    throw e;
  }
}

describe('SOAP request edits', () => {
  it('the unedited request parses', () => {
    expect(codeOf(good)).toBeUndefined();
  });

  it.each([
    ['drop client', () => edit.dropHeaderField(good, 'client'), 'missing_header_field'],
    ['drop id', () => edit.dropHeaderField(good, 'id'), 'missing_header_field'],
    ['drop protocolVersion', () => edit.dropHeaderField(good, 'protocolVersion'), 'missing_header_field'],
    ['duplicate id', () => edit.duplicateHeaderField(good, 'id'), 'duplicate_header_field'],
    ['protocolVersion 3.1', () => edit.setProtocolVersion(good, '3.1'), 'invalid_protocol_version'],
    ['wrapper name', () => edit.renameBodyWrapper(good, 'other'), 'inconsistent_headers'],
    ['no Header', () => edit.dropSoapHeader(good), 'missing_header'],
    ['no Body', () => edit.dropSoapBody(good), 'missing_body'],
    ['two Body children', () => edit.addSecondBodyChild(good), 'invalid_body'],
    ['no objectType', () => edit.setClientObjectType(good, ''), 'invalid_xml'],
    ['objectType PERSON', () => edit.setClientObjectType(good, 'PERSON'), 'invalid_xml'],
  ])('%s -> %s', (_name, make, code) => {
    expect(codeOf(make())).toBe(code);
  });

  it('extensions are added where the parser finds them and elementXml gives them back verbatim', () => {
    const withToken = edit.addSecurityToken(edit.addRepresentedParty(good, 'COM/7000'), 'a.b.c');
    const env = parseSoapEnvelope(Buffer.from(withToken));
    expect(env.header.securityToken?.value).toBe('a.b.c');
    expect(env.header.representedParty).toEqual({ partyClass: 'COM', partyCode: '7000' });
    expect(edit.elementXml(withToken, 'securityToken')).toBe(edit.securityTokenElement('a.b.c'));
    expect(edit.elementXml(withToken, 'representedParty')).toBe(edit.representedPartyElement('COM/7000'));
    expect(edit.elementText(withToken, 'userId')).toBe('EE1');
  });

  it('the ISO-8859-1 variant decodes with its charset only', () => {
    const bytes = edit.latin1Request(good, 'Jürgen Größe');
    expect(parseSoapEnvelope(bytes, { contentType: 'text/xml; charset=ISO-8859-1' }).xml).toContain('Jürgen Größe');
    expect(bytes.includes(Buffer.from('ü', 'utf8'))).toBe(false);
  });

  it('an edit that finds nothing to change throws instead of sending the good request', () => {
    expect(() => edit.dropHeaderField(edit.dropHeaderField(good, 'userId'), 'userId')).toThrow(edit.SoapEditError);
    expect(() => edit.memberClientWithSubsystem(good.replace('SUBSYSTEM', 'MEMBER'))).toThrow(edit.SoapEditError);
  });
});

describe('bad bodies', () => {
  it.each(['4096 random bytes', 'the text "this is not XML"', 'an unclosed SOAP envelope', 'an empty body', 'XML with invalid UTF-8 bytes', 'a SOAP envelope of another version'])(
    '%s is invalid_soap',
    (name) => {
      expect(codeOf(badSoapBody(name, good), 'text/xml; charset=UTF-8')).toBe('invalid_soap');
    },
  );

  it('entity bombs and external entities are refused by the parser, nothing expanded', () => {
    expect(codeOf(badSoapBody('an entity-expansion bomb', good))).toBeDefined();
    expect(codeOf(badSoapBody('a request whose DOCTYPE names a file', good))).toBeDefined();
  });

  it('a SOAP request is the good one, and unknown names are refused', () => {
    expect(codeOf(badSoapBody('a SOAP request', good))).toBeUndefined();
    expect(() => badSoapBody('nonsense', good)).toThrow(UnknownBadBodyError);
    expect(() => badMultipartBody('nonsense', good)).toThrow(UnknownBadBodyError);
  });

  it('the broken multipart bodies differ from a well-formed one only in the named way', () => {
    const cut = badMultipartBody('a multipart body cut off in the SOAP part', good);
    expect(cut.body.toString()).not.toContain('</SOAP-ENV:Envelope>');
    const open = badMultipartBody('a multipart body without closing boundary', good);
    expect(open.body.toString()).not.toMatch(/--roadtest-bad-boundary--/);
    const wrong = badMultipartBody('a multipart body with a wrong boundary', good);
    expect(wrong.contentType).toContain('some-other-boundary');
    expect(wrong.body.toString()).toContain('--roadtest-bad-boundary--');
  });
});
