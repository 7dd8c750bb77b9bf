// REST message protocol steps (features/message-rest, access): call `/r1/{service}{path}` along the
// scenario's route with the headers a table gives, and check the answer's status, X-Road-* headers
// and error body, and what the provider IS received.
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { faultCodeEndsWith, faultCodeMatches, faultCodeStartsWith } from '../protocol/faults/index.js';
import { SERVICES } from '../harness/environment/instance-layout.js';
import { handlesOf } from '../harness/environment/environment-handles.js';
import { expectThat } from '../harness/expect/conformance-failure.js';
import { callRest, callRestTarget, percentEncodeAll } from '../harness/scenario/rest-call.js';
import { registeredIsCertificate } from '../harness/scenario/soap-is-policy.js';
import type { Evidence } from '../simulators/member-systems/index.js';
import { httpsUrl, markProviderIs, setProviderBehaviour, theProviderRequest } from '../harness/scenario/soap-scenario.js';
import type { RoadtestWorld } from './support/world.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface RestOpts {
  headers?: Record<string, string>;
  body?: Buffer;
  withoutClient?: boolean;
  provider?: string;
  url?: string;
  tls?: { certPem: string; keyPem: string };
}

/** Table placeholders: {client}, {client percent-encoded}, {provider's server}, {client's server}. */
function resolve(world: RoadtestWorld, value: string): string {
  const { layout } = handlesOf(world.env);
  const route = world.route();
  const providerServer = route.providerSide === 'peer' ? layout.peer.serverId : layout.sut.serverId;
  const clientServer = route.providerSide === 'peer' ? layout.sut.serverId : layout.peer.serverId;
  const map: Record<string, string> = {
    '{client}': route.client,
    '{client percent-encoded}': percentEncodeAll(route.client),
    "{provider's server}": providerServer,
    "{client's server}": clientServer,
  };
  return map[value] ?? value;
}

function tableHeaders(world: RoadtestWorld, table: DataTable): Record<string, string> {
  return Object.fromEntries(table.raw().map(([n, v]) => [n!, resolve(world, v ?? '')]));
}

async function restAlongRoute(world: RoadtestWorld, code: string, method: string, path: string, opts: RestOpts = {}): Promise<void> {
  const route = world.route();
  const headers = opts.headers ?? {};
  const clientInTable = Object.keys(headers).some((n) => n.toLowerCase() === 'x-road-client');
  markProviderIs(world);
  world.vars.set('restBodySent', opts.body ?? Buffer.alloc(0));
  const { sent, received } = await callRest({
    clientProxyUrl: opts.url ?? route.clientProxyUrl,
    service: `${opts.provider ?? route.provider}/${code}`,
    path,
    method,
    ...(opts.withoutClient || clientInTable ? {} : { client: route.client }),
    headers,
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    ...(opts.tls ? { tls: opts.tls } : {}),
    timeoutMs: world.env.profile.timing.requestTimeoutMs,
  });
  await world.remember(route.hop, sent, received);
}

function last(world: RoadtestWorld): { sentShort: string; received: Evidence } {
  const { sent, received } = world.lastOrThrow();
  return { sentShort: `${sent.method} ${sent.url}`, received };
}

function describe(r: Evidence): string {
  if (r.error) return `${r.error.code}: ${r.error.message}`;
  return `HTTP ${r.status} X-Road-Error=${r.headers['x-road-error'] ?? '(none)'} ${r.text.slice(0, 200)}`;
}

// ---- Given: the provider IS's REST answers ----

Given('the provider IS answers the REST service {string} with status {int} and the headers:', function (this: RoadtestWorld, code: string, status: number, table: DataTable) {
  setProviderBehaviour(this, code, { kind: 'rest-echo', status, headers: tableHeaders(this, table) });
});

Given('the provider IS answers the REST service {string} with status {int}, the body {string} and the headers:', function (this: RoadtestWorld, code: string, status: number, body: string, table: DataTable) {
  setProviderBehaviour(this, code, { kind: 'raw', status, headers: tableHeaders(this, table), body });
});

Given('the provider IS answers the REST service {string} with a {int}-byte binary body', function (this: RoadtestWorld, code: string, n: number) {
  const body = Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + 3) % 256));
  this.vars.set('restBinaryAnswer', body);
  setProviderBehaviour(this, code, { kind: 'raw', status: 200, headers: { 'Content-Type': 'application/octet-stream' }, body });
});

