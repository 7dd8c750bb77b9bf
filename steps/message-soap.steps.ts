// SOAP message protocol steps (features/message-soap): build the request a scenario names
// (harness/scenario/soap-edits), send it along the scenario's route, and check what the client IS
// got back and what the provider IS received. Shared phrases ("the provider IS received no
// request") serve the access, REST and bad-input features too.
import { Given, Then, When } from '@cucumber/cucumber';
import { soapEchoResponse } from '../simulators/member-systems/index.js';
import { expectThat } from '../harness/expect/conformance-failure.js';
import { answerEnvelope, splitReceivedSoap } from '../harness/scenario/soap-call.js';
import * as edit from '../harness/scenario/soap-edits.js';
import {
  handles,
  providerPath,
  providerReceived,
  sendSoapAlongRoute,
  serverOf,
  setProviderBehaviour,
  soapRequestFor as requestFor,
  soapSent,
  theProviderRequest,
} from '../harness/scenario/soap-scenario.js';
import {
  expectFaultStartingWith,
  expectFaultStringMentions,
  expectHeaderEcho,
  expectHeaderOrder,
  expectRequestHashOf,
  expectTechnicalFaultShape,
  soapAnswer,
} from '../harness/scenario/soap-answer-checks.js';
import { providerWsdl, wsdlProblems } from '../harness/scenario/soap-wsdl.js';
import type { RoadtestWorld } from './support/world.js';

const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJFRTEyMzQ1Njc4OTAxIiwiYXVkIjoicm9hZHRlc3QifQ.c2lnbmF0dXJl';

function attachments(n: number, sizeBytes = 64) {
  return Array.from({ length: n }, (_, i) => ({
    contentType: i % 2 ? 'application/pdf' : 'application/octet-stream',
    body: Buffer.alloc(sizeBytes, 0x41 + (i % 26)),
    headers: { 'Content-ID': `<attachment-${i + 1}@roadtest>`, 'Content-Transfer-Encoding': 'binary', 'X-Part-Note': `part ${i + 1}` },
  }));
}

// ---- Given: the provider IS and the peer ----

Given('the provider IS answers {string} with the SOAP fault {string} {string}', function (this: RoadtestWorld, code: string, faultCode: string, faultString: string) {
  setProviderBehaviour(this, code, { kind: 'soap-fault', faultCode, faultString, httpStatus: 500 });
});

Given('the provider IS answers {string} with a made-up requestHash in its header', function (this: RoadtestWorld, code: string) {
  setProviderBehaviour(this, code, { kind: 'soap-echo', bogusRequestHash: true });
});

Given('the provider IS answers {string} with the extra HTTP header {string} set to {string}', function (this: RoadtestWorld, code: string, name: string, value: string) {
  setProviderBehaviour(this, code, { kind: 'soap-echo', headers: { [name]: value } });
});

Given('the provider IS answers {string} with the attachments it received', function (this: RoadtestWorld, code: string) {
  setProviderBehaviour(this, code, { kind: 'soap-echo', attachments: 'echo' });
});

Given('the peer security server misbehaves with {string}', function (this: RoadtestWorld, knob: string) {
  const knobs = handles(this).peer.knobs;
  knobs.set(knob);
  this.cleanups.push(() => void knobs.clear(knob));
});

// ---- When: the request variants ----

When('the client IS sends a SOAP request for {string}', async function (this: RoadtestWorld, code: string) {
  await sendSoapAlongRoute(this, requestFor(this, code));
});

When('the client IS sends a SOAP request for {string} without the header field {string}', async function (this: RoadtestWorld, code: string, field: string) {
  await sendSoapAlongRoute(this, edit.dropHeaderField(requestFor(this, code), field));
});

When('the client IS sends a SOAP request for {string} with the header field {string} twice', async function (this: RoadtestWorld, code: string, field: string) {
  await sendSoapAlongRoute(this, edit.duplicateHeaderField(requestFor(this, code), field));
});

