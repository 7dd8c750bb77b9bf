import { describe, expect, it } from 'vitest';
import { bodyLeaks, headerLeaks } from './posture-leaks.js';

const CLEAN_FAULT =
  '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><SOAP-ENV:Fault>' +
  '<faultcode>server.clientproxy.invalid_soap</faultcode><faultstring>Malformed SOAP message: expected an Envelope</faultstring>' +
  '<faultactor></faultactor><detail><faultDetail>0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0</faultDetail></detail></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>';

describe('bodyLeaks', () => {
  it('finds nothing in an X-Road fault or REST error', () => {
    expect(bodyLeaks(CLEAN_FAULT)).toEqual([]);
    expect(bodyLeaks('{"type":"client.bad_request","message":"Invalid X-Road-Client header","detail":"5b1c..."}')).toEqual([]);
  });

  it.each([
    ['stack trace', 'Error: boom\n    at handle (/srv/app/server.js:10:5)\n    at process (node:internal/process/task_queues:95:5)'],
    ['stack trace', 'java.lang.IllegalStateException: x\nCaused by: java.io.IOException'],
    ['source path', 'failed in /work/main/simulators/security-server/http-util.ts:42'],
    ['software name', 'Powered by Express and undici'],
    ['software name', 'ee.ria.xroad.common.CodedException: nope'],
    ['runtime error', "TypeError: Cannot read properties of undefined (reading 'x')"],
  ])('flags a %s', (kind, text) => {
    expect(bodyLeaks(text).map((l) => l.kind)).toContain(kind);
  });
});

describe('headerLeaks', () => {
  it('flags version banners and X-Powered-By, not a bare product token', () => {
    expect(headerLeaks({ server: 'Jetty(9.4.51)' }).length).toBe(1);
    expect(headerLeaks({ 'x-powered-by': 'Express' }).length).toBe(1);
    expect(headerLeaks({ server: 'X-Road', 'content-type': 'text/xml' })).toEqual([]);
  });
});
