// Metaservice steps (features/metaservices, META-001..005): /listClients on the SUT's client proxy,
// listMethods / allowedMethods / getWsdl over SOAP and the REST metaservices, sent along the
// scenario's route as ordinary X-Road requests (harness/scenario/meta-requests), and the answers
// read with harness/scenario/meta-answers.
import { Then, When } from '@cucumber/cucumber';
import { sendRaw, type Evidence } from '../simulators/member-systems/index.js';
import { handlesOf } from '../harness/environment/environment-handles.js';
import { expectThat } from '../harness/expect/conformance-failure.js';
import { answerEnvelope, callSoap } from '../harness/scenario/soap-call.js';
import { callRest } from '../harness/scenario/rest-call.js';
import { getWsdlBody, localServiceRequest, methodListBody } from '../harness/scenario/meta-requests.js';
import { answerWrapper, wrapperChildText, clientListFromJson, clientListFromXml, listedServices, wsdlAddressLocations, type ListedClient, type ListedService } from '../harness/scenario/meta-answers.js';
import type { RoadtestWorld } from './support/world.js';

const HIDDEN_ENDPOINT = 'http://example.org/xroad-endpoint';

function list(s: string): string[] {
  return s.split(',').map((x) => x.trim()).filter(Boolean);
}

function sentShort(world: RoadtestWorld): string {
  const { sent } = world.lastOrThrow();
  return `${sent.method} ${sent.url}`;
}

function describe(r: Evidence): string {
  if (r.error) return `${r.error.code}: ${r.error.message}`;
  return `HTTP ${r.status} ${r.headers['content-type'] ?? ''} ${r.text.slice(0, 300)}`;
}

/** Notes the provider IS's request count, so "received no service request" looks only at this scenario. */
function markProvider(world: RoadtestWorld): void {
  world.vars.set('metaPisMark', handlesOf(world.env).providerIs.received.length);
}

async function sendLocalSoap(world: RoadtestWorld, code: string, body: string): Promise<void> {
  const route = world.route();
  markProvider(world);
  const soap = localServiceRequest({ client: route.client, provider: route.provider, serviceCode: code, body });
  const { sent, received } = await callSoap({ url: route.clientProxyUrl, soap, timeoutMs: world.env.profile.timing.requestTimeoutMs });
  await world.remember(route.hop, sent, received);
}

// ---- /listClients ----

async function listClients(world: RoadtestWorld, query: string, accept?: string): Promise<void> {
  const base = world.env.sut.clientProxyUrl;
  if (!base) throw new Error('the profile gives no client proxy URL for the SUT');
  const url = `${base.replace(/\/$/, '')}/listClients${query}`;
  const headers: Record<string, string> = accept ? { Accept: accept } : {};
  const received = await sendRaw(url, { method: 'GET', headers, timeoutMs: world.env.profile.timing.requestTimeoutMs });
  await world.remember('client IS -> SUT /listClients', { method: 'GET', url, headers }, received);
}

When('the client IS asks the SUT for \\/listClients', async function (this: RoadtestWorld) {
  await listClients(this, '');
});

When('the client IS asks the SUT for \\/listClients accepting {string}', async function (this: RoadtestWorld, accept: string) {
  await listClients(this, '', accept);
});

When('the client IS asks the SUT for \\/listClients of its own instance', async function (this: RoadtestWorld) {
  await listClients(this, `?xRoadInstance=${encodeURIComponent(this.env.profile.instance)}`);
});

/** The CLIENT/PROVIDER subsystems of both sides' owner members, as listed clients must show them. */
function expectedClients(world: RoadtestWorld, subsystems: string[]): string[] {
  const { layout } = handlesOf(world.env);
  return [layout.sut.member, layout.peer.member].flatMap((m) => subsystems.map((s) => `${m}/${s}`));
}