When('the client IS sends a SOAP request for {string} with protocolVersion {string}', async function (this: RoadtestWorld, code: string, version: string) {
  await sendSoapAlongRoute(this, requestFor(this, code, { protocolVersion: version }));
});

When('the client IS sends a SOAP request for {string} whose body wrapper is {string}', async function (this: RoadtestWorld, code: string, wrapper: string) {
  await sendSoapAlongRoute(this, edit.renameBodyWrapper(requestFor(this, code), wrapper));
});

When('the client IS sends a SOAP request for {string} without a SOAP Header', async function (this: RoadtestWorld, code: string) {
  await sendSoapAlongRoute(this, edit.dropSoapHeader(requestFor(this, code)));
});

When('the client IS sends a SOAP request for {string} without a SOAP Body', async function (this: RoadtestWorld, code: string) {
  await sendSoapAlongRoute(this, edit.dropSoapBody(requestFor(this, code)));
});

When('the client IS sends a SOAP request for {string} with two elements in the SOAP Body', async function (this: RoadtestWorld, code: string) {
  await sendSoapAlongRoute(this, edit.addSecondBodyChild(requestFor(this, code)));
});

When('the client IS sends a SOAP request for {string} whose client objectType is {string}', async function (this: RoadtestWorld, code: string, objectType: string) {
  await sendSoapAlongRoute(this, edit.setClientObjectType(requestFor(this, code), objectType));
});

When('the client IS sends a SOAP request for {string} whose client is a MEMBER with a subsystemCode', async function (this: RoadtestWorld, code: string) {
  await sendSoapAlongRoute(this, edit.memberClientWithSubsystem(requestFor(this, code)));
});

When('the client IS sends a SOAP request for {string} whose client is a SUBSYSTEM without a subsystemCode', async function (this: RoadtestWorld, code: string) {
  await sendSoapAlongRoute(this, edit.subsystemClientWithoutSubsystem(requestFor(this, code)));
});

When('the client IS sends a SOAP request for {string} with HTTP method {word}', async function (this: RoadtestWorld, code: string, method: string) {
  await sendSoapAlongRoute(this, requestFor(this, code), { method });
});

When('the client IS sends a SOAP request for {string} as content type {string}', async function (this: RoadtestWorld, code: string, contentType: string) {
  await sendSoapAlongRoute(this, requestFor(this, code), { contentType });
});

When('the client IS sends a SOAP request for {string} with SOAPAction {string}', async function (this: RoadtestWorld, code: string, soapAction: string) {
  await sendSoapAlongRoute(this, requestFor(this, code), { soapAction });
});

When('the client IS sends a SOAP request for {string} with the HTTP header {string} set to {string}', async function (this: RoadtestWorld, code: string, name: string, value: string) {
  await sendSoapAlongRoute(this, requestFor(this, code), { headers: { [name]: value } });
});

When('the client IS sends a SOAP request for {string} with {int} attachment(s)', async function (this: RoadtestWorld, code: string, n: number) {
  await sendSoapAlongRoute(this, requestFor(this, code), { attachments: attachments(n) });
});

When('the client IS sends a SOAP request for {string} with an attachment of {int} KiB', async function (this: RoadtestWorld, code: string, kib: number) {
  await sendSoapAlongRoute(this, requestFor(this, code), { attachments: attachments(1, kib * 1024) });
});

When('the client IS sends an MTOM SOAP request for {string} with {int} attachment(s)', async function (this: RoadtestWorld, code: string, n: number) {
  await sendSoapAlongRoute(this, requestFor(this, code, { wrapperExtra: '<file><xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:attachment-1@roadtest"/></file>' }), {
    attachments: attachments(n),
    mtom: true,
  });
});

When('the client IS sends a SOAP request for {string} encoded in ISO-8859-1 with the content {string}', async function (this: RoadtestWorld, code: string, content: string) {
  await sendSoapAlongRoute(this, edit.latin1Request(requestFor(this, code), content), { contentType: 'text/xml; charset=ISO-8859-1' });
});