Given('the provider IS drops the connection for the REST service {string}', function (this: RoadtestWorld, code: string) {
  setProviderBehaviour(this, code, { kind: 'reset' });
});

// ---- When ----

When('the client IS calls the REST service {string} with {word} {string}', async function (this: RoadtestWorld, code: string, method: string, path: string) {
  await restAlongRoute(this, code, method, path);
});

When('the client IS calls the REST service {string} with {word} {string} and the headers:', async function (this: RoadtestWorld, code: string, method: string, path: string, table: DataTable) {
  await restAlongRoute(this, code, method, path, { headers: tableHeaders(this, table) });
});

When('the client IS calls the REST service {string} with {word} {string} and the body {string}', async function (this: RoadtestWorld, code: string, method: string, path: string, body: string) {
  await restAlongRoute(this, code, method, path, body === '' ? {} : { body: Buffer.from(body, 'utf8'), headers: { 'Content-Type': 'application/json' } });
});

When(
  'the client IS calls the REST service {string} with {word} {string} and the body {string} and the headers:',
  async function (this: RoadtestWorld, code: string, method: string, path: string, body: string, table: DataTable) {
    await restAlongRoute(this, code, method, path, { body: Buffer.from(body, 'utf8'), headers: tableHeaders(this, table) });
  },
);

When('the client IS calls the REST service {string} with {word} {string} and a {int}-byte binary body', async function (this: RoadtestWorld, code: string, method: string, path: string, n: number) {
  const body = Buffer.from(Array.from({ length: n }, (_, i) => (i * 13 + 5) % 256));
  await restAlongRoute(this, code, method, path, { body, headers: { 'Content-Type': 'application/octet-stream' } });
});

When('the client IS calls the REST service {string} with {word} {string} without X-Road-Client', async function (this: RoadtestWorld, code: string, method: string, path: string) {
  await restAlongRoute(this, code, method, path, { withoutClient: true });
});

When('the client IS calls the REST service {string} of the provider subsystem {string} with {word} {string}', async function (this: RoadtestWorld, code: string, sub: string, method: string, path: string) {
  const member = this.route().provider.split('/').slice(0, 3).join('/');
  await restAlongRoute(this, code, method, path, { provider: `${member}/${sub}` });
});

When('the client IS calls the REST service {string} with {word} {string} over HTTPS with the registered certificate', async function (this: RoadtestWorld, code: string, method: string, path: string) {
  await restAlongRoute(this, code, method, path, { url: httpsUrl(this), tls: registeredIsCertificate(handlesOf(this.env)) });
});

async function restTarget(world: RoadtestWorld, target: string, accept?: string): Promise<void> {
  const route = world.route();
  markProviderIs(world);
  const headers: Record<string, string> = { 'X-Road-Client': route.client, ...(accept ? { Accept: accept } : {}) };
  const { sent, received } = await callRestTarget(route.clientProxyUrl, target, headers, world.env.profile.timing.requestTimeoutMs);
  await world.remember(route.hop, sent, received);
}

When('the client IS sends a REST request to the target {string}', async function (this: RoadtestWorld, target: string) {
  await restTarget(this, target);
});

When('the client IS sends a REST request to the target {string} accepting {string}', async function (this: RoadtestWorld, target: string, accept: string) {
  await restTarget(this, target, accept);
});

// ---- Then: status, errors ----

Then('the client IS receives a REST response with status {int}', function (this: RoadtestWorld, status: number) {
  const { sentShort, received } = last(this);
  expectThat(!received.error && received.status === status && !received.headers['x-road-error'], `expected HTTP ${status}`, {
    sent: sentShort,
    expected: `HTTP ${status} without X-Road-Error`,
    actual: describe(received),
  });
});

function expectRestError(world: RoadtestWorld, check: (code: string, status: number) => boolean, expected: string, requirement = 'REST-011: errors of the security servers carry X-Road-Error; 500 for server.*, 400 for client.*'): void {
  const { sentShort, received } = last(world);
  const code = received.headers['x-road-error'] ?? '';
  expectThat(!received.error && code !== '' && check(code, received.status), 'not the expected REST error', { sent: sentShort, expected, actual: describe(received), requirement });
}

Then('the client IS receives the REST error {string} with status {int}', function (this: RoadtestWorld, code: string, status: number) {
  expectRestError(this, (c, s) => faultCodeMatches(c, code) && s === status, `HTTP ${status}, X-Road-Error: ${code}`);
});

