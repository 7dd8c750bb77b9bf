// Management request steps (features/management, MSERV-001..005). The SUT sends the request
// (harness/scenario/management.ts); the management service provider behind the peer decoded and
// verified it (simulators/member-systems/management-service.ts); these steps compare.
import { Given, Then, When } from '@cucumber/cucumber';
import { idEquals, idToShortString, idToString, memberOf, parseSecurityServerIdPath, providerOf } from '../protocol/identifiers/index.js';
import type { ManagementFields } from '../protocol/mserv/index.js';
import { faultCodeMatches } from '../protocol/faults/index.js';
import { expectThat } from '../harness/expect/conformance-failure.js';
import {
  expectedSigner,
  managementInboxOf,
  managementProviderId,
  postTamperedClientReg,
  receivedPathOk,
  summary,
  sutFieldsFor,
  sutSendsManagementRequest,
  type SendableKind,
  type Tamper,
} from '../harness/scenario/management.js';
import type { ReceivedManagementRequest } from '../simulators/member-systems/index.js';
import type { ManagementExchange } from '../simulators/security-server/management/management-sender.js';
import type { RoadtestWorld } from './support/world.js';
import { verifyManagementSignature } from '../protocol/mserv/index.js';
import type { ReceivedAuthCertReg } from '../simulators/central-server/index.js';
import type { IssuedCert } from '../simulators/pki/index.js';
import type { AuthCertRegExchange } from '../simulators/security-server/management/auth-cert-reg-sender.js';
import { authCertRegServiceOf, authCertRegSummary, newSutAuthCert, sutRegistersAuthCert } from '../harness/scenario/management-auth-cert-reg.js';

const REQ = {
  1: 'MSERV-001: management requests are ordinary X-Road SOAP requests of managementRequestServiceProviderId, sent through the client proxy',
  2: 'MSERV-002: body fields server, client (+ subsystemName, address, authCert, message); the response echoes them and adds requestId',
  3: 'MSERV-003: multipart/related — SOAP text/xml; signature over the SOAP part bytes with signature-algorithm-id; signing cert DER; OCSP DER',
  5: 'MSERV-005: signatures verify over the exact part-1 bytes, OCSP is fresh, the signer owns the client/server',
};

function exchangeOf(world: RoadtestWorld): ManagementExchange {
  const x = world.vars.get('mservExchange') as ManagementExchange | undefined;
  if (!x) throw new Error('no management request was sent in this scenario');
  return x;
}

function receivedOf(world: RoadtestWorld): ReceivedManagementRequest {
  const inbox = managementInboxOf(world.env);
  const r = inbox.received[inbox.received.length - 1];
  if (!r) {
    const x = world.vars.get('mservExchange') as ManagementExchange | undefined;
    expectThat(false, 'the management service provider received no management request', {
      sent: x?.kind ?? 'a management request',
      expected: 'one request at the provider IS behind the peer security server',
      actual: x?.error ? `the SUT reported ${x.error.code}: ${x.error.message}` : 'nothing arrived',
      requirement: REQ[1],
    });
  }
  return r;
}

function sentShort(world: RoadtestWorld): string {
  const x = exchangeOf(world);
  return `${x.kind} as ${x.request.contentType.split(';')[0]} (${x.request.body.length} bytes) to the SUT client proxy`;
}

Given('the management service provider behind the peer security server records management requests', function (this: RoadtestWorld) {
  managementInboxOf(this.env).clear();
});

When('the SUT sends the management request {string}', async function (this: RoadtestWorld, kind: string) {
  const fields = sutFieldsFor(this.env, kind as SendableKind);
  this.vars.set('mservFields', fields);
  const x = await sutSendsManagementRequest(this.env, kind as SendableKind, fields);
  this.vars.set('mservExchange', x);
  await this.recordExchange({
    hop: 'SUT (management request) -> SUT client proxy',
    startedAt: new Date(),
    durationMs: 0,
    request: { method: 'POST', url: 'client proxy /', headers: { 'content-type': x.request.contentType }, body: x.request.body },
    ...(x.response ? { response: { status: x.response.status, headers: { 'content-type': x.response.contentType ?? '' }, body: x.response.body } } : {}),
    ...(x.error ? { error: `${x.error.code}: ${x.error.message}` } : {}),
  });
});