When('the client IS sends a SOAP request for {string} prefixed with a UTF-8 byte order mark', async function (this: RoadtestWorld, code: string) {
  await sendSoapAlongRoute(this, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(requestFor(this, code), 'utf8')]));
});

When('the client IS sends a SOAP request for {string} targeted at the provider\'s security server', async function (this: RoadtestWorld, code: string) {
  await sendSoapAlongRoute(this, requestFor(this, code, { securityServer: serverOf(this, 'provider') }));
});

When('the client IS sends a SOAP request for {string} targeted at the provider\'s security server with objectType {string}', async function (this: RoadtestWorld, code: string, objectType: string) {
  const xml = requestFor(this, code, { securityServer: serverOf(this, 'provider') }).replace('<xrd:securityServer id:objectType="SERVER">', `<xrd:securityServer id:objectType="${objectType}">`);
  await sendSoapAlongRoute(this, xml);
});

When('the client IS sends a SOAP request for {string} targeted at the client\'s own security server', async function (this: RoadtestWorld, code: string) {
  await sendSoapAlongRoute(this, requestFor(this, code, { securityServer: serverOf(this, 'client') }));
});

When('the client IS sends a SOAP request for {string} targeted at the security server {string}', async function (this: RoadtestWorld, code: string, serverId: string) {
  await sendSoapAlongRoute(this, requestFor(this, code, { securityServer: serverId }));
});

When('the client IS sends a SOAP request for {string} with a JWT securityToken', async function (this: RoadtestWorld, code: string) {
  this.vars.set('inserted:securityToken', edit.securityTokenElement(JWT));
  await sendSoapAlongRoute(this, edit.addSecurityToken(requestFor(this, code), JWT));
});

When('the client IS sends a SOAP request for {string} on behalf of {string}', async function (this: RoadtestWorld, code: string, party: string) {
  this.vars.set('inserted:representedParty', edit.representedPartyElement(party));
  await sendSoapAlongRoute(this, edit.addRepresentedParty(requestFor(this, code), party));
});

When(
  'the client IS sends a SOAP request for {string} on behalf of {string} and the provider IS answers on behalf of {string}',
  async function (this: RoadtestWorld, code: string, party: string, answerParty: string) {
    const request = edit.addRepresentedParty(requestFor(this, code), party);
    // The provider IS's echo with only the represented party changed, signed as it is by the peer.
    const answer = soapEchoResponse(request).replace(edit.representedPartyElement(party), edit.representedPartyElement(answerParty));
    setProviderBehaviour(this, code, { kind: 'raw', status: 200, headers: { 'Content-Type': 'text/xml; charset=UTF-8' }, body: answer });
    await sendSoapAlongRoute(this, request);
  },
);

// ---- Then: what reached the provider IS ----

Then('the provider IS received no request', function (this: RoadtestWorld) {
  const got = providerReceived(this);
  expectThat(got.length === 0, 'the request reached the provider IS', {
    expected: 'nothing forwarded to the provider IS',
    actual: got.map((r) => `${r.method} ${r.path}`).join(', '),
    requirement: 'a refused request is not forwarded (TRANSP-008, TRANSP-011)',
  });
});

Then('the provider IS received {int} request(s)', function (this: RoadtestWorld, n: number) {
  const got = providerReceived(this);
  expectThat(got.length === n, `the provider IS received ${got.length} requests`, { expected: `${n} request(s)`, actual: got.map((r) => `${r.method} ${r.path}`).join(', ') || 'none' });
});

Then('the provider IS received the SOAP request byte for byte', function (this: RoadtestWorld) {
  const got = splitReceivedSoap(theProviderRequest(this)).soap;
  const sent = soapSent(this);
  expectThat(got.equals(sent), 'the SOAP bytes at the provider IS differ from what the client IS sent', {
    expected: `${sent.length} bytes as sent`,
    actual: `${got.length} bytes: ${got.toString('utf8').slice(0, 400)}`,
    requirement: 'MESS-012: SOAP bytes are delivered to the provider IS unmodified',
  });
});