Then('the client IS receives a REST error with an X-Road-Error header and status 4xx or 5xx', function (this: RoadtestWorld) {
  expectRestError(this, (_c, s) => s >= 400 && s < 600, 'HTTP 4xx/5xx with X-Road-Error', 'REST-001/REST-011: a malformed request is an error with X-Road-Error');
});

Then('the client IS receives a REST error with an X-Road-Error header and status {int}', function (this: RoadtestWorld, status: number) {
  expectRestError(this, (_c, s) => s === status, `HTTP ${status} with X-Road-Error`);
});

Then('the client IS receives a REST error whose X-Road-Error is {string} in any origin', function (this: RoadtestWorld, code: string) {
  expectRestError(this, (c, s) => faultCodeEndsWith(c, code) && s >= 400, `HTTP 4xx/5xx, X-Road-Error: *.${code}`, 'REST-002: a missing X-Road-Client is invalid_client_identifier (requirements §15.25: origin may vary)');
});

Then('the client IS receives a REST error with status 400 and a client.* X-Road-Error', function (this: RoadtestWorld) {
  expectRestError(this, (c, s) => s === 400 && faultCodeStartsWith(c, 'client'), 'HTTP 400, X-Road-Error: client.*');
});

function errorBody(world: RoadtestWorld): { type?: string; message?: string | null; detail?: string | null; mediaType: string; raw: string } {
  const { received } = last(world);
  const ct = received.headers['content-type'] ?? '';
  if (/xml/i.test(ct)) {
    const pick = (n: string) => new RegExp(`<${n}>([\\s\\S]*?)</${n}>|<${n}/>`).exec(received.text);
    const val = (n: string) => {
      const m = pick(n);
      return m ? (m[1] ?? null) : undefined;
    };
    return { type: val('type') ?? undefined, message: val('message'), detail: val('detail'), mediaType: 'XML', raw: received.text };
  }
  try {
    const j = JSON.parse(received.text) as { type?: string; message?: string | null; detail?: string | null };
    return { ...j, mediaType: 'JSON', raw: received.text };
  } catch {
    return { mediaType: `unparsable ${ct}`, raw: received.text };
  }
}

Then('the REST error message mentions {string}', function (this: RoadtestWorld, words: string) {
  const b = errorBody(this);
  expectThat((b.message ?? '').includes(words), 'the REST error message does not mention it', { expected: words, actual: b.raw.slice(0, 300) });
});

Then('the REST error body is JSON with type, message and detail', function (this: RoadtestWorld) {
  const b = errorBody(this);
  const { received } = last(this);
  expectThat(b.mediaType === 'JSON' && !!b.type && b.message !== undefined && b.detail !== undefined && faultCodeMatches(b.type, received.headers['x-road-error'] ?? ''), 'the error body is not {type, message, detail}', {
    expected: 'JSON {type = X-Road-Error, message, detail}',
    actual: `${received.headers['content-type']} ${b.raw.slice(0, 300)}`,
    requirement: 'REST-011: categories 2-4 carry a {type, message, detail} body',
  });
});

Then('the REST error body is {word} with type, message and detail, and Content-Type names a charset', function (this: RoadtestWorld, format: string) {
  const b = errorBody(this);
  const ct = last(this).received.headers['content-type'] ?? '';
  expectThat(b.mediaType === format && !!b.type && b.message !== undefined && /charset=/i.test(ct), `the error body is not ${format} with a charset`, {
    expected: `${format} {type, message, detail}, Content-Type with charset`,
    actual: `${ct} ${b.raw.slice(0, 300)}`,
    requirement: 'REST-012: error body media type follows Accept, default JSON; charset always set',
  });
});

// ---- Then: headers and bodies ----

function header(world: RoadtestWorld, name: string): string | undefined {
  return last(world).received.headers[name.toLowerCase()];
}

function expectHeader(world: RoadtestWorld, name: string, ok: (v: string | undefined) => boolean, expected: string, requirement?: string): void {
  const v = header(world, name);
  expectThat(ok(v), `response header ${name} is not as expected`, { sent: last(world).sentShort, expected, actual: v === undefined ? '(absent)' : `${name}: ${v}`, ...(requirement ? { requirement } : {}) });
}

Then('the REST response header {string} is {string}', function (this: RoadtestWorld, name: string, value: string) {
  expectHeader(this, name, (v) => v === value, `${name}: ${value}`);
});

