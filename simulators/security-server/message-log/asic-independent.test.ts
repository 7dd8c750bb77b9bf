// The ASiC-E containers this security server hands out (LOG-004), checked by tools that share no
// code with roadtest: yauzl reads the zip, xmlsec1 verifies signatures.xml over the logged parts,
// `openssl ts -verify` checks both kinds of time-stamp (the batch token over ts-hashchainresult.xml,
// the single token embedded in the signature over the SignatureValue bytes), `openssl dgst` the
// ASiCManifest digest and the hash chain's leaf, xmllint pulls values out of the XML. Our own
// verifier agreeing with our own builder would prove little; each check here also fails on a
// tampered copy.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opensslTsVerify } from '../../../protocol/timestamp/testing/openssl-ts.js';
import { entriesViaYauzl } from '../../../protocol/test-support/yauzl-entries.js';
import { run, scratchDir, toolAvailable, xmlsecVerify } from '../../../protocol/xml/testing/external-tools.js';
import { createMessageLog, type ReferenceMessageLog } from './message-log.js';
import { CLIENT, logFixture, type LogFixture } from './test-fixture.js';

const SIGNED_PROPERTIES = 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties';
const tools = toolAvailable('xmlsec1') && toolAvailable('xmllint') && spawnSync('openssl', ['version'], { timeout: 10_000 }).status === 0;

let f: LogFixture;
let log: ReferenceMessageLog;
/** Containers by query id: single-1 (single time-stamp), batch-2 (one of three batch-stamped), rest-1 (REST body, batch signature). */
const containers = new Map<string, Map<string, Buffer>>();
const raw = new Map<string, Buffer>();

/** One value out of an XML document, by XPath, as xmllint reads it. */
function xpathText(xml: Buffer, expr: string): string {
  const s = scratchDir({ 'doc.xml': xml });
  try {
    const r = run('xmllint', ['--xpath', `string(${expr})`, s.path('doc.xml')]);
    if (r.status !== 0) throw new Error(`xmllint failed: ${r.stderr}`);
    return r.stdout.trim();
  } finally {
    s.dispose();
  }
}

function sha512Base64(data: Buffer): string {
  const s = scratchDir({ 'data.bin': data });
  try {
    const r = spawnSync('openssl', ['dgst', '-sha512', '-binary', s.path('data.bin')], { timeout: 10_000 });
    if (r.status !== 0) throw new Error(`openssl dgst failed: ${r.stderr}`);
    return r.stdout.toString('base64');
  } finally {
    s.dispose();
  }
}

const entry = (queryId: string, name: string): Buffer => {
  const e = containers.get(queryId)?.get(name);
  if (!e) throw new Error(`container ${queryId} has no ${name}: ${[...(containers.get(queryId)?.keys() ?? [])].join(', ')}`);
  return e;
};
const flipped = (b: Buffer, at = Math.floor(b.length / 2)): Buffer => {
  const c = Buffer.from(b);
  c[at] = c[at]! ^ 0x01;
  return c;
};

