import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isXRoadError } from '../../../protocol/faults/index.js';
import { serviceId } from '../../../protocol/identifiers/index.js';
import type { ServiceConfig } from '../config.js';
import { answerMetaservice } from './answer-metaservice.js';
import type { RestMetaserviceRequest } from './metaservice-context.js';
import { anonymiseOpenApi, openApiEndpoints, parseOpenApi } from './openapi-description.js';
import { serviceCodeParam } from './rest-metaservices.js';
import { CLIENT, FakeServerConf, id, metaContext, OPENAPI_YAML, OTHER, PROVIDER, service, SERVICES } from './test-fixture.js';

function restRequest(code: string, opts: { client?: string; query?: string; method?: string; provider?: string } = {}): RestMetaserviceRequest {
  return {
    protocol: 'rest',
    method: opts.method ?? 'GET',
    client: id(opts.client ?? CLIENT),
    service: serviceId(id(opts.provider ?? PROVIDER), code),
    servicePath: '',
    ...(opts.query !== undefined ? { query: opts.query } : {}),
  };
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isXRoadError(e)) throw new Error(`expected an XRoadError, got ${String(e)}`);
  return { code: e.code, message: e.message };
}

const PETS_ENDPOINTS = [
  { method: 'GET', path: '/pets' },
  { method: 'POST', path: '/pets' },
  { method: 'GET', path: '/pets/*' },
  { method: 'DELETE', path: '/pets/*' },
  { method: 'PUT', path: '/pets/*/photos/*' },
];
const base = { member_class: 'GOV', member_code: '4321', object_type: 'SERVICE', subsystem_code: 'PROV', xroad_instance: 'DEV' };

describe('OpenAPI endpoints and anonymising', () => {
  it('every path x operation in swagger order, {param} segments as *', () => {
    expect(openApiEndpoints(parseOpenApi({ body: Buffer.from(OPENAPI_YAML) }))).toEqual(PETS_ENDPOINTS);
    expect(openApiEndpoints({ paths: 'nonsense' })).toEqual([]);
  });

  it('servers without variables are cut to their path; templated ones are kept; other fields untouched', () => {
    const out = anonymiseOpenApi({ body: Buffer.from(OPENAPI_YAML) });
    expect(out.format).toBe('yaml');
    const tree = parse(out.body.toString());
    expect(tree.servers).toEqual([{ url: '/api/v1' }, { url: 'https://{region}.pets.example/api', variables: { region: { default: 'eu' } } }]);
    expect(tree.info).toEqual({ title: 'Pets', version: '1.0.0' });
    const json = anonymiseOpenApi({ body: Buffer.from(JSON.stringify({ openapi: '3.1.0', servers: [{ url: 'https://host.example' }, { url: '/rel?x=1' }] })) });
    expect(json.format).toBe('json');
    expect(JSON.parse(json.body.toString()).servers).toEqual([{ url: '' }, { url: '/rel' }]);
  });

  it('a non-3.x openapi version and unparsable text are internal_error', () => {
    const code = (f: () => unknown) => {
      try {
        f();
        return 'none';
      } catch (e) {
        return isXRoadError(e) ? e.code : 'other';
      }
    };
    expect(code(() => anonymiseOpenApi({ body: Buffer.from('openapi: 2.0.0\npaths: {}\n') }))).toBe('internal_error');
    expect(code(() => anonymiseOpenApi({ body: Buffer.from('{"openapi": 3.0}') }))).toBe('internal_error');
    expect(code(() => anonymiseOpenApi({ body: Buffer.from('{ not json') }))).toBe('internal_error');
    expect(code(() => anonymiseOpenApi({ body: Buffer.from('- just\n- a list\n') }))).toBe('internal_error');
  });

  it('serviceCode query parameter: name case-insensitive, first one wins', () => {
    expect(serviceCodeParam(undefined)).toBeUndefined();
    expect(serviceCodeParam('a=1&SERVICECODE=pets&serviceCode=other')).toBe('pets');
    expect(serviceCodeParam('x=1')).toBeUndefined();
  });
});

