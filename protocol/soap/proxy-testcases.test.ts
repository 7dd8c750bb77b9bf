// X-Road's proxy test suite (vectors messages/soap-queries/proxy-testcases.json, 102 cases) replayed
// at parse level: for every case whose client request is plain SOAP, what the client proxy decides
// from the request alone (SOAPAction rule, content type, SOAP parse, a Fault sent as a request) must
// equal the suite's expected `client.*` fault; a case whose fault comes later (server proxy,
// signing, network, service) or that expects no fault must parse cleanly. Multipart requests are
// left to protocol/multipart and skipped here with that note.
import { afterAll, expect, it } from 'vitest';
import { faultCodeMatches, isXRoadError } from '../faults/index.js';
import { describeWithVectors, readVector } from '../test-support/vectors.js';
import { TEXT_XML_UTF8 } from './content-type.js';
import { faultToError, parseSoapEnvelope } from './envelope.js';
import { checkSoapAction } from './soap-action.js';

interface ProxyTestCase {
  case: string;
  javaTest: string;
  requestFile: string | null;
  requestContentType: string | null;
  expectedFaultCode: string[] | null;
  expectedFaultCodeLegacy_le_7_7: string[] | null;
  description: string;
}

// What the Java test cases do to the request beyond sending requestFile (read from their sources):
/** SOAPAction header the case adds (SoapActionHeader, SoapActionEmptyHeader, SoapActionMalformedHeader). */
const SOAP_ACTION: Record<string, string> = {
  SoapActionHeader: '""',
  SoapActionEmptyHeader: '',
  SoapActionMalformedHeader: 'http://example.org/action',
};
/** Cases that prefix the request with a UTF-8 BOM (addUtf8BomToRequestFile = true). */
const ADDS_BOM = new Set(['Utf8BomNormalSubsystem', 'Utf8BomAttachment2']);
/** Client faults decided before the body is read, by something other than its content. */
const NOT_FROM_CONTENT: Record<string, string> = {
  WrongHttpMethod: 'decided by the HTTP method (GET), not by the request content',
};

type Plan =
  | { kind: 'skip'; why: string }
  | { kind: 'fault'; expected: string[]; legacy: string[] }
  | { kind: 'clean'; why: string };

function plan(c: ProxyTestCase): Plan {
  if (!c.requestFile) return { kind: 'skip', why: 'request generated at run time (no request file)' };
  if (c.requestContentType && /^multipart\//i.test(c.requestContentType.trim())) {
    return { kind: 'skip', why: 'multipart request, decided by protocol/multipart' };
  }
  const expected = c.expectedFaultCode ?? [];
  if (expected.length > 0 && expected.every((e) => e.toLowerCase().startsWith('client.'))) {
    if (NOT_FROM_CONTENT[c.case]) return { kind: 'skip', why: NOT_FROM_CONTENT[c.case] };
    return { kind: 'fault', expected, legacy: c.expectedFaultCodeLegacy_le_7_7 ?? [] };
  }
  return { kind: 'clean', why: expected.length ? `fault ${expected.join('|')} arises after parsing` : 'no fault expected' };
}

/** What the client proxy concludes from the request alone: `client.<code>`, or undefined when it is fine. */
function clientVerdict(c: ProxyTestCase): string | undefined {
  // EmptyQuery overrides getQueryInputStream to send zero bytes.
  let body = c.case === 'EmptyQuery' ? Buffer.alloc(0) : readVector('messages', 'soap-queries', c.requestFile!);
  if (ADDS_BOM.has(c.case)) body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
  try {
    // ClientMessageProcessor.handleSoap: SOAPAction first, then the SOAP decoder.
    checkSoapAction(SOAP_ACTION[c.case]);
    const envelope = parseSoapEnvelope(body, { contentType: c.requestContentType ?? TEXT_XML_UTF8 });
    if (envelope.isFault) throw faultToError(envelope.fault!); // SoapMessageHandler.fault -> onError
    return undefined;
  } catch (e) {
    if (isXRoadError(e)) return e.withOrigin('client').code;
    throw e;
  }
}

const decided: string[] = [];
const clean: string[] = [];
const skipped: string[] = [];

describeWithVectors('proxy test suite, parse-level subset (proxy-testcases.json)', () => {
  const cases = JSON.parse(readVector('messages', 'soap-queries', 'proxy-testcases.json').toString('utf8')) as ProxyTestCase[];

  it('has the 102 cases the catalog lists', () => {
    expect(cases.length).toBe(102);
  });

  for (const c of cases) {
    const p = plan(c);
    if (p.kind === 'skip') {
      skipped.push(`${c.case} (${p.why})`);
      it.skip(`${c.case}: skipped, ${p.why}`, () => {});
    } else if (p.kind === 'fault') {
      decided.push(`${c.case} -> ${p.expected.join('|')}`);
      it(`${c.case}: request alone -> ${p.expected.join('|')}`, () => {
        const got = clientVerdict(c);
        expect(got, c.description).toBeDefined();
        expect(p.expected.some((e) => faultCodeMatches(got!, e)), `got ${got}`).toBe(true);
        for (const legacy of p.legacy) expect(faultCodeMatches(got!, legacy), `legacy ${legacy} vs ${got}`).toBe(true);
      });
    } else {
      clean.push(c.case);
      it(`${c.case}: request parses cleanly (${p.why})`, () => {
        expect(clientVerdict(c)).toBeUndefined();
      });
    }
  }

  it('the faults come from the requests: each fault case with a well-formed request file instead passes', () => {
    for (const c of cases.filter((x) => plan(x).kind === 'fault' && !SOAP_ACTION[x.case] && x.case !== 'FaultyRequestContentType')) {
      expect(clientVerdict({ ...c, case: 'NormalMessage', requestFile: 'getstate.query' }), c.case).toBeUndefined();
    }
    // ...and the two decided by headers fail on a good request too.
    const normal = cases.find((x) => x.case === 'NormalMessage')!;
    expect(clientVerdict({ ...normal, case: 'SoapActionMalformedHeader' })).toBe('client.invalid_soap_action');
    expect(clientVerdict({ ...normal, requestContentType: 'blah' })).toBe('client.invalid_content_type');
  });

  afterAll(() => {
    console.info(
      `[proxy-testcases] decided at parse level (${decided.length}):\n  ${decided.join('\n  ')}\n` +
        `[proxy-testcases] parse cleanly (${clean.length}): ${clean.join(', ')}\n` +
        `[proxy-testcases] skipped (${skipped.length}):\n  ${skipped.join('\n  ')}`,
    );
  });
});