Then('the provider IS received the header field {string} with the value {string}', function (this: RoadtestWorld, field: string, value: string) {
  const xml = splitReceivedSoap(theProviderRequest(this)).soap.toString('utf8');
  const got = edit.elementText(xml, field);
  expectThat(got === value, `header field ${field} did not arrive as sent`, { expected: `${field} = ${value}`, actual: got === undefined ? `no ${field} element` : got, requirement: 'MESS-004: header fields reach the provider' });
});

Then('the provider IS received the {word} exactly as sent', function (this: RoadtestWorld, element: string) {
  const xml = splitReceivedSoap(theProviderRequest(this)).soap.toString('utf8');
  const sent = this.vars.get(`inserted:${element}`) as string;
  const got = edit.elementXml(xml, element);
  expectThat(got === sent, `${element} did not reach the provider IS unchanged`, { expected: sent, actual: got ?? `no ${element} element`, requirement: 'EXT-003/EXT-004: extension headers pass end to end' });
});

Then('the provider IS received the attachments as sent, with their MIME headers', function (this: RoadtestWorld) {
  const sent = this.vars.get('attachmentsSent') as ReturnType<typeof attachments>;
  const got = splitReceivedSoap(theProviderRequest(this)).attachments;
  expectThat(got.length === sent.length, 'attachment count differs at the provider IS', { expected: `${sent.length} attachments`, actual: `${got.length}`, requirement: 'MESS-016' });
  sent.forEach((a, i) => {
    const g = got[i]!;
    expectThat(g.body.equals(Buffer.from(a.body)), `attachment ${i + 1} bytes differ`, { expected: `${Buffer.from(a.body).length} bytes`, actual: `${g.body.length} bytes`, requirement: 'MESS-012/MESS-016: parts delivered unmodified' });
    for (const [name, value] of Object.entries({ 'Content-Type': a.contentType, ...a.headers })) {
      const v = g.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
      expectThat(v === value, `attachment ${i + 1} MIME header ${name} not preserved`, { expected: `${name}: ${value}`, actual: v ?? '(absent)', requirement: 'MESS-012: MIME headers of every attachment part preserved' });
    }
  });
});

Then('the provider IS received a multipart\\/related request whose root part is application\\/xop+xml', function (this: RoadtestWorld) {
  const r = theProviderRequest(this);
  const ct = r.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
  expectThat(/^multipart\/related/i.test(ct) && /application\/xop\+xml/i.test(ct), 'the provider IS did not get an MTOM request', { expected: 'multipart/related; type="application/xop+xml"', actual: ct, requirement: 'MESS-016: MTOM supported' });
});

Then('the provider IS received the HTTP header {string} with the value {string}', function (this: RoadtestWorld, name: string, value: string) {
  const r = theProviderRequest(this);
  const got = r.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
  expectThat(got.length > 0 && got[got.length - 1] === value, `HTTP header ${name} did not reach the provider IS as sent`, { expected: `${name}: ${value}`, actual: got.length ? got.join(' | ') : '(absent)' });
});

Then('the provider IS did not receive the HTTP header {string}', function (this: RoadtestWorld, name: string) {
  const r = theProviderRequest(this);
  const got = r.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase());
  expectThat(got.length === 0, `HTTP header ${name} reached the provider IS`, { expected: `no ${name}`, actual: got.map(([n, v]) => `${n}: ${v}`).join(' | '), requirement: 'MESS-011 / REST-009' });
});

// Connection-level headers any HTTP client writes; MESS-011 is about message headers.
const FRAMING = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'te', 'expect']);

