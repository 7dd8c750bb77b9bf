// Bad input never crashes: random and mutated DER either parses or fails with a typed XRoadError,
// and the verifier never accepts a response whose signed bytes were changed.
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { createTestPki, type TestPki } from '../../simulators/pki/index.js';
import { isXRoadError } from '../faults/index.js';
import type { VerificationTrust } from '../trust/index.js';
import { certIdFor } from './cert-id.js';
import { buildOcspRequest } from './ocsp-request-builder.js';
import { parseOcspRequest } from './ocsp-request.js';
import { buildOcspResponse } from './ocsp-response-builder.js';
import { parseOcspResponse } from './ocsp-response.js';
import { verifyOcspResponse } from './ocsp-verifier.js';

let pki: TestPki;
let good: Buffer;
let request: Buffer;
let trust: VerificationTrust;
const now = new Date(Math.floor(Date.now() / 1000) * 1000);

beforeAll(async () => {
  pki = await createTestPki();
  const cert = pki.securityServers.SS1.auth.cert;
  good = buildOcspResponse({
    responses: [{ certIdDer: certIdFor(cert, pki.issuingCa.cert).der, status: { kind: 'good' }, thisUpdate: now }],
    producedAt: now,
    responderCert: pki.ocspSigner.cert,
    signerKey: pki.ocspSigner.privateKey,
    certs: [pki.ocspSigner.cert],
  });
  request = buildOcspRequest({ cert, issuer: pki.issuingCa.cert });
  trust = {
    instanceIdentifier: 'DEV',
    approvedCas: [{ name: 'ca', authenticationOnly: false, topCa: pki.rootCa.cert, intermediateCas: [], ocspResponders: [], certificateProfileInfo: '' }],
    approvedTsas: [],
    ocspFreshnessSeconds: 3600,
    verifyNextUpdate: true,
  };
});

function onlyTypedErrors(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    return isXRoadError(e);
  }
}

const mutation = (length: number) => fc.tuple(fc.integer({ min: 0, max: length - 1 }), fc.integer({ min: 1, max: 255 }));

describe('OCSP readers and verifier on hostile bytes', () => {
  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const b = Buffer.from(bytes);
        return onlyTypedErrors(() => parseOcspResponse(b)) && onlyTypedErrors(() => parseOcspRequest(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('one flipped byte in a good response: typed error or still parsed; never accepted if tbsResponseData changed', () => {
    const cert = pki.securityServers.SS1.auth.cert;
    const tbs = parseOcspResponse(good).basic!.tbsResponseDataDer;
    const tbsAt = good.indexOf(tbs);
    fc.assert(
      fc.property(mutation(good.length), ([at, x]) => {
        const m = Buffer.from(good);
        m[at] ^= x;
        let accepted = false;
        const typed = onlyTypedErrors(() => {
          verifyOcspResponse(m, { cert, issuer: pki.issuingCa.cert, trust, atDate: now });
          accepted = true;
        });
        const insideTbs = at >= tbsAt && at < tbsAt + tbs.length;
        return typed && !(accepted && insideTbs);
      }),
      { numRuns: 400 },
    );
  });

  it('one flipped byte in a request: typed error or parsed', () => {
    fc.assert(
      fc.property(mutation(request.length), ([at, x]) => {
        const m = Buffer.from(request);
        m[at] ^= x;
        return onlyTypedErrors(() => parseOcspRequest(m));
      }),
      { numRuns: 1000 },
    );
  });
});
