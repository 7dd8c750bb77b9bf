import fc from 'fast-check';
import type { Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { describeWithVectors, readVector, vectorPath } from '../test-support/vectors.js';
import { canonicalize } from '../xml/c14n.js';
import { walkElements } from '../xml/dom.js';
import { parseXml } from '../xml/parse.js';
import { run, scratchDir, toolAvailable } from '../xml/testing/external-tools.js';
import { codeOf } from './testing/codes.js';
import { validateSignatureSchema } from './xades-schema.js';

const haveXmllint = toolAvailable('xmllint');

/** xmllint's verdict on the document element's first child, against X-Road's xades-schema.xsd. */
function xmllintValid(firstChildXml: string): boolean {
  const s = scratchDir({ 'doc.xml': firstChildXml });
  try {
    return run('xmllint', ['--noout', '--schema', vectorPath('schemas', 'xades-schema.xsd'), s.path('doc.xml')]).status === 0;
  } finally {
    s.dispose();
  }
}

function ourVerdict(doc: ReturnType<typeof parseXml>): boolean {
  return codeOf(() => validateSignatureSchema(doc.documentElement!)) === 'ok';
}

function firstChildXml(doc: ReturnType<typeof parseXml>): string {
  return canonicalize(doc.documentElement!.firstChild!);
}

describe('XAdES schema check: fixed cases', () => {
  const wrap = (inner: string) => `<asic:XAdESSignatures xmlns:asic="http://uri.etsi.org/02918/v1.2.1#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">${inner}</asic:XAdESSignatures>`;
  it('checks only the first child of the document element', () => {
    expect(codeOf(() => validateSignatureSchema(parseXml(wrap('<ds:Bogus/>')).documentElement!))).toBe('malformed_signature');
    expect(codeOf(() => validateSignatureSchema(parseXml(wrap('\n<ds:Bogus/>')).documentElement!))).toBe('ok');
    const si = '<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="a"/><ds:SignatureMethod Algorithm="b"/><ds:Reference><ds:DigestMethod Algorithm="c"/><ds:DigestValue>AA==</ds:DigestValue></ds:Reference></ds:SignedInfo>';
    expect(codeOf(() => validateSignatureSchema(parseXml(`<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">${si}<ds:Junk/></ds:Signature>`).documentElement!))).toBe('ok');
    expect(codeOf(() => validateSignatureSchema(parseXml(`<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">${si.replace('<ds:Reference>', '<ds:Reference Foo="1">')}</ds:Signature>`).documentElement!))).toBe('malformed_signature');
  });
});

describe('XAdES schema check: remembered content-model answers', () => {
  const DS = 'xmlns:ds="http://www.w3.org/2000/09/xmldsig#"';
  const si = (refs: number) => '<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="a"/><ds:SignatureMethod Algorithm="b"/>' +
    '<ds:Reference><ds:DigestMethod Algorithm="c"/><ds:DigestValue>AA==</ds:DigestValue></ds:Reference>'.repeat(refs) + '</ds:SignedInfo>';
  const verdict = (inner: string) => codeOf(() => validateSignatureSchema(parseXml(`<r ${DS}>${inner}</r>`).documentElement!));

  it('gives each child sequence its own verdict, however often and in whatever order it is seen', () => {
    const good = `<ds:Signature>${si(1)}<ds:SignatureValue>AA==</ds:SignatureValue></ds:Signature>`;
    const swapped = `<ds:Signature><ds:SignatureValue>AA==</ds:SignatureValue>${si(1)}</ds:Signature>`;
    const foreign = `<ds:Signature>${si(1)}<ds:SignatureValue>AA==</ds:SignatureValue><x:KeyInfo xmlns:x="urn:x"/></ds:Signature>`;
    for (let i = 0; i < 3; i++) {
      expect(verdict(good)).toBe('ok');
      expect(verdict(swapped)).toBe('malformed_signature');
      // Same local name as ds:KeyInfo in another namespace: not the declared element, and ds:Signature has no wildcard.
      expect(verdict(foreign)).toBe('malformed_signature');
    }
  });

  it('matches long child lists too (not remembered)', () => {
    expect(verdict(`<ds:Signature>${si(100)}<ds:SignatureValue>AA==</ds:SignatureValue></ds:Signature>`)).toBe('ok');
    expect(verdict(`<ds:Signature>${si(100).replace('<ds:SignatureMethod Algorithm="b"/>', '')}<ds:SignatureValue>AA==</ds:SignatureValue></ds:Signature>`)).toBe('malformed_signature');
  });
});

describeWithVectors('XAdES schema check agrees with xmllint on X-Road vectors', () => {
  const files = ['common-test/sign-0.xml', 'common-test/sign-0-old-format.xml', 'globalconf-impl/batch-sig.xml', 'globalconf-impl/extra-certs-missing-id.xml',
    'globalconf-impl/sign-0-invalid-signature-value.xml', 'globalconf-impl/sign-0-no-objectcontainer.xml', 'globalconf-impl/sign-0-no-signing-cert.xml',
    'globalconf-impl/sign-0-ocsp-no-responses.xml', 'globalconf-impl/sign-0-schema-fail.xml', 'globalconf-impl/xades.signature.ts.xml',
    'messagelog-addon/signature.xml', 'proxy-core-encoder/signature.xml', 'globalconf-impl/non-batch-sig/signatures.xml'];

  it('gives X-Road\'s verdicts on the vectors', () => {
    const invalid = ['sign-0-no-signing-cert.xml', 'sign-0-ocsp-no-responses.xml', 'sign-0-schema-fail.xml', 'xades.signature.ts.xml', 'messagelog-addon/signature.xml', 'proxy-core-encoder/signature.xml'];
    for (const f of files) {
      const doc = parseXml(readVector('signatures', ...f.split('/')));
      expect(ourVerdict(doc), f).toBe(!invalid.some((i) => f.endsWith(i)));
    }
  });

  it.runIf(haveXmllint)('matches xmllint --schema on every vector and on random mutations of sign-0.xml', () => {
    for (const f of files) {
      const doc = parseXml(readVector('signatures', ...f.split('/')));
      expect(ourVerdict(doc), f).toBe(xmllintValid(firstChildXml(doc)));
    }
    const source = readVector('signatures', 'common-test', 'sign-0.xml').toString('utf8');
    const NAMES = ['ds:SignedInfo', 'ds:KeyInfo', 'ds:Object', 'ds:DigestValue', 'xades:Cert', 'xades:SigningTime', 'xades:OCSPValues', 'xades:MimeType', 'ds:Reference', 'xades:SignedProperties'];
    fc.assert(fc.property(fc.nat(), fc.constantFrom('delete', 'duplicate', 'rename', 'attribute', 'text', 'emptyText'), fc.nat(), (which, op, pick) => {
      const doc = parseXml(source);
      const els: Element[] = [];
      walkElements(doc.documentElement!.firstChild!, (e) => els.push(e));
      const el = els[1 + (which % (els.length - 1))]; // not ds:Signature itself: the check needs a first child
      if (op === 'delete' && el.parentNode) el.parentNode.removeChild(el);
      if (op === 'duplicate' && el.parentNode) el.parentNode.insertBefore(el.cloneNode(true), el);
      if (op === 'rename' && el.parentNode) {
        const [prefix, local] = NAMES[pick % NAMES.length].split(':');
        const ns = prefix === 'ds' ? 'http://www.w3.org/2000/09/xmldsig#' : 'http://uri.etsi.org/01903/v1.3.2#';
        const renamed = doc.createElementNS(ns, `${prefix}:${local}`);
        while (el.firstChild) renamed.appendChild(el.firstChild);
        for (let i = 0; i < el.attributes.length; i++) renamed.setAttribute(el.attributes.item(i)!.name, el.attributes.item(i)!.value);
        el.parentNode.replaceChild(renamed, el);
      }
      if (op === 'attribute') el.setAttribute(['Id', 'URI', 'Foo', 'Target'][pick % 4], pick % 3 === 0 ? 'signature' : 'x1');
      if (op === 'text') el.appendChild(doc.createTextNode(pick % 2 ? 'junk' : '   '));
      if (op === 'emptyText') while (el.firstChild) el.removeChild(el.firstChild);
      expect(ourVerdict(doc), `${op} ${el.nodeName}`).toBe(xmllintValid(firstChildXml(doc)));
    }), { numRuns: 150 });
  });
});