Then('the provider IS received only Content-Type and SOAPAction as message headers', function (this: RoadtestWorld) {
  const extra = theProviderRequest(this).headers.filter(([n]) => !FRAMING.has(n.toLowerCase()) && !['content-type', 'soapaction'].includes(n.toLowerCase()));
  expectThat(extra.length === 0, 'the provider IS received other HTTP headers', {
    expected: 'Content-Type and SOAPAction only',
    actual: extra.map(([n, v]) => `${n}: ${v}`).join(' | '),
    requirement: 'MESS-011: only Content-Type and SOAPAction of the client request reach the provider IS',
  });
});

// ---- Then: what the client IS got back ----

function lastSent(world: RoadtestWorld): { sentShort: string; received: ReturnType<RoadtestWorld['lastOrThrow']>['received'] } {
  const { sent, received } = world.lastOrThrow();
  return { sentShort: `${sent.method} ${sent.url}`, received };
}

Then('the client IS receives a SOAP fault whose code starts with {string}', function (this: RoadtestWorld, prefix: string) {
  const { sentShort, received } = lastSent(this);
  expectFaultStartingWith(received, sentShort, prefix);
});

Then('the client IS receives a SOAP fault whose code starts with {string} within {int} seconds', function (this: RoadtestWorld, prefix: string, seconds: number) {
  const { sentShort, received } = lastSent(this);
  expectFaultStartingWith(received, sentShort, prefix);
  expectThat(received.durationMs <= seconds * 1000, 'the fault came too late', { sent: sentShort, expected: `within ${seconds} s`, actual: `${(received.durationMs / 1000).toFixed(1)} s` });
});

Then('the SOAP fault string mentions {string}', function (this: RoadtestWorld, words: string) {
  const { sentShort, received } = lastSent(this);
  expectFaultStringMentions(received, sentShort, words);
});

Then('the fault is a SOAP 1.1 Fault with faultstring and a UUID faultDetail, sent as text\\/xml', function (this: RoadtestWorld) {
  const { sentShort, received } = lastSent(this);
  expectTechnicalFaultShape(received, sentShort);
});

Then('the response requestHash is the SHA-512 of the request bytes the client IS sent', function (this: RoadtestWorld) {
  const { sentShort, received } = lastSent(this);
  expectRequestHashOf(received, sentShort, soapSent(this));
});

Then("the response header echoes the request's header fields", function (this: RoadtestWorld) {
  const { sentShort, received } = lastSent(this);
  expectHeaderEcho(received, sentShort, soapSent(this));
});

Then("the response header has the request's fields in the request's order", function (this: RoadtestWorld) {
  const { sentShort, received } = lastSent(this);
  expectHeaderOrder(received, sentShort, soapSent(this));
});

Then('the client IS receives the provider IS fault {string} {string} unchanged', function (this: RoadtestWorld, code: string, text: string) {
  const { sentShort, received } = lastSent(this);
  const f = soapAnswer(received, sentShort).fault;
  expectThat(f?.faultCode === code && f?.faultString === text, "the provider IS's fault did not come back unchanged", {
    sent: sentShort,
    expected: `${code}: ${text}`,
    actual: f ? `${f.faultCode}: ${f.faultString}` : 'no fault',
    requirement: "MESS-019: a provider IS fault is passed back with the IS's faultcode unchanged",
  });
});

Then('the client IS response carries no HTTP header {string}', function (this: RoadtestWorld, name: string) {
  const { sentShort, received } = lastSent(this);
  const v = received.headers[name.toLowerCase()];
  expectThat(v === undefined, `the client IS got the provider's HTTP header ${name}`, { sent: sentShort, expected: `no ${name}`, actual: `${name}: ${v}`, requirement: 'MESS-011: only Content-Type of the provider IS response reaches the client IS' });
});

Then('the client IS receives the attachments back', function (this: RoadtestWorld) {
  const { sentShort, received } = lastSent(this);
  const sent = this.vars.get('attachmentsSent') as Array<{ body: Buffer }>;
  const got = answerEnvelope(received).attachments;
  const same = got.length === sent.length && sent.every((a, i) => got[i]!.body.equals(Buffer.from(a.body)));
  expectThat(same, 'the response attachments differ from the ones the provider IS returned', { sent: sentShort, expected: `${sent.length} attachments as sent`, actual: `${got.length} attachments`, requirement: 'MESS-016' });
});