Then('the management service provider received the {string} request through the peer security server', function (this: RoadtestWorld, kind: string) {
  const r = receivedOf(this);
  expectThat(r.request?.kind === kind && receivedPathOk(this.env, kind), `the provider did not receive a ${kind} request for its ${kind} service`, {
    sent: sentShort(this), expected: `${kind} at ${managementProviderId(this.env)}/${kind}`, actual: summary(r), requirement: REQ[1],
  });
  const h = r.request!.soap.header;
  const provider = h.service ? idToShortString(providerOf(h.service)) : 'none';
  expectThat(provider === managementProviderId(this.env) && h.service?.serviceCode === kind, 'the request is not addressed to managementRequestServiceProviderId', {
    sent: sentShort(this), expected: `service ${managementProviderId(this.env)}/${kind}`, actual: h.service ? idToString(h.service) : 'no service header', requirement: REQ[1],
  });
  const owner = memberOf(parseSecurityServerIdPath(this.env.sut.id));
  expectThat(!!h.client && idEquals(h.client, owner), 'the header client is not the SUT owner member', {
    sent: sentShort(this), expected: idToString(owner), actual: h.client ? idToString(h.client) : 'none', requirement: REQ[1],
  });
});

Then('the management service provider accepted it', function (this: RoadtestWorld) {
  const r = receivedOf(this);
  expectThat(!r.error && !!r.verified, 'the management service provider refused the request', {
    sent: sentShort(this), expected: 'a request that passes every check of MSERV-003/005', actual: summary(r), requirement: `${REQ[3]}; ${REQ[5]}`,
  });
});

Then('the management request is multipart\\/related with the SOAP part and the member signature parts', function (this: RoadtestWorld) {
  const r = receivedOf(this);
  const req = r.request;
  const types = req?.extraParts.map((p) => p.contentType ?? '-').join(', ') ?? '-';
  expectThat(!!req && req.multipart && /^text\/xml/i.test(req.soapPartContentType ?? '') && req.extraParts.length === 3 && !!req.member?.algorithm, 'the request does not have the four parts of a signed management request', {
    sent: sentShort(this),
    expected: 'multipart/related: text/xml SOAP; application/octet-stream signature with signature-algorithm-id; certificate; OCSP response',
    actual: req ? `${req.contentType}; SOAP part ${req.soapPartContentType}; then ${req.extraParts.length} part(s): ${types}; algorithm ${req.member?.algorithm ?? 'none'}` : summary(r),
    requirement: REQ[3],
  });
});

Then('the management request is a bare text\\/xml SOAP message', function (this: RoadtestWorld) {
  const r = receivedOf(this);
  expectThat(!!r.request && !r.request.multipart, 'the request is not a bare SOAP message', {
    sent: sentShort(this), expected: 'text/xml (PR-MSERV §2.2/§2.4: no member signature parts)', actual: `${r.contentType}`, requirement: REQ[3],
  });
});

Then('the member signature verifies over the exact SOAP part bytes with a fresh OCSP response', function (this: RoadtestWorld) {
  const r = receivedOf(this);
  const fresh = r.verified?.ocspThisUpdate;
  expectThat(!r.error && !!r.verified?.signingCert && !!fresh, 'the member signature or its OCSP response did not verify', {
    sent: sentShort(this),
    expected: 'signature over the SOAP part bytes as received; OCSP good, thisUpdate within ocspFreshnessSeconds',
    actual: summary(r),
    requirement: `${REQ[3]}; ${REQ[5]}`,
  });
  const sentSoap = exchangeOf(this).request.soap;
  expectThat(Buffer.from(r.request!.soap.bytes).equals(sentSoap), 'the SOAP part reached the provider changed', {
    sent: sentShort(this), expected: `${sentSoap.length} bytes as the SUT sent them`, actual: `${r.request!.soap.bytes.length} bytes, different`, requirement: REQ[5],
  });
});

Then('the signing certificate belongs to the member that owns the client or server', function (this: RoadtestWorld) {
  const r = receivedOf(this);
  const want = r.request && expectedSigner(r.request.kind, r.request.fields);
  expectThat(!!want && !!r.verified?.signer && idEquals(r.verified.signer, want), 'the signing certificate does not belong to the member that must sign', {
    sent: sentShort(this), expected: want ? idToString(want) : 'a signer', actual: summary(r), requirement: REQ[5],
  });
});