function expectListed(world: RoadtestWorld, got: ListedClient[], want: string[], how: string): void {
  const missing = want.filter((id) => !got.some((c) => c.id === id && (c.name ?? '').length > 0));
  expectThat(missing.length === 0, `/listClients does not list ${missing.join(', ')}`, {
    sent: sentShort(world),
    expected: `${how} listing ${want.join(', ')}, each with a name`,
    actual: got.map((c) => `${c.id} (${c.name ?? 'no name'})`).join(', ').slice(0, 500) || '(empty list)',
    requirement: 'META-001: the members and subsystems of the shared parameters, with names',
  });
}

Then("the answer is text\\/xml and lists the clients {string} of both security servers' owners with their names", function (this: RoadtestWorld, subsystems: string) {
  const { received } = this.lastOrThrow();
  const type = received.headers['content-type'] ?? '';
  expectThat(!received.error && received.status === 200 && /^text\/xml/i.test(type), '/listClients did not answer text/xml', { sent: sentShort(this), expected: 'HTTP 200 text/xml clientList', actual: describe(received), requirement: 'META-001' });
  let got: ListedClient[];
  try {
    got = clientListFromXml(received.body);
  } catch (e) {
    expectThat(false, 'the client list cannot be read', { sent: sentShort(this), expected: 'xroad:clientList', actual: (e as Error).message, requirement: 'META-001' });
  }
  expectListed(this, got, expectedClients(this, list(subsystems)), 'a clientList');
});

function jsonClients(world: RoadtestWorld): ReturnType<typeof clientListFromJson> {
  const { received } = world.lastOrThrow();
  expectThat(!received.error && received.status === 200 && /^application\/json/i.test(received.headers['content-type'] ?? ''), '/listClients did not answer JSON', {
    sent: sentShort(world),
    expected: 'HTTP 200 application/json',
    actual: describe(received),
    requirement: 'META-001: with Accept: application/json the list is JSON',
  });
  try {
    return clientListFromJson(received.body);
  } catch (e) {
    expectThat(false, 'the JSON client list cannot be read', { sent: sentShort(world), expected: '{"member":[...]}', actual: (e as Error).message, requirement: 'META-001' });
  }
}

Then('the answer is JSON whose members carry object_type, xroad_instance, member_class, member_code and name', function (this: RoadtestWorld) {
  const got = jsonClients(this);
  const bad = got.filter((c) => !c.objectType || !['MEMBER', 'SUBSYSTEM'].includes(c.objectType) || c.id.split('/').length < 3 || !c.name || (c.objectType === 'SUBSYSTEM') !== (c.id.split('/').length === 4));
  expectThat(got.length > 0 && bad.length === 0, 'JSON members lack their id fields or name', {
    sent: sentShort(this),
    expected: 'every member: id {object_type MEMBER|SUBSYSTEM, xroad_instance, member_class, member_code, subsystem_code for subsystems}, name',
    actual: bad.map((c) => JSON.stringify(c)).join(', ').slice(0, 500) || '(empty list)',
    requirement: 'META-001 (META Annex C.1)',
  });
});

Then("the JSON lists the clients {string} of both security servers' owners", function (this: RoadtestWorld, subsystems: string) {
  expectListed(this, jsonClients(this), expectedClients(this, list(subsystems)), 'JSON');
});

Then('the JSON lists {string} named {string}', function (this: RoadtestWorld, id: string, name: string) {
  const got = jsonClients(this);
  expectThat(got.some((c) => c.id === id && c.name === name), `${id} is not listed`, {
    sent: sentShort(this),
    expected: `${id} named "${name}"`,
    actual: got.map((c) => `${c.id} (${c.name ?? ''})`).join(', ').slice(0, 500),
    requirement: 'META-001: content from the shared parameters the SUT holds (GCONF-007: refreshed)',
  });
});

// ---- SOAP metaservices ----

When('the client IS calls the metaservice {string} of the provider', async function (this: RoadtestWorld, code: string) {
  if (code !== 'listMethods' && code !== 'allowedMethods') throw new Error(`"${code}" is not listMethods or allowedMethods`);
  this.vars.set('metaserviceCalled', code);
  await sendLocalSoap(this, code, methodListBody(code));
});

When('the client IS calls getWsdl of the provider for {string}', async function (this: RoadtestWorld, service: string) {
  const [code, version] = service.split('/');
  await sendLocalSoap(this, 'getWsdl', getWsdlBody(code!, version));
});