Then('the response body says {string}', function (this: RoadtestWorld, words: string) {
  const { sentShort, received } = lastSent(this);
  const env = soapAnswer(received, sentShort);
  expectThat(env.xml.includes(words), 'the decoded response does not contain the text', { sent: sentShort, expected: words, actual: `${env.charset}: ${env.xml.slice(0, 400)}`, requirement: 'MESS-017: charset honoured' });
});

Then("the client IS answer does not contain the provider's response", function (this: RoadtestWorld) {
  const { sentShort, received } = lastSent(this);
  expectThat(!/Response>/.test(received.text), "the provider's response reached the client IS", { sent: sentShort, expected: 'a fault only', actual: received.text.slice(0, 300), requirement: 'TRANSP-008: nothing is forwarded before the signature verifies' });
});

Then('the client IS receives a successful SOAP response with attachments', function (this: RoadtestWorld) {
  const { sentShort, received } = lastSent(this);
  const env = soapAnswer(received, sentShort);
  expectThat(!env.isFault && /^multipart\/related/i.test(received.headers['content-type'] ?? ''), 'not a successful multipart/related SOAP response', {
    sent: sentShort,
    expected: 'a multipart/related SOAP response',
    actual: env.isFault ? `${env.fault?.faultCode}: ${env.fault?.faultString}` : (received.headers['content-type'] ?? ''),
    requirement: 'MESS-016: SwA responses, SOAP part first',
  });
});

Then('the client IS receives a SOAP answer within {int} seconds', function (this: RoadtestWorld, seconds: number) {
  const { sentShort, received } = lastSent(this);
  soapAnswer(received, sentShort);
  expectThat(received.durationMs <= seconds * 1000, 'the answer came too late', { sent: sentShort, expected: `within ${seconds} s`, actual: `${(received.durationMs / 1000).toFixed(1)} s` });
});

// ---- MESS-021: the WSDL through getWsdl ----

Given('the provider IS publishes a WSDL for {string}', function (this: RoadtestWorld, code: string) {
  // The environment points each SOAP service's WSDL address at /wsdl/<side>/<path> on the provider IS.
  const prefix = providerPath(this, code).replace(/^\/soap\//, '/wsdl/');
  const table = handles(this).providerIs.behaviours;
  table.set(prefix, { kind: 'raw', status: 200, headers: { 'Content-Type': 'text/xml; charset=UTF-8' }, body: providerWsdl(code, `${handles(this).providerIs.url}${providerPath(this, code)}`) });
  this.cleanups.push(() => void table.set(prefix, { kind: 'rest-echo' }));
});

When('the client IS asks the provider for the WSDL of {string}', async function (this: RoadtestWorld, code: string) {
  const xml = requestFor(this, 'getWsdl').replace(/<prov:getWsdl>[\s\S]*?<\/prov:getWsdl>/, `<xrd:getWsdl><xrd:serviceCode>${code}</xrd:serviceCode></xrd:getWsdl>`);
  await sendSoapAlongRoute(this, xml);
});

Then('the WSDL attachment describes {string} as MESS-021 requires', function (this: RoadtestWorld, code: string) {
  const { sentShort, received } = lastSent(this);
  const wsdl = answerEnvelope(received).attachments.find((a) => /definitions/.test(a.body.toString('utf8')));
  const problems = wsdl ? wsdlProblems(wsdl.body.toString('utf8'), code) : ['no WSDL attachment in the getWsdl response'];
  expectThat(problems.length === 0, 'the WSDL handed out is not as MESS-021 describes', {
    sent: sentShort,
    expected: 'document/literal WSDL with xrd:version, xrd:title, xrd:notes, xrd:techNotes as published',
    actual: problems.join('; '),
    requirement: 'MESS-021: WSDL describing services',
  });
});
