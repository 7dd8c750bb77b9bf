// SOAP message protocol steps (features/message-soap, access, bad-input). Thin: build the request
// with simulators/member-systems, send it along the scenario's route, assert on what came back.
import { Then, When } from '@cucumber/cucumber';
import { buildSoapRequest, sendSoap } from '../simulators/member-systems/index.js';
import { parseSoapEnvelope, type SoapEnvelope } from '../protocol/soap/index.js';
import { parseMultipart } from '../protocol/multipart/index.js';
import { faultCodeMatches } from '../protocol/faults/index.js';
import { expectThat } from '../harness/expect/conformance-failure.js';
import type { RoadtestWorld } from './support/world.js';

async function sendSoapRequest(world: RoadtestWorld, serviceCode: string, edit?: (xml: string) => string, opts: { method?: string; contentType?: string; soapAction?: string } = {}) {
  const route = world.route();
  let xml = buildSoapRequest({ client: route.client, service: `${route.provider}/${serviceCode}`, userId: 'EE12345678901' });
  if (edit) xml = edit(xml);
  world.vars.set('request', xml);
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'text/xml; charset=UTF-8' };
  const received = await sendSoap(route.clientProxyUrl, xml, { method: opts.method, contentType: opts.contentType, soapAction: opts.soapAction, timeoutMs: world.env.profile.timing.requestTimeoutMs });
  return world.remember(route.hop, { method: opts.method ?? 'POST', url: route.clientProxyUrl, headers, body: xml }, received);
}

When('the client IS calls the SOAP service {string}', async function (this: RoadtestWorld, code: string) {
  await sendSoapRequest(this, code);
});

When('the client IS calls the SOAP service {string} with HTTP method {word}', async function (this: RoadtestWorld, code: string, method: string) {
  await sendSoapRequest(this, code, undefined, { method });
});

/** The SOAP envelope of a response: the whole body, or the first part of a multipart (SwA/MTOM). */
export function soapOfResponse(body: Buffer, contentType: string | undefined): SoapEnvelope {
  if (contentType && /^multipart\//i.test(contentType)) {
    const first = parseMultipart(body, contentType).parts[0];
    if (!first) throw new Error('multipart response without parts');
    return parseSoapEnvelope(first.body, { contentType: first.headers.get('content-type') ?? 'text/xml' });
  }
  return parseSoapEnvelope(body, { contentType });
}

Then('the client IS receives a successful SOAP response', function (this: RoadtestWorld) {
  const { sent, received } = this.lastOrThrow();
  const sentShort = `${sent.method} ${sent.url}`;
  expectThat(!received.error, 'no HTTP response', { sent: sentShort, expected: 'an HTTP response', actual: `${received.error?.code}: ${received.error?.message}` });
  let env;
  try {
    env = soapOfResponse(received.body, received.headers['content-type']);
  } catch (e) {
    expectThat(false, 'the response is not a SOAP message', { sent: sentShort, expected: 'a SOAP response', actual: `${received.status} ${received.text.slice(0, 300)} (${(e as Error).message})` });
  }
  expectThat(!env.isFault, 'the SUT answered with a fault', {
    sent: sentShort,
    expected: 'a successful response',
    actual: `${env.fault?.faultCode}: ${env.fault?.faultString}`,
    requirement: 'MESS-004/MESS-013: a valid request to an allowed service gets the provider response',
  });
});

Then('the client IS receives the SOAP fault {string}', function (this: RoadtestWorld, code: string) {
  const { sent, received } = this.lastOrThrow();
  const sentShort = `${sent.method} ${sent.url}`;
  expectThat(!received.error, 'no HTTP response', { sent: sentShort, expected: `SOAP fault ${code}`, actual: `${received.error?.code}: ${received.error?.message}` });
  let faultCode: string | undefined;
  let faultString = '';
  try {
    const env = soapOfResponse(received.body, received.headers['content-type']);
    faultCode = env.fault?.faultCode;
    faultString = env.fault?.faultString ?? '';
  } catch {
    faultCode = undefined;
  }
  expectThat(faultCode !== undefined && faultCodeMatches(faultCode, code), `expected fault ${code}`, {
    sent: sentShort,
    expected: `SOAP fault ${code} (7.7 and 7.8 spellings accepted)`,
    actual: faultCode ? `${faultCode}: ${faultString}` : `HTTP ${received.status} ${received.text.slice(0, 200)}`,
    requirement: 'MESS-018: technical errors are returned as SOAP 1.1 faults with the X-Road code',
  });
});
