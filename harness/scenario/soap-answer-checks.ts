// Checks on the SOAP answer the client IS got, each failing with what was sent, what came back
// and the requirement (harness/expect). Steps call these with the scenario's last exchange.
import { faultCodeStartsWith } from '../../protocol/faults/index.js';
import { findInconsistentField, parseSoapEnvelope, requestHashMatches, SHA512_ALGORITHM_ID, type SoapEnvelope } from '../../protocol/soap/index.js';
import type { Evidence } from '../../simulators/member-systems/index.js';
import { expectThat } from '../expect/conformance-failure.js';
import { answerEnvelope } from './soap-call.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function describe(received: Evidence): string {
  if (received.error) return `${received.error.code}: ${received.error.message}`;
  return `HTTP ${received.status} ${received.headers['content-type'] ?? ''} ${received.text.slice(0, 300)}`;
}

/** The answer as a SOAP envelope, or a failure saying it is not one. */
export function soapAnswer(received: Evidence, sent: string): SoapEnvelope {
  expectThat(!received.error, 'no HTTP response', { sent, expected: 'an HTTP response', actual: describe(received) });
  try {
    return answerEnvelope(received).envelope;
  } catch (e) {
    expectThat(false, 'the answer is not a SOAP message', { sent, expected: 'a SOAP message', actual: `${describe(received)} (${(e as Error).message})` });
  }
}

export function expectFaultStartingWith(received: Evidence, sent: string, prefix: string, requirement?: string): SoapEnvelope {
  const env = soapAnswer(received, sent);
  const code = env.fault?.faultCode ?? '';
  expectThat(env.isFault && faultCodeStartsWith(code, prefix), `expected a fault code starting with ${prefix}`, {
    sent,
    expected: `a SOAP fault ${prefix}.*`,
    actual: env.isFault ? `${code}: ${env.fault?.faultString}` : 'a successful response',
    requirement: requirement ?? 'TRANSP-017: client errors are client.*, consumer SS errors server.clientproxy.*, provider SS errors server.serverproxy.*',
  });
  return env;
}

export function expectFaultStringMentions(received: Evidence, sent: string, words: string): void {
  const env = soapAnswer(received, sent);
  const text = env.fault?.faultString ?? '';
  expectThat(text.toLowerCase().includes(words.toLowerCase()), `the fault string does not mention "${words}"`, { sent, expected: `faultstring mentioning "${words}"`, actual: text || '(no faultstring)' });
}

/** MESS-018: faultcode, faultstring, detail/faultDetail with an id; the answer is text/xml. */
export function expectTechnicalFaultShape(received: Evidence, sent: string): void {
  const env = soapAnswer(received, sent);
  const ct = received.headers['content-type'] ?? '';
  const f = env.fault ?? {};
  const problems = [
    !/^text\/xml/i.test(ct) && `Content-Type ${ct || '(none)'}`,
    !f.faultCode && 'no faultcode',
    !f.faultString && 'no faultstring',
    !UUID.test((f.faultDetail ?? '').trim()) && `faultDetail "${f.faultDetail ?? ''}" is not a UUID`,
  ].filter(Boolean);
  expectThat(problems.length === 0, 'the fault is not shaped as MESS-018 says', {
    sent,
    expected: 'text/xml SOAP 1.1 Fault with faultcode, faultstring and detail/faultDetail (UUID)',
    actual: problems.join('; '),
    requirement: 'MESS-018: technical errors are SOAP 1.1 faults with faultcode, faultstring, faultactor, detail/faultDetail',
  });
}

/** MESS-013/014: requestHash = Base64(SHA-512(request bytes)), algorithmId sha512. */
export function expectRequestHashOf(received: Evidence, sent: string, requestBytes: Buffer): void {
  const env = soapAnswer(received, sent);
  const hash = env.header.requestHash;
  expectThat(!!hash && hash.algorithmId === SHA512_ALGORITHM_ID && requestHashMatches(hash, requestBytes), 'the response requestHash is not the SHA-512 of the request', {
    sent,
    expected: `requestHash algorithmId=${SHA512_ALGORITHM_ID}, Base64(SHA-512) of the ${requestBytes.length} request bytes`,
    actual: hash ? `${hash.algorithmId}: ${hash.value}` : 'no requestHash',
    requirement: 'MESS-013/MESS-014: the provider SS inserts its own requestHash over the bytes the consumer received',
  });
}

/** MESS-013: the response echoes the request's header values (client, service, id, userId, issue, representedParty). */
export function expectHeaderEcho(received: Evidence, sent: string, requestBytes: Buffer, contentType?: string): void {
  const env = soapAnswer(received, sent);
  const request = parseSoapEnvelope(requestBytes, contentType ? { contentType } : {});
  const field = findInconsistentField(request.header, env.header);
  expectThat(field === undefined, `the response header field ${field} differs from the request's`, { sent, expected: 'header fields echoed with the same values', actual: `field ${field} differs`, requirement: 'MESS-013' });
}

/** MESS-013: the request's header fields come back in the same order. */
export function expectHeaderOrder(received: Evidence, sent: string, requestBytes: Buffer): void {
  const env = soapAnswer(received, sent);
  const request = parseSoapEnvelope(requestBytes);
  const got = env.header.fields.filter((f) => f !== 'requestHash');
  expectThat(JSON.stringify(got) === JSON.stringify(request.header.fields), 'the response header fields are not in the request order', {
    sent,
    expected: request.header.fields.join(', '),
    actual: env.header.fields.join(', '),
    requirement: 'MESS-013: the provider echoes the request header fields in the same order',
  });
}
