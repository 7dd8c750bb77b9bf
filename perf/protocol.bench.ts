// Protocol-layer micro-benchmarks: `node bin/roadtest-tsx.mjs perf/protocol.bench.ts [runs]`.
// Multipart parsing must keep up with hashing (the transport decoder does both on every
// message): a 10 MB two-part message, fed in 64 KiB chunks as from a socket, is parsed
// (a) draining bodies and (b) hashing each part with SHA-512, next to plain SHA-512 of the
// same bytes. Then SOAP envelope parsing of a 10 kB request (ops/s). Medians of several runs
// taken in this one process.
import { createHash, randomBytes } from 'node:crypto';
import { MultipartWriter, readMultipart } from '../protocol/multipart/index.js';
import { parseSoapEnvelope } from '../protocol/soap/index.js';

const runs = Number(process.argv[2] ?? 15);
const CHUNK = 64 * 1024;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function chunks(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += CHUNK) out.push(buf.subarray(i, i + CHUNK));
  return out;
}

async function* feed(cs: Buffer[]): AsyncGenerator<Buffer> {
  for (const c of cs) yield c;
}

async function time(fn: () => Promise<void> | void): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function benchMultipart(): Promise<void> {
  // Random bytes: plenty of LF, CR and '-' for the delimiter search to trip over.
  const w = new MultipartWriter({ boundaryPrefix: 'xtop' })
    .add(randomBytes(5 * 1024 * 1024), { 'Content-Type': 'application/octet-stream' })
    .add(randomBytes(5 * 1024 * 1024), { 'Content-Type': 'application/octet-stream' });
  const msg = w.toBuffer();
  const cs = chunks(msg);
  const mb = msg.length / (1024 * 1024);

  const tHash: number[] = [];
  const tParse: number[] = [];
  const tParseHash: number[] = [];
  for (let r = 0; r < runs + 2; r++) {
    const h = await time(() => {
      const hash = createHash('sha512');
      for (const c of cs) hash.update(c);
      hash.digest();
    });
    const p = await time(async () => {
      let n = 0;
      for await (const part of readMultipart(feed(cs), w.contentType)) n += (await part.consume()).size;
      if (n < 10 * 1024 * 1024) throw new Error('parse lost bytes');
    });
    const ph = await time(async () => {
      for await (const part of readMultipart(feed(cs), w.contentType)) await part.consume({ digests: ['sha512'] });
    });
    if (r >= 2) {
      // first two runs warm up the JIT
      tHash.push(h);
      tParse.push(p);
      tParseHash.push(ph);
    }
  }
  const rate = (ms: number) => (mb / (ms / 1000)).toFixed(0);
  const mh = median(tHash);
  const mp = median(tParse);
  const mph = median(tParseHash);
  console.log(`multipart parse, ${mb.toFixed(1)} MB two-part message, ${CHUNK / 1024} KiB chunks, median of ${runs} runs`);
  console.log(`  raw sha512               ${mh.toFixed(2).padStart(8)} ms  ${rate(mh).padStart(6)} MB/s`);
  console.log(`  parse (drain bodies)     ${mp.toFixed(2).padStart(8)} ms  ${rate(mp).padStart(6)} MB/s  time ratio vs sha512 ${(mp / mh).toFixed(2)}`);
  console.log(`  parse + sha512 per part  ${mph.toFixed(2).padStart(8)} ms  ${rate(mph).padStart(6)} MB/s  time ratio vs sha512 ${(mph / mh).toFixed(2)}`);
  const ok = mph / mh <= 3;
  console.log(`  target: parse+hash within 3x of raw sha512 -> ${ok ? 'met' : 'NOT MET'}`);
}

/** SOAP envelope parse of a ~10 kB X-Road request (protocol/soap). */
async function benchSoap(): Promise<void> {
  const payload = '<item>' + 'x'.repeat(90) + '</item>\n';
  const body = payload.repeat(Math.ceil(9400 / payload.length));
  const xml = Buffer.from(
    `<?xml version="1.0" encoding="utf-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xroad="http://x-road.eu/xsd/xroad.xsd" xmlns:id="http://x-road.eu/xsd/identifiers">
<SOAP-ENV:Header>
<xroad:client id:objectType="SUBSYSTEM"><id:xRoadInstance>EE</id:xRoadInstance><id:memberClass>GOV</id:memberClass><id:memberCode>1234</id:memberCode><id:subsystemCode>CLIENT</id:subsystemCode></xroad:client>
<xroad:service id:objectType="SERVICE"><id:xRoadInstance>EE</id:xRoadInstance><id:memberClass>GOV</id:memberClass><id:memberCode>5678</id:memberCode><id:subsystemCode>PROVIDER</id:subsystemCode><id:serviceCode>getData</id:serviceCode></xroad:service>
<xroad:id>4894e35d-bf0f-44a6-867a-8e51f1daa7e0</xroad:id>
<xroad:protocolVersion>4.0</xroad:protocolVersion>
</SOAP-ENV:Header>
<SOAP-ENV:Body><ns:getData xmlns:ns="http://example.org/">${body}</ns:getData></SOAP-ENV:Body>
</SOAP-ENV:Envelope>`,
  );
  if (parseSoapEnvelope(xml).header.service?.serviceCode !== 'getData') throw new Error('bench SOAP message did not parse as intended');
  const batch = 200;
  const rates: number[] = [];
  for (let r = 0; r < runs + 2; r++) {
    const ms = await time(() => {
      for (let i = 0; i < batch; i++) parseSoapEnvelope(xml);
    });
    if (r >= 2) rates.push(batch / (ms / 1000));
  }
  console.log(`soap envelope parse, ${(xml.length / 1024).toFixed(1)} kB message, median of ${runs} runs of ${batch}: ${median(rates).toFixed(0)} ops/s`);
}

await benchMultipart();
await benchSoap();