Then('the management request body carries the fields the SUT was given', function (this: RoadtestWorld) {
  const r = receivedOf(this);
  const given = this.vars.get('mservFields') as Partial<ManagementFields>;
  const got = r.request?.fields;
  const text = (v: unknown): string => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v && typeof v === 'object' ? idToString(v as never) : String(v));
  const wrong = Object.entries(given).filter(([k, v]) => v !== undefined && (!got || text(got[k as keyof ManagementFields]) !== text(v))).map(([k]) => k);
  expectThat(!!got && wrong.length === 0, `body fields missing or changed: ${wrong.join(', ')}`, {
    sent: sentShort(this),
    expected: Object.entries(given).map(([k, v]) => `${k}=${text(v).slice(0, 60)}`).join('; '),
    actual: got ? Object.entries(got).map(([k, v]) => `${k}=${text(v).slice(0, 60)}`).join('; ') : summary(r),
    requirement: REQ[2],
  });
});

Then('the SUT got back the requestId the provider assigned', function (this: RoadtestWorld) {
  const x = exchangeOf(this);
  const r = receivedOf(this);
  expectThat(!x.error && x.requestId !== undefined && x.requestId === r.requestId, 'the SUT did not get the requestId back', {
    sent: sentShort(this), expected: `requestId ${r.requestId} in xroad:${x.kind}Response`, actual: x.error ? `${x.error.code}: ${x.error.message}` : `requestId ${x.requestId}`, requirement: REQ[2],
  });
});

When('a clientReg whose {word} is tampered is posted to the SUT client proxy', async function (this: RoadtestWorld, what: string) {
  const tamper: Tamper = what === 'signature' ? 'signature-over-other-bytes' : 'stale-ocsp';
  const { sent, received } = await postTamperedClientReg(this.env, tamper);
  await this.remember('harness (tampered management request) -> SUT client proxy', sent, received);
});

Then('the management service provider refused it with {string}', function (this: RoadtestWorld, code: string) {
  const r = receivedOf(this);
  expectThat(!!r.error && (r.error.code === code || r.error.code.startsWith(`${code}.`)), `the provider did not refuse the request with ${code}`, {
    sent: 'tampered clientReg', expected: `refused: ${code}`, actual: summary(r), requirement: REQ[5],
  });
  const { received } = this.lastOrThrow();
  expectThat(faultCodeMatches(received.text.match(/<faultcode>([^<]*)<\/faultcode>/)?.[1] ?? '', code) || received.text.includes(code), 'the SUT did not relay the provider\'s fault', {
    sent: 'tampered clientReg', expected: `a SOAP fault naming ${code}`, actual: received.text.slice(0, 300), requirement: REQ[5],
  });
});

// ---- authCertReg (features/management/auth-cert-registration.feature, MSERV-004/005) ----

const REQ4 = 'MSERV-004: authCertReg is a direct HTTPS POST to authCertRegServiceAddress, the TLS cert pinned to authCertRegServiceCert; 6 parts: SOAP, PoP signature by the new auth key, owner signature, auth cert, owner signing cert, owner OCSP; reply text/xml echo + requestId';

function authRegExchangeOf(world: RoadtestWorld): AuthCertRegExchange {
  const x = world.vars.get('authCertRegExchange') as AuthCertRegExchange | undefined;
  if (!x) throw new Error('no authCertReg was sent in this scenario');
  return x;
}

function authRegSent(world: RoadtestWorld): string {
  const x = authRegExchangeOf(world);
  return `authCertReg as ${x.request.contentType.split(';')[0]} (${x.request.body.length} bytes) to ${x.url ?? 'authCertRegServiceAddress'}`;
}

function authRegReceived(world: RoadtestWorld): ReceivedAuthCertReg {
  const r = authCertRegServiceOf(world.env).inbox.last();
  if (!r) {
    const x = authRegExchangeOf(world);
    expectThat(false, "the central server's authCertReg endpoint received nothing", {
      sent: authRegSent(world), expected: 'one authCertReg at authCertRegServiceAddress', actual: x.error ? `the SUT reported ${x.error.code}: ${x.error.message}` : 'nothing arrived', requirement: REQ4,
    });
  }
  return r!;
}