function servicesListed(world: RoadtestWorld): ListedService[] {
  const { received } = world.lastOrThrow();
  try {
    const wrapper = answerWrapper(received);
    const want = `${String(world.vars.get('metaserviceCalled'))}Response`;
    expectThat(wrapper.localName === want, `the answer is ${wrapper.localName}`, { sent: sentShort(world), expected: want, actual: wrapper.localName ?? '', requirement: 'META-002' });
    return listedServices(wrapper);
  } catch (e) {
    if ((e as Error).name === 'ConformanceFailure') throw e;
    expectThat(false, 'the method list cannot be read', { sent: sentShort(world), expected: 'listMethodsResponse / allowedMethodsResponse with service entries', actual: `${(e as Error).message}; ${describe(received)}`, requirement: 'META-002' });
  }
}

Then('the service list names {string} of the provider, but not {string}', function (this: RoadtestWorld, wanted: string, unwanted: string) {
  const got = servicesListed(this);
  const provider = this.route().provider;
  const codes = got.map((s) => s.code);
  const missing = list(wanted).filter((c) => !codes.includes(c));
  const extra = list(unwanted).filter((c) => codes.some((x) => x === c || x.startsWith(`${c}/`)));
  const foreign = got.filter((s) => s.provider !== provider);
  expectThat(missing.length === 0 && extra.length === 0 && foreign.length === 0, 'the method list is not the provider\'s', {
    sent: sentShort(this),
    expected: `services of ${provider} including ${wanted}, none of ${unwanted}`,
    actual: got.map((s) => `${s.provider}/${s.code}`).join(', ') || '(none)',
    requirement: 'META-002: the provider\'s services; metaservices never listed; allowedMethods filtered by the caller\'s access rights',
  });
});

Then('the service list does not name {string}', function (this: RoadtestWorld, unwanted: string) {
  const codes = servicesListed(this).map((s) => s.code);
  const extra = list(unwanted).filter((c) => codes.includes(c));
  expectThat(extra.length === 0, `the list names ${extra.join(', ')}`, { sent: sentShort(this), expected: `no ${unwanted}`, actual: codes.join(', '), requirement: 'META-002: allowedMethods follows the access rights' });
});

