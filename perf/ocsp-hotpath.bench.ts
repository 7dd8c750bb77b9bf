// OCSP/certificate hot path of a security server receiving message after message with the same
// (cached) OCSP response and signing certificate: `node bin/roadtest-tsx.mjs perf/ocsp-hotpath.bench.ts
// [iterations] [rsa|ec]`. Per call, in µs (median of several rounds, this one process):
//   decode      - the transport decoder on an OCSP + SOAP + signature message, minus the same message
//                 without the OCSP part (what the OCSP part costs the decoder);
//   verifyOcsp  - verifyOcspResponse on the decoded (parsed) response;
//   chain       - verifyCertificateChain (path + OCSP lookup + verifyOcspResponse) for the signing cert,
//                 the cert taken from DER each time as the signature verifier does;
//   total       - decode with OCSP + chain, the work one message pays.
// Each round checks the verdict (verified; signing cert matched), so a fast wrong answer is caught.
import { X509Certificate } from 'node:crypto';
import { certIdFor, buildOcspResponse, verifyOcspResponse } from '../protocol/ocsp/index.js';
import { findIssuingCa, verifyCertificateChain } from '../protocol/signature/cert-path.js';
import { certificateFromDer } from '../protocol/signature/parse-cache.js';
import { decodeTransportMessage, TransportMessageEncoder } from '../protocol/transport/index.js';
import { createTestPki, verificationTrustOf } from '../simulators/pki/index.js';

const iterations = Number(process.argv[2] ?? 2000);
const keyAlgorithm = (process.argv[3] ?? 'rsa') as 'rsa' | 'ec';
const ROUNDS = 7;

const SOAP = `<?xml version="1.0" encoding="utf-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xroad="http://x-road.eu/xsd/xroad.xsd" xmlns:id="http://x-road.eu/xsd/identifiers">
<SOAP-ENV:Header>
<xroad:protocolVersion>4.0</xroad:protocolVersion>
<xroad:client id:objectType="SUBSYSTEM"><id:xRoadInstance>DEV</id:xRoadInstance><id:memberClass>COM</id:memberClass><id:memberCode>1234</id:memberCode><id:subsystemCode>CLIENT</id:subsystemCode></xroad:client>
<xroad:service id:objectType="SERVICE"><id:xRoadInstance>DEV</id:xRoadInstance><id:memberClass>GOV</id:memberClass><id:memberCode>4321</id:memberCode><id:subsystemCode>P</id:subsystemCode><id:serviceCode>getRandom</id:serviceCode></xroad:service>
<xroad:id>id-1</xroad:id>
</SOAP-ENV:Header>
<SOAP-ENV:Body><xroad:getRandom/></SOAP-ENV:Body>
</SOAP-ENV:Envelope>`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function perCallMicros(n: number, fn: () => unknown): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  return Number(process.hrtime.bigint() - t0) / 1e3 / n;
}

async function message(ocsp: Buffer | undefined): Promise<{ body: Buffer; contentType: string }> {
  const enc = new TransportMessageEncoder({ boundaryId: 'BENCH' });
  if (ocsp) enc.ocspResponse(ocsp);
  enc.soap(SOAP, 'text/xml; charset=UTF-8').signature('<sig/>');
  return { body: await enc.toBuffer(), contentType: enc.contentType };
}

async function main(): Promise<void> {
  const pki = await createTestPki({ keyAlgorithm });
  const signer = pki.securityServers.SS1.sign['DEV/COM/1234']!;
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const trust = verificationTrustOf(pki);
  const ocspDer = buildOcspResponse({
    responses: [{ certIdDer: certIdFor(signer.cert, pki.issuingCa.cert).der, status: { kind: 'good' }, thisUpdate: now, nextUpdate: new Date(now.getTime() + 3600_000) }],
    producedAt: now,
    responderCert: pki.ocspSigner.cert,
    signerKey: pki.ocspSigner.privateKey,
    certs: [pki.ocspSigner.cert],
  });
  const withOcsp = await message(ocspDer);
  const withoutOcsp = await message(undefined);
  const decode = (m: { body: Buffer; contentType: string }) => decodeTransportMessage([m.body], { contentType: m.contentType, hashAlgorithm: 'SHA-512' });
  const decoded = (await decode(withOcsp)).ocspResponses[0]!;
  const signerDer = Buffer.from(signer.cert.raw);
  const issuing = findIssuingCa(new X509Certificate(signerDer), trust);
  if (!issuing) throw new Error('signing certificate has no issuing CA in trust');

  const verifyOcsp = () => verifyOcspResponse(decoded.response, { cert: signer.cert, issuer: pki.issuingCa.cert, trust, atDate: now });
  const chain = () => {
    const cert = certificateFromDer(signerDer);
    const r = verifyCertificateChain(cert, issuing, [{ der: decoded.der, parsed: decoded.response }], trust, now);
    if (!r.ocspResponse.equals(ocspDer)) throw new Error('wrong OCSP response matched');
  };
  const full = async () => {
    const m = await decode(withOcsp);
    const cert = certificateFromDer(signerDer);
    const o = m.ocspResponses[0]!;
    verifyCertificateChain(cert, issuing, [{ der: o.der, parsed: o.response }], trust, now);
  };

  // Warm-up (JIT, caches), then rounds.
  for (const f of [() => decode(withOcsp), () => decode(withoutOcsp), verifyOcsp, chain, full]) await perCallMicros(Math.min(iterations, 300), f);
  const rows: Record<string, number[]> = { decode: [], verifyOcsp: [], chain: [], total: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const a = await perCallMicros(iterations, () => decode(withOcsp));
    const b = await perCallMicros(iterations, () => decode(withoutOcsp));
    rows.decode!.push(a - b);
    rows.verifyOcsp!.push(await perCallMicros(iterations, verifyOcsp));
    rows.chain!.push(await perCallMicros(iterations, chain));
    rows.total!.push(await perCallMicros(iterations, full));
  }
  process.stdout.write(`OCSP hot path, ${keyAlgorithm} PKI, ${iterations} calls x ${ROUNDS} rounds, µs per call (median):\n`);
  for (const [name, xs] of Object.entries(rows)) process.stdout.write(`  ${name.padEnd(11)} ${median(xs).toFixed(1).padStart(8)}\n`);
}

await main();
