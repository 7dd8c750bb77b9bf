// XAdES cost per call: `node bin/roadtest-tsx.mjs perf/xades.bench.ts [seconds-per-case] [case-filter]`.
// What the security server does for every exchange (simulators/security-server/xades-seam.ts):
// buildSignature over a 1 kB SOAP message with an RSA 2048 sign key, its CA chain (one
// intermediate) and a good OCSP response embedded, and verifySignature of the result against the
// same trust. The bare RSA 2048 / SHA-512 signature is timed too, as the floor no XML work can
// go below. Every verification result is checked; each case runs for a bounded time and count
// after a warm-up, and the median of per-batch means is printed (µs per call), with the garbage
// collections per 1000 calls (young-generation scavenges mostly: a proxy for bytes allocated).
import { createSign } from 'node:crypto';
import { PerformanceObserver } from 'node:perf_hooks';
import { buildSignature, verifySignature, type BuiltSignature } from '../protocol/signature/index.js';
import { signingFixture } from '../protocol/signature/testing/signing-fixture.js';
import { digest, DigestMethods } from '../protocol/xml/dsig-algorithms.js';

const seconds = Number(process.argv[2] ?? 3);
const filter = process.argv[3] ?? '';

let gcs = 0;
new PerformanceObserver((list) => {
  gcs += list.getEntries().length;
}).observe({ entryTypes: ['gc'] });
/** GC entries are delivered asynchronously: let them arrive before reading the count. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const BATCH = 50;
const MAX_CALLS = 200_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** µs per call: median over batches of BATCH calls, for `seconds` (after a 0.5 s warm-up). */
async function measure(fn: () => void): Promise<{ usPerCall: number; calls: number; gcPer1000: number }> {
  const warmEnd = performance.now() + 500;
  while (performance.now() < warmEnd) fn();
  await settle();
  const gcsBefore = gcs;
  const perBatch: number[] = [];
  const end = performance.now() + seconds * 1000;
  let calls = 0;
  while (performance.now() < end && calls < MAX_CALLS) {
    const t0 = performance.now();
    for (let i = 0; i < BATCH; i++) fn();
    perBatch.push(((performance.now() - t0) * 1000) / BATCH);
    calls += BATCH;
  }
  await settle();
  return { usPerCall: median(perBatch), calls, gcPer1000: ((gcs - gcsBefore) * 1000) / calls };
}

function soapOf(size: number): Buffer {
  const head = '<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" ' +
    'xmlns:xrd="http://x-road.eu/xsd/xroad.xsd" xmlns:id="http://x-road.eu/xsd/identifiers"><SOAP-ENV:Header>' +
    '<xrd:client id:objectType="SUBSYSTEM"><id:xRoadInstance>DEV</id:xRoadInstance><id:memberClass>COM</id:memberClass><id:memberCode>1234</id:memberCode><id:subsystemCode>CLIENT</id:subsystemCode></xrd:client>' +
    '<xrd:id>4894e35d-bf0f-44a6-867a-8e51f1daa7e0</xrd:id><xrd:protocolVersion>4.0</xrd:protocolVersion></SOAP-ENV:Header><SOAP-ENV:Body><payload>';
  const tail = '</payload></SOAP-ENV:Body></SOAP-ENV:Envelope>';
  return Buffer.from(head + 'x'.repeat(Math.max(0, size - head.length - tail.length)) + tail);
}

const f = await signingFixture('rsa', true);
const message = soapOf(1024);
const now = new Date();
const ocsp = f.ocspFor(f.signer, now);
const chain = [f.pki.intermediateCa!.cert];
const sign = (): BuiltSignature => buildSignature({
  signingCert: f.signer.cert, privateKey: f.signer.privateKey, messages: [{ message }], extraCertificates: chain, ocspResponses: [ocsp],
});
const built = sign();
const signatureXml = Buffer.from(built.signatureXml, 'utf8');
const parts = [{ name: '/message.xml', data: message, digest: { method: DigestMethods.sha512, value: digest('sha512', message) } }];
const verify = () => {
  const v = verifySignature({ signatureXml, signer: f.member, trust: f.trust, atDate: now, parts });
  if (!v.signingCert) throw new Error('verification returned no signing certificate');
};
verify();

const signedInfoLike = Buffer.alloc(1100, 0x61);
const rsaOnly = () => createSign('sha512').update(signedInfoLike).sign(f.signer.privateKey);

console.log(`XAdES per call, 1 kB SOAP, RSA 2048, SHA-512, 1 intermediate CA + 1 OCSP response embedded (signature document ${signatureXml.length} B)`);
for (const [name, fn] of [['RSA 2048 sign alone', rsaOnly], ['buildSignature', sign], ['verifySignature', verify]] as const) {
  if (!name.includes(filter)) continue;
  const r = await measure(fn);
  console.log(`${name.padEnd(22)} ${r.usPerCall.toFixed(1).padStart(8)} µs/call  (${r.calls} calls, ${r.gcPer1000.toFixed(1)} GCs per 1000 calls)`);
}
