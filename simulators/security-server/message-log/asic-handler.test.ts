// GET /asic and /verificationconf over HTTP (LOG-002/003/005): the zip of containers (each verifies
// and holds exactly the logged bytes), `unique`, requestOnly/responseOnly, `force`, and every error
// status with X-Road's plain-text message.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAsicContainer } from '../../../protocol/asic/index.js';
import { readZipBuffer } from '../../../protocol/asic/zip-buffer-reader.js';
import { AsicMessages } from './asic-handler.js';
import { createMessageLog, type ReferenceMessageLog } from './message-log.js';
import { logFixture, type LogFixture } from './test-fixture.js';
import { ALL_TSAS_FAILED } from './tsa-client.js';

let f: LogFixture;
let log: ReferenceMessageLog;
let server: Server;
let base: string;
const CLIENT_QS = 'xRoadInstance=DEV&memberClass=COM&memberCode=1234&subsystemCode=CLIENT';

beforeAll(async () => {
  f = await logFixture();
  log = await createMessageLog({
    directory: await f.tempDir(),
    globalConf: f.globalConf,
    timestampingIntervalSeconds: 3600,
    tsaTimeoutMs: 2000,
    asicAuthorize: (client, req) => {
      if (req.headers['x-test-deny'] === client) throw new Error(`Client (SUBSYSTEM:${client}) specifies HTTPS but did not supply TLS certificate`);
    },
  });
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/asic') void log.handleAsic(req, res, url);
    else if (url.pathname === '/verificationconf') void log.handleVerificationConf(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await log.stop();
  await f.stop();
});

async function get(query: string, path = '/asic', headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}?${query}`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), body: Buffer.from(await res.arrayBuffer()) };
}

async function zipEntries(zip: Buffer) {
  const r = await readZipBuffer(zip, () => 'keep');
  return r.kept;
}

describe('/asic happy path', () => {
  it('answers queryId.zip with a verifying container per logged message, bytes exactly as logged', async () => {
    const req = f.soapRequest('happy-1');
    const res = f.soapResponse(req);
    await log.log(req);
    await log.log(res);
    await log.timestampNow();
    const r = await get(`queryId=happy-1&${CLIENT_QS}`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/zip');
    expect(r.disposition).toBe('attachment; filename="happy-1.zip"');
    const entries = await zipEntries(r.body);
    expect(entries.map((e) => e.name)).toEqual([expect.stringMatching(/^happy-1-request-[0-9a-v]+\.asice$/), expect.stringMatching(/^happy-1-response-[0-9a-v]+\.asice$/)]);
    for (const [i, e] of entries.entries()) {
      const verdict = await f.verify(e.data);
      expect(verdict, verdict.message).toMatchObject({ valid: true });
      const c = await readAsicContainer(e.data);
      expect(c.message!.equals([req, res][i].message)).toBe(true);
    }
  });

  it('requestOnly / responseOnly filter and name the zip; unique answers one ASiC-E container', async () => {
    const only = await get(`queryId=happy-1&${CLIENT_QS}&responseOnly`);
    expect(only.disposition).toBe('attachment; filename="happy-1-response.zip"');
    expect((await zipEntries(only.body)).map((e) => e.name)).toEqual([expect.stringMatching(/-response-/)]);
    const unique = await get(`queryId=happy-1&${CLIENT_QS}&requestOnly&unique`);
    expect(unique.status).toBe(200);
    expect(unique.type).toBe('application/vnd.etsi.asic-e+zip');
    expect(unique.disposition).toMatch(/^attachment; filename="happy-1-request-[0-9a-v]+\.asice"$/);
    expect((await f.verify(unique.body)).valid).toBe(true);
  });

  it('carries the REST body as attachment1', async () => {
    const body = Buffer.from(JSON.stringify({ items: [1, 2, 3] }));
    await log.log(f.restRequest('rest-1', body));
    await log.timestampNow();
    const r = await get(`queryId=rest-1&${CLIENT_QS}&requestOnly&unique`);
    expect(r.status).toBe(200);
    const entries = await zipEntries(r.body);
    expect(entries.find((e) => e.name === 'attachment1')?.data.equals(body)).toBe(true);
    expect((await f.verify(r.body)).valid).toBe(true);
  });

  it('escapes the query id in names', async () => {
    await log.log(f.soapRequest('a b/c'));
    await log.timestampNow();
    const r = await get(`queryId=${encodeURIComponent('a b/c')}&${CLIENT_QS}`);
    expect(r.disposition).toBe('attachment; filename="a%20b%2Fc.zip"');
    expect((await zipEntries(r.body))[0].name).toMatch(/^a%20b%2Fc-request-/);
  });
});

describe('/asic errors (plain text)', () => {
  it('400 for missing client parts or queryId, and for requestOnly with responseOnly', async () => {
    for (const [query, param] of [
      ['queryId=happy-1&memberClass=COM&memberCode=1234', 'xRoadInstance'],
      ['queryId=happy-1&xRoadInstance=DEV&memberCode=1234', 'memberClass'],
      ['queryId=happy-1&xRoadInstance=DEV&memberClass=COM', 'memberCode'],
      [CLIENT_QS, 'queryId'],
    ]) {
      const r = await get(query);
      expect(r.status, query).toBe(400);
      expect(r.type).toMatch(/^text\/plain/);
      expect(r.body.toString()).toBe(AsicMessages.missingParameter(param));
    }
    const both = await get(`queryId=happy-1&${CLIENT_QS}&requestOnly&responseOnly`);
    expect(both.status).toBe(400);
    expect(both.body.toString()).toBe(AsicMessages.invalidCombination);
    const unique = await get(`queryId=happy-1&${CLIENT_QS}&unique`);
    expect(unique.status).toBe(400);
    expect(unique.body.toString()).toBe(AsicMessages.uniqueWithoutDirection);
  });

  it('404 when nothing matches: unknown query id, another client, a subsystem that differs', async () => {
    for (const query of [`queryId=nope&${CLIENT_QS}`, 'queryId=happy-1&xRoadInstance=DEV&memberClass=COM&memberCode=9999&subsystemCode=CLIENT', 'queryId=happy-1&xRoadInstance=DEV&memberClass=COM&memberCode=1234']) {
      const r = await get(query);
      expect(r.status, query).toBe(404);
      expect(r.body.toString()).toBe(AsicMessages.notFound);
    }
  });

  it('500 while a record is not stamped; force stamps it now', async () => {
    await log.log(f.soapRequest('late-1'));
    const r = await get(`queryId=late-1&${CLIENT_QS}`);
    expect(r.status).toBe(500);
    expect(r.body.toString()).toBe(AsicMessages.notStamped);
    const single = await get(`queryId=late-1&${CLIENT_QS}&requestOnly&unique`);
    expect(single.status).toBe(500);
    expect(single.body.toString()).toBe(AsicMessages.notStampedSingle);
    const forced = await get(`queryId=late-1&${CLIENT_QS}&force`);
    expect(forced.status).toBe(200);
    const [entry] = await zipEntries(forced.body);
    expect((await f.verify(entry.data)).valid).toBe(true);
  });

  it('500 "Failed to get timestamp from any time-stamping providers" when force cannot stamp', async () => {
    await log.log(f.soapRequest('late-2'));
    await f.tsa.knobs.set('httpError', { status: 503 });
    try {
      const r = await get(`queryId=late-2&${CLIENT_QS}&force`);
      expect(r.status).toBe(500);
      expect(r.body.toString()).toBe(ALL_TSAS_FAILED);
    } finally {
      await f.tsa.knobs.clear();
    }
    expect((await get(`queryId=late-2&${CLIENT_QS}&force`)).status).toBe(200);
  });

  it('401 when the connection policy refuses the client (before any lookup)', async () => {
    const r = await get(`queryId=nope&${CLIENT_QS}`, '/asic', { 'x-test-deny': 'DEV/COM/1234/CLIENT' });
    expect(r.status).toBe(401);
    expect(r.body.toString()).toMatch(/did not supply TLS certificate/);
    expect((await get(`queryId=happy-1&${CLIENT_QS}`, '/asic', { 'x-test-deny': 'DEV/COM/1234/OTHER' })).status).toBe(200);
  });

  it('405 for other methods', async () => {
    const res = await fetch(`${base}/asic?queryId=happy-1&${CLIENT_QS}`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });
});

describe('/verificationconf (LOG-005)', () => {
  it('serves the configuration zip as verificationconf.zip', async () => {
    f.globalConf.verificationZip = Buffer.from('PK\u0005\u0006verification', 'latin1');
    const r = await get('', '/verificationconf');
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/zip');
    expect(r.disposition).toBe('attachment; filename="verificationconf.zip"');
    expect(r.body.equals(f.globalConf.verificationZip)).toBe(true);
  });

  it('500 in plain text when the configuration has no zip to give', async () => {
    const saved = f.globalConf.verificationConfZip;
    f.globalConf.verificationConfZip = () => Promise.reject(new Error('no configuration downloaded yet'));
    try {
      const r = await get('', '/verificationconf');
      expect(r.status).toBe(500);
      expect(r.body.toString()).toMatch(/no configuration downloaded yet/);
    } finally {
      f.globalConf.verificationConfZip = saved;
    }
  });
});