Then('the provider IS received no service request', function (this: RoadtestWorld) {
  const mark = this.vars.get('metaPisMark') ?? this.vars.get('pisMark');
  if (typeof mark !== 'number') throw new Error('no request was sent with a metaservice step in this scenario');
  // Description fetches (/wsdl, /openapi) are the security server reading the service description, not traffic for the service.
  const got = handlesOf(this.env).providerIs.received.slice(mark).filter((r) => /^\/(soap|rest)\//.test(r.path));
  expectThat(got.length === 0, 'the provider IS was called', {
    expected: 'the security server answers itself; no request at the provider IS',
    actual: got.map((r) => `${r.method} ${r.path}`).join(', '),
    requirement: 'META-002/004: metaservices are answered by the provider\'s security server',
  });
});

// ---- getWsdl ----

Then('the getWsdl answer echoes the service code {string} and carries the WSDL as an attachment', function (this: RoadtestWorld, code: string) {
  const { received } = this.lastOrThrow();
  let echoed: string | undefined;
  let attachments = 0;
  try {
    const wrapper = answerWrapper(received);
    echoed = wrapper.localName === 'getWsdlResponse' ? wrapperChildText(wrapper, 'serviceCode') : `a ${wrapper.localName}`;
    attachments = answerEnvelope(received).attachments.length;
  } catch (e) {
    echoed = `unreadable: ${(e as Error).message}`;
  }
  expectThat(echoed === code && attachments >= 1, 'getWsdlResponse is not as META-003 describes', {
    sent: sentShort(this),
    expected: `getWsdlResponse with serviceCode ${code} and the WSDL as a MIME attachment`,
    actual: `serviceCode ${echoed ?? 'missing'}, ${attachments} attachment(s); ${describe(received).slice(0, 200)}`,
    requirement: 'META-003',
  });
});

Then('every soap:address location in that WSDL is {string}', function (this: RoadtestWorld, location: string) {
  const { received } = this.lastOrThrow();
  const wsdl = answerEnvelope(received).attachments.find((a) => /definitions/.test(a.body.toString('utf8')));
  const locations = wsdl ? wsdlAddressLocations(wsdl.body) : [];
  expectThat(locations.length > 0 && locations.every((l) => l === location), 'the WSDL still shows other endpoints', {
    sent: sentShort(this),
    expected: `every soap:address location = ${location}`,
    actual: locations.join(', ') || 'no soap:address in the WSDL attachment',
    requirement: `META-003: endpoints are replaced by ${HIDDEN_ENDPOINT}`,
  });
});

// ---- REST metaservices ----

When('the client IS calls the REST metaservice {string} of the provider', async function (this: RoadtestWorld, codeAndQuery: string) {
  const route = this.route();
  const q = codeAndQuery.indexOf('?');
  const code = q < 0 ? codeAndQuery : codeAndQuery.slice(0, q);
  const query = q < 0 ? '' : codeAndQuery.slice(q);
  markProvider(this);
  const { sent, received } = await callRest({ clientProxyUrl: route.clientProxyUrl, service: `${route.provider}/${code}`, path: query, method: 'GET', client: route.client, timeoutMs: this.env.profile.timing.requestTimeoutMs });
  await this.remember(route.hop, sent, received);
});

interface RestServiceEntry {
  xroad_instance?: string;
  member_class?: string;
  member_code?: string;
  subsystem_code?: string;
  service_code?: string;
  object_type?: string;
  service_type?: string;
  endpoint_list?: unknown;
}

function restServices(world: RoadtestWorld): RestServiceEntry[] {
  const { received } = world.lastOrThrow();
  expectThat(!received.error && received.status === 200 && /^application\/json/i.test(received.headers['content-type'] ?? ''), 'the REST method list is not JSON', { sent: sentShort(world), expected: 'HTTP 200 application/json', actual: describe(received), requirement: 'META-004' });
  try {
    const parsed = JSON.parse(received.text) as { service?: RestServiceEntry[] };
    if (!Array.isArray(parsed.service)) throw new Error('no "service" array');
    return parsed.service;
  } catch (e) {
    expectThat(false, 'the REST method list cannot be read', { sent: sentShort(world), expected: '{"service":[...]}', actual: (e as Error).message, requirement: 'META-004' });
  }
}

Then('the REST service list names {string} but not {string}', function (this: RoadtestWorld, wanted: string, unwanted: string) {
  const codes = restServices(this).map((s) => s.service_code ?? '');
  const missing = list(wanted).filter((c) => !codes.includes(c));
  const extra = list(unwanted).filter((c) => codes.includes(c));
  expectThat(missing.length === 0 && extra.length === 0, 'the REST method list is not the provider\'s REST services', {
    sent: sentShort(this),
    expected: `including ${wanted}, none of ${unwanted}`,
    actual: codes.join(', ') || '(none)',
    requirement: 'META-004: REST/OpenAPI services of the provider; allowedMethods filtered by access rights',
  });
});

Then('every REST service listed is an object_type SERVICE of the provider with service_type REST or OPENAPI and an endpoint_list', function (this: RoadtestWorld) {
  const [inst, cls, code, sub] = this.route().provider.split('/');
  const bad = restServices(this).filter(
    (s) => s.object_type !== 'SERVICE' || !['REST', 'OPENAPI'].includes(s.service_type ?? '') || !Array.isArray(s.endpoint_list) || s.xroad_instance !== inst || s.member_class !== cls || s.member_code !== code || s.subsystem_code !== sub,
  );
  expectThat(bad.length === 0, 'REST service entries lack their fields', {
    sent: sentShort(this),
    expected: `{xroad_instance ${inst}, member_class ${cls}, member_code ${code}, subsystem_code ${sub}, service_code, object_type SERVICE, service_type REST|OPENAPI, endpoint_list []}`,
    actual: bad.map((s) => JSON.stringify(s)).join(', ').slice(0, 500),
    requirement: 'META-004 (MREST Annex B)',
  });
});