describe.skipIf(!tools)('ASiC containers checked by independent tools (yauzl, xmlsec1, openssl, xmllint)', () => {
  beforeAll(async () => {
    f = await logFixture();
    log = await createMessageLog({ directory: await f.tempDir(), globalConf: f.globalConf, timestampingIntervalSeconds: 3600, tsaTimeoutMs: 5000 });
    // A lone record gets a single time-stamp; records stamped together get a batch token (TSA-003).
    await log.log(f.soapRequest('single-1'));
    await log.timestampNow();
    for (const q of ['batch-1', 'batch-2', 'batch-3']) await log.log(f.soapRequest(q));
    await log.log(f.restRequest('rest-1', Buffer.from('{"items":[1,2,3]}')));
    await log.timestampNow();
    for (const q of ['single-1', 'batch-2', 'rest-1']) {
      const [record] = log.find(q, CLIENT);
      const bytes = await log.container(record!);
      raw.set(q, bytes);
      containers.set(q, new Map(await entriesViaYauzl(bytes)));
    }
  }, 60_000);

  afterAll(async () => {
    await log?.stop();
    await f?.stop();
  });

  it('mimetype is the first entry, stored, without extra field, holding the ASiC-E media type', () => {
    for (const [q, bytes] of raw) {
      // ETSI EN 319 162-1 §A.1 read straight off the first local file header.
      expect(bytes.readUInt32LE(0), q).toBe(0x04034b50);
      expect(bytes.readUInt16LE(8), `${q}: compression method`).toBe(0);
      const nameLength = bytes.readUInt16LE(26);
      expect(bytes.readUInt16LE(28), `${q}: extra field length`).toBe(0);
      expect(bytes.subarray(30, 30 + nameLength).toString('latin1'), q).toBe('mimetype');
      expect(entry(q, 'mimetype').toString('latin1')).toBe('application/vnd.etsi.asic-e+zip');
      expect([...containers.get(q)!.keys()][0]).toBe('mimetype');
    }
  });

  it('signatures.xml verifies with xmlsec1 over the logged message, and not over a changed one', () => {
    for (const q of ['single-1', 'batch-2']) {
      const signatureXml = entry(q, 'META-INF/signatures.xml');
      const ok = xmlsecVerify({ signatureXml, certPem: f.requestSigner.cert.toString(), idAttrs: [SIGNED_PROPERTIES], urlMap: { '/message.xml': entry(q, 'message.xml') } });
      expect(ok.ok, `${q}: ${ok.output.slice(-600)}`).toBe(true);
      const bad = xmlsecVerify({ signatureXml, certPem: f.requestSigner.cert.toString(), idAttrs: [SIGNED_PROPERTIES], urlMap: { '/message.xml': flipped(entry(q, 'message.xml')) } });
      expect(bad.ok, q).toBe(false);
    }
  });

  it('a REST body makes a batch signature: xmlsec1 verifies it over sig-hashchainresult.xml, whose chain leaves are the message and the body', () => {
    const signatureXml = entry('rest-1', 'META-INF/signatures.xml');
    const result = entry('rest-1', 'sig-hashchainresult.xml');
    const ok = xmlsecVerify({ signatureXml, certPem: f.requestSigner.cert.toString(), idAttrs: [SIGNED_PROPERTIES], urlMap: { '/sig-hashchainresult.xml': result } });
    expect(ok.ok, ok.output.slice(-600)).toBe(true);
    expect(xmlsecVerify({ signatureXml, certPem: f.requestSigner.cert.toString(), idAttrs: [SIGNED_PROPERTIES], urlMap: { '/sig-hashchainresult.xml': flipped(result) } }).ok).toBe(false);
    // SIG-006: the chain's data references digest the exact logged parts.
    const chain = entry('rest-1', 'sig-hashchain.xml');
    const leaf = (uri: string) => xpathText(chain, `//*[local-name()='DataRef'][@URI='${uri}']/*[local-name()='DigestValue']`);
    expect(leaf('/message.xml')).toBe(sha512Base64(entry('rest-1', 'message.xml')));
    expect(leaf('/attachment1')).toBe(sha512Base64(entry('rest-1', 'attachment1')));
  });

  it('the batch time-stamp verifies with openssl ts over ts-hashchainresult.xml; the manifest and the chain leaf match openssl dgst', async () => {
    const token = entry('batch-2', 'META-INF/timestamp.tst');
    const data = entry('batch-2', 'ts-hashchainresult.xml');
    const ca = f.pki.rootCa.cert.toString();
    const untrusted = f.tsa.approvedTsa.cert.toString();
    const ok = await opensslTsVerify({ data, input: token, tokenIn: true, caPem: ca, untrustedPem: untrusted });
    expect(ok.ok, ok.output).toBe(true);
    expect((await opensslTsVerify({ data: flipped(data), input: token, tokenIn: true, caPem: ca, untrustedPem: untrusted })).ok).toBe(false);
    const manifest = entry('batch-2', 'META-INF/ASiCManifest.xml');
    expect(xpathText(manifest, "//*[local-name()='SigReference']/@URI")).toBe('META-INF/timestamp.tst');
    expect(xpathText(manifest, "//*[local-name()='DataObjectReference'][@URI='ts-hashchainresult.xml']/*[local-name()='DigestValue']")).toBe(sha512Base64(data));
    // TSA-003: this record's leaf in the time-stamp hash chain is the SHA-512 of its signatures.xml.
    const leaf = xpathText(entry('batch-2', 'ts-hashchain.xml'), "//*[local-name()='DataRef'][@URI='/META-INF/signatures.xml']/*[local-name()='DigestValue']");
    expect(leaf).toBe(sha512Base64(entry('batch-2', 'META-INF/signatures.xml')));
  });

  it('the single time-stamp embedded in the signature verifies with openssl ts over the SignatureValue bytes, and not over another signature', async () => {
    const sigXml = entry('single-1', 'META-INF/signatures.xml');
    const token = Buffer.from(xpathText(sigXml, "//*[local-name()='SignatureTimeStamp']/*[local-name()='EncapsulatedTimeStamp']"), 'base64');
    const signatureValue = Buffer.from(xpathText(sigXml, "//*[local-name()='SignatureValue']"), 'base64');
    expect(token.length).toBeGreaterThan(100);
    const ca = f.pki.rootCa.cert.toString();
    const untrusted = f.tsa.approvedTsa.cert.toString();
    const ok = await opensslTsVerify({ data: signatureValue, input: token, tokenIn: true, caPem: ca, untrustedPem: untrusted });
    expect(ok.ok, ok.output).toBe(true);
    const other = Buffer.from(xpathText(entry('batch-2', 'META-INF/signatures.xml'), "//*[local-name()='SignatureValue']"), 'base64');
    expect((await opensslTsVerify({ data: other, input: token, tokenIn: true, caPem: ca, untrustedPem: untrusted })).ok).toBe(false);
  });
});