Given("the central server's authCertReg endpoint records registrations", function (this: RoadtestWorld) {
  authCertRegServiceOf(this.env).inbox.clear();
  managementInboxOf(this.env).clear();
});

Given("the central server's authCertReg endpoint presents a TLS certificate other than authCertRegServiceCert", function (this: RoadtestWorld) {
  const s = authCertRegServiceOf(this.env);
  s.serveImpostor(true);
  this.cleanups.push(() => s.serveImpostor(false));
});

When('the SUT registers a new authentication certificate at the central server', async function (this: RoadtestWorld) {
  const cert = await newSutAuthCert(this.env);
  this.vars.set('authCertRegNewCert', cert);
  const x = await sutRegistersAuthCert(this.env, cert);
  this.vars.set('authCertRegExchange', x);
  await this.recordExchange({
    hop: 'SUT (authCertReg) -> central server authCertRegServiceAddress',
    startedAt: new Date(),
    durationMs: 0,
    request: { method: 'POST', url: x.url ?? 'authCertRegServiceAddress', headers: { 'content-type': x.request.contentType }, body: x.request.body },
    ...(x.response ? { response: { status: x.response.status, headers: { 'content-type': x.response.contentType ?? '' }, body: x.response.body } } : {}),
    ...(x.error ? { error: `${x.error.code}: ${x.error.message}` } : {}),
  });
});

Then("the central server's authCertReg endpoint received the registration over HTTPS", function (this: RoadtestWorld) {
  const r = authRegReceived(this);
  const s = authCertRegServiceOf(this.env);
  expectThat(r.request?.request.kind === 'authCertReg' && s.url.startsWith('https://'), 'the endpoint did not receive an authCertReg', {
    sent: authRegSent(this), expected: `authCertReg POSTed to ${s.url}`, actual: authCertRegSummary(r), requirement: REQ4,
  });
});

Then('the registration did not go through the client proxy to the management service provider', function (this: RoadtestWorld) {
  const viaProxy = managementInboxOf(this.env).received.length + (receivedPathOk(this.env, 'authCertReg') ? 1 : 0);
  expectThat(viaProxy === 0, 'authCertReg also reached the management service provider through the client proxy', {
    sent: authRegSent(this), expected: 'nothing at managementRequestServiceProviderId', actual: `${viaProxy} request(s) there`, requirement: REQ4,
  });
});

Then('the central server accepted the registration', function (this: RoadtestWorld) {
  const r = authRegReceived(this);
  expectThat(!r.error && !!r.verified, 'the central server refused the registration', {
    sent: authRegSent(this), expected: 'a registration that passes every check of MSERV-004/005', actual: authCertRegSummary(r), requirement: `${REQ4}; ${REQ[5]}`,
  });
});

Then('the SUT got back the requestId the central server assigned', function (this: RoadtestWorld) {
  const x = authRegExchangeOf(this);
  const r = authRegReceived(this);
  expectThat(!x.error && x.requestId !== undefined && x.requestId === r.requestId && /^text\/xml/i.test(x.response?.contentType ?? ''), 'the SUT did not get the requestId back', {
    sent: authRegSent(this), expected: `text/xml xroad:authCertRegResponse with requestId ${r.requestId}`, actual: x.error ? `${x.error.code}: ${x.error.message}` : `${x.response?.contentType}; requestId ${x.requestId}`, requirement: `${REQ4}; ${REQ[2]}`,
  });
});