describe('REST listMethods / allowedMethods (META-004)', () => {
  it('listMethods: the provider\'s REST and OpenAPI services with endpoints, exact JSON', async () => {
    const answer = (await answerMetaservice(metaContext(), restRequest('listMethods')))!;
    expect(answer.status).toBe(200);
    expect(answer.headers).toEqual([['Content-Type', 'application/json']]);
    expect(JSON.parse(answer.body.toString())).toEqual({
      service: [
        { ...base, service_code: 'rest', service_type: 'REST', endpoint_list: [] },
        { ...base, service_code: 'pets', service_type: 'OPENAPI', endpoint_list: PETS_ENDPOINTS },
      ],
    });
  });

  it('allowedMethods: only services with an access right for the X-Road-Client', async () => {
    const mine = JSON.parse((await answerMetaservice(metaContext(), restRequest('allowedMethods')))!.body.toString());
    expect(mine.service.map((s: { service_code: string }) => s.service_code)).toEqual(['rest']);
    const other = JSON.parse((await answerMetaservice(metaContext(), restRequest('allowedMethods', { client: OTHER })))!.body.toString());
    expect(other.service.map((s: { service_code: string }) => s.service_code)).toEqual(['pets']);
    const nobody = JSON.parse((await answerMetaservice(metaContext(), restRequest('allowedMethods', { client: 'DEV/COM/0000' })))!.body.toString());
    expect(nobody).toEqual({ service: [] });
  });

  it('non-GET is not a metaservice; a provider not hosted here is unknown_member', async () => {
    expect(await answerMetaservice(metaContext(), restRequest('listMethods', { method: 'POST' }))).toBeUndefined();
    expect(await failure(answerMetaservice(metaContext(), restRequest('listMethods', { provider: 'DEV/GOV/4321/GONE' })))).toMatchObject({ code: 'unknown_member' });
  });
});

describe('getOpenAPI (META-004)', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/pets.json') {
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ openapi: '3.0.3', servers: [{ url: 'http://10.1.2.3:9000/base' }], paths: { '/a/{x}': { get: {} } } }));
      } else if (req.url === '/pets.yaml') {
        res.writeHead(200);
        res.end(OPENAPI_YAML);
      } else {
        res.writeHead(500);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  function ctxWithPets(openapi: string) {
    const services: ServiceConfig[] = [...SERVICES.filter((s) => s.code !== 'pets'), service({ code: 'pets', type: 'openapi', openapi })];
    return metaContext({ serverConf: new FakeServerConf(services) });
  }

  it('inline YAML: the description with servers hidden, as text/yaml', async () => {
    const answer = (await answerMetaservice(metaContext(), restRequest('getOpenAPI', { query: 'serviceCode=pets' })))!;
    expect(answer.headers).toEqual([['Content-Type', 'text/yaml']]);
    const tree = parse(answer.body.toString());
    expect(tree.servers[0]).toEqual({ url: '/api/v1' });
    expect(answer.body.toString()).not.toContain('pets.internal.example');
  });

  it('fetched JSON keeps its Content-Type; YAML without one is text/plain (X-Road default); endpoints follow the fetched text', async () => {
    const json = (await answerMetaservice(ctxWithPets(`${url}/pets.json`), restRequest('getOpenAPI', { query: 'serviceCode=pets' })))!;
    expect(json.headers).toEqual([['Content-Type', 'application/json; charset=utf-8']]);
    expect(JSON.parse(json.body.toString()).servers).toEqual([{ url: '/base' }]);
    const yaml = (await answerMetaservice(ctxWithPets(`${url}/pets.yaml`), restRequest('getOpenAPI', { query: 'serviceCode=pets' })))!;
    expect(yaml.headers).toEqual([['Content-Type', 'text/plain']]);
    const list = JSON.parse((await answerMetaservice(ctxWithPets(`${url}/pets.json`), restRequest('listMethods')))!.body.toString());
    expect(list.service[1].endpoint_list).toEqual([{ method: 'GET', path: '/a/*' }]);
  });

  it('errors as X-Road: missing serviceCode -> invalid_request; unknown, wrong type, unreadable -> internal_error', async () => {
    expect(await failure(answerMetaservice(metaContext(), restRequest('getOpenAPI')))).toMatchObject({ code: 'invalid_request', message: 'Missing serviceCode in message body' });
    expect(await failure(answerMetaservice(metaContext(), restRequest('getOpenAPI', { query: 'serviceCode=' })))).toMatchObject({ code: 'invalid_request' });
    expect(await failure(answerMetaservice(metaContext(), restRequest('getOpenAPI', { query: 'serviceCode=nope' })))).toMatchObject({
      code: 'internal_error',
      message: `Service not found: SERVICE:${PROVIDER}/nope`,
    });
    expect(await failure(answerMetaservice(metaContext(), restRequest('getOpenAPI', { query: 'serviceCode=rest' })))).toMatchObject({ message: 'Invalid service type: REST' });
    expect(await failure(answerMetaservice(metaContext(), restRequest('getOpenAPI', { query: 'serviceCode=echo' })))).toMatchObject({ message: 'Invalid service type: WSDL' });
    const broken = await failure(answerMetaservice(ctxWithPets(`${url}/missing`), restRequest('getOpenAPI', { query: 'serviceCode=pets' })));
    expect(broken.code).toBe('internal_error');
    expect(broken.message).toMatch(/Failed reading service description .* Status: 500/);
    // An unreadable description leaves listMethods working, with no endpoints for that service.
    const list = JSON.parse((await answerMetaservice(ctxWithPets(`${url}/missing`), restRequest('listMethods')))!.body.toString());
    expect(list.service[1]).toMatchObject({ service_code: 'pets', endpoint_list: [] });
  });
});