Then('the REST response header {string} matches {string}', function (this: RoadtestWorld, name: string, pattern: string) {
  expectHeader(this, name, (v) => v !== undefined && new RegExp(pattern).test(v), `${name} matching ${pattern}`, 'REST-005: the consumer SS generates X-Road-Id {instance}-{UUID}');
});

Then('the REST response header {string} names the client', function (this: RoadtestWorld, name: string) {
  const client = this.route().client;
  expectHeader(this, name, (v) => v !== undefined && decodeURIComponent(v) === client, `${name}: ${client}`, 'REST-006/ID-006: X-Road-Client set by the security servers, INSTANCE/CLASS/MEMBER[/SUBSYSTEM]');
});

Then('the REST response header {string} names the service {string}', function (this: RoadtestWorld, name: string, code: string) {
  const service = `${this.route().provider}/${code}`;
  expectHeader(this, name, (v) => v !== undefined && decodeURIComponent(v) === service, `${name}: ${service}`, 'REST-006/ID-006: X-Road-Service INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICECODE');
});

Then('the REST response header {string} is a UUID', function (this: RoadtestWorld, name: string) {
  expectHeader(this, name, (v) => v !== undefined && UUID.test(v), `${name}: a UUID`, 'REST-006: X-Road-Request-Id is the per-exchange UUID');
});

Then('the REST response header {string} is a Base64 SHA-512 digest', function (this: RoadtestWorld, name: string) {
  expectHeader(this, name, (v) => v !== undefined && /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 64, `${name}: Base64 of 64 bytes`, 'REST-007');
});

Then('the REST response has no header {string}', function (this: RoadtestWorld, name: string) {
  expectHeader(this, name, (v) => v === undefined, `no ${name}`, 'REST-011: a provider IS error carries no X-Road-Error');
});

Then('the REST response has no header {string} saying {string}', function (this: RoadtestWorld, name: string, value: string) {
  expectHeader(this, name, (v) => v === undefined || !v.includes(value), `no ${name} from the provider IS`, 'REST-009: origin-leaking headers (Server) are filtered');
});

Then('the REST response body is {string}', function (this: RoadtestWorld, body: string) {
  const { sentShort, received } = last(this);
  expectThat(received.text === body, 'the response body differs', { sent: sentShort, expected: body, actual: received.text.slice(0, 300), requirement: 'REST-011: a provider IS error is passed as-is' });
});

Then("the client IS receives the provider's binary body unchanged", function (this: RoadtestWorld) {
  const { sentShort, received } = last(this);
  const want = this.vars.get('restBinaryAnswer') as Buffer;
  expectThat(received.body.equals(want), 'the binary response body changed', { sent: sentShort, expected: `${want.length} bytes`, actual: `${received.body.length} bytes`, requirement: 'REST-003: any payload media type' });
});

Then('the provider IS received a REST {word} request for {string}', function (this: RoadtestWorld, method: string, path: string) {
  const r = theProviderRequest(this);
  const base = SERVICES.find((s) => s.code === 'pets')!.path;
  const want = `/rest/${this.route().providerSide}/${base}${path}`;
  expectThat(r.method === method && r.path === want, 'the provider IS got another request line', { expected: `${method} ${want}`, actual: `${r.method} ${r.path}`, requirement: 'REST-001/REST-004: path and query forwarded unmodified' });
});

Then('the provider IS received the body that was sent', function (this: RoadtestWorld) {
  const r = theProviderRequest(this);
  const sent = this.vars.get('restBodySent') as Buffer;
  expectThat(r.body.equals(sent), 'the body at the provider IS differs', { expected: `${sent.length} bytes as sent`, actual: `${r.body.length} bytes`, requirement: 'REST-003' });
});

Then("the provider IS received the HTTP header {string} with the REST response's X-Road-Id", function (this: RoadtestWorld, name: string) {
  const id = header(this, 'x-road-id');
  const got = theProviderRequest(this).headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
  expectThat(!!id && got === id, 'the provider IS got another X-Road-Id', { expected: id ?? '(response had none)', actual: got ?? '(absent)', requirement: 'REST-005' });
});

Then('the provider IS did not receive a User-Agent naming {string}', function (this: RoadtestWorld, who: string) {
  const ua = theProviderRequest(this).headers.filter(([n]) => n.toLowerCase() === 'user-agent').map(([, v]) => v);
  expectThat(!ua.some((v) => v.includes(who)), "the client IS's User-Agent reached the provider IS", { expected: 'no client User-Agent', actual: ua.join(' | '), requirement: 'REST-009: User-Agent is filtered' });
});