Then('the authCertReg request has the six parts in order with signature-algorithm-id on both signatures', function (this: RoadtestWorld) {
  const r = authRegReceived(this);
  const req = r.request;
  const algo = (p: { headers: Array<[string, string]> } | undefined) => p?.headers.find(([n]) => n.toLowerCase() === 'signature-algorithm-id')?.[1];
  const extra = req?.request.extraParts ?? [];
  const newCert = this.vars.get('authCertRegNewCert') as IssuedCert;
  const ok = !!req && req.request.multipart && /^text\/xml/i.test(req.request.soapPartContentType ?? '') && extra.length === 5 && !!algo(req.pop) && !!algo(req.ownerSignature)
    && extra.every((p) => /^application\/octet-stream/i.test(p.contentType ?? '')) && !!req.authCert?.body.equals(newCert.certDer);
  expectThat(ok, 'the request does not have the six parts of authCertReg', {
    sent: authRegSent(this),
    expected: 'multipart/related: text/xml SOAP; PoP signature (signature-algorithm-id); owner signature (signature-algorithm-id); auth cert; owner cert; owner OCSP (application/octet-stream)',
    actual: req ? `${req.request.contentType}; SOAP part ${req.request.soapPartContentType}; then ${extra.length} part(s): ${extra.map((p) => `${p.contentType}${algo(p) ? ` [${algo(p)}]` : ''}`).join(', ')}` : authCertRegSummary(r),
    requirement: REQ4,
  });
});

Then('the proof of possession verifies with the new authentication certificate over the exact SOAP part bytes', function (this: RoadtestWorld) {
  const r = authRegReceived(this);
  const x = authRegExchangeOf(this);
  const pop = r.request?.pop;
  const algorithm = pop?.headers.find(([n]) => n.toLowerCase() === 'signature-algorithm-id')?.[1];
  const newCert = this.vars.get('authCertRegNewCert') as IssuedCert;
  const soap = r.request?.request.soap.bytes;
  let ok = false;
  try {
    ok = !!pop && !!algorithm && !!soap && Buffer.from(soap).equals(x.request.soap) && verifyManagementSignature(algorithm, newCert.cert.publicKey, soap, pop.body);
  } catch {
    ok = false;
  }
  expectThat(ok, 'the proof-of-possession signature does not verify with the new authentication key over the SOAP part', {
    sent: authRegSent(this), expected: `${algorithm ?? 'a'} signature by the key of the new auth cert over the ${x.request.soap.length} SOAP bytes sent`, actual: authCertRegSummary(r), requirement: `${REQ4}; ${REQ[5]}`,
  });
});

Then("the owner signature verifies with the owner's signing certificate and a fresh OCSP response", function (this: RoadtestWorld) {
  const r = authRegReceived(this);
  const owner = memberOf(parseSecurityServerIdPath(this.env.sut.id));
  expectThat(!r.error && !!r.verified?.ocspThisUpdate && idEquals(r.verified.owner, owner), "the owner's signature, certificate or OCSP response did not verify", {
    sent: authRegSent(this), expected: `signature by ${idToString(owner)}'s signing key over the SOAP part; OCSP good and within ocspFreshnessSeconds`, actual: authCertRegSummary(r), requirement: REQ[5],
  });
});

Then('the authCert in the body is the new authentication certificate', function (this: RoadtestWorld) {
  const r = authRegReceived(this);
  const newCert = this.vars.get('authCertRegNewCert') as IssuedCert;
  const inBody = r.request?.request.fields.authCert;
  expectThat(!!inBody && Buffer.from(inBody).equals(newCert.certDer), 'the body authCert is not the new authentication certificate', {
    sent: authRegSent(this), expected: `authCert = ${newCert.cert.subject.replace(/\n/g, ', ')} (serial ${newCert.cert.serialNumber})`, actual: inBody ? `${inBody.length} bytes, different` : 'no authCert', requirement: `${REQ4}; ${REQ[2]}`,
  });
});

Then("the central server's authCertReg endpoint received no registration", function (this: RoadtestWorld) {
  const s = authCertRegServiceOf(this.env);
  expectThat(s.inbox.received.length === 0, 'the SUT sent the registration to a server presenting a certificate other than authCertRegServiceCert', {
    sent: authRegSent(this), expected: 'the TLS connection refused before the request is written (certificate pinned to authCertRegServiceCert)', actual: authCertRegSummary(s.inbox.last()), requirement: REQ4,
  });
});

Then('the SUT reports that the registration failed', function (this: RoadtestWorld) {
  const x = authRegExchangeOf(this);
  expectThat(!!x.error && x.requestId === undefined, 'the SUT reported success', {
    sent: authRegSent(this), expected: 'an error (untrusted central server certificate), no requestId', actual: `requestId ${x.requestId}`, requirement: REQ4,
  });
});
