// Instance settings and observations for the OCSP scenarios (OCSP-001..008): put a recorder in
// front of the approved CA's responder, publish ocspFreshnessSeconds / FETCHINTERVAL / NEXTUPDATE,
// set responder knobs for the SUT's own certificates only (the peer keeps working), and read what
// the SUT asked the responder.
import type { X509Certificate } from 'node:crypto';
import { OID_SHA1, parseOcspRequest, certIdFor, type OcspRequest } from '../../protocol/ocsp/index.js';
import type { KnobName, KnobSettings } from '../../simulators/ocsp-responder/index.js';
import type { EnvironmentHandles } from '../environment/environment-handles.js';
import { startHttpRecorder, type HttpRecorder, type RecordedHttpRequest } from './transport-http-recorder.js';
import { changeInstance, type AsyncUndo } from './transport-instance-edits.js';

export interface SutCerts {
  auth: X509Certificate;
  sign: X509Certificate;
}

export function sutCerts(h: EnvironmentHandles): SutCerts {
  const s = h.pki.securityServers[h.layout.sut.serverCode];
  const sign = s?.sign[h.layout.sut.member];
  if (!s || !sign) throw new Error(`the test PKI holds no certificates for the SUT ${h.layout.sut.serverId}`);
  return { auth: s.auth.cert, sign: sign.cert };
}

/** Points every approved CA's OCSP URL at a recorder forwarding to the responder. */
export async function recordOcspRequests(h: EnvironmentHandles): Promise<{ recorder: HttpRecorder; undo: AsyncUndo }> {
  const recorder = await startHttpRecorder(h.ocsp.url);
  const undoInstance = await changeInstance(h, (m) => {
    for (const ca of m.approvedCAs ?? []) {
      for (const o of [...(ca.topCA.ocsp ?? []), ...(ca.intermediateCAs ?? []).flatMap((i) => i.ocsp ?? [])]) o.url = recorder.url;
    }
  });
  return {
    recorder,
    undo: async () => {
      await undoInstance();
      await recorder.stop();
    },
  };
}

export function setFreshness(h: EnvironmentHandles, seconds: number): Promise<AsyncUndo> {
  return changeInstance(h, (m) => {
    m.ocspFreshnessSeconds = seconds;
  });
}

export function setFetchInterval(h: EnvironmentHandles, seconds: number): Promise<AsyncUndo> {
  return changeInstance(h, (m) => {
    m.optionalParts = { ...m.optionalParts, fetchInterval: { ocspFetchInterval: seconds } };
  });
}

export function setVerifyNextUpdate(h: EnvironmentHandles, verify: boolean): Promise<AsyncUndo> {
  return changeInstance(h, (m) => {
    m.optionalParts = { ...m.optionalParts, nextUpdate: { verifyNextUpdate: verify } };
  });
}

/** Sets a responder knob for the SUT's auth and sign certificates; returns the undo. */
export async function knobForSut<K extends Exclude<KnobName, 'down'>>(h: EnvironmentHandles, name: K, value: KnobSettings[K]): Promise<AsyncUndo> {
  const { auth, sign } = sutCerts(h);
  for (const c of [auth, sign]) await h.ocsp.knobs.set(name, value, c);
  return async () => {
    for (const c of [auth, sign]) await h.ocsp.knobs.clear(name, c);
  };
}

export interface ParsedOcspHit {
  rec: RecordedHttpRequest;
  request?: OcspRequest;
  error?: string;
}

export function parseHits(recorder: HttpRecorder): ParsedOcspHit[] {
  return recorder.requests.map((rec) => {
    try {
      return { rec, request: parseOcspRequest(rec.body) };
    } catch (e) {
      return { rec, error: (e as Error).message };
    }
  });
}

/** Recorded requests asking about `cert` (CertID equal to X-Road's SHA-1 CertID for it). */
export function hitsFor(hits: ParsedOcspHit[], cert: X509Certificate, issuer: X509Certificate): ParsedOcspHit[] {
  const want = certIdFor(cert, issuer).der;
  return hits.filter((x) => x.request?.certIds.some((id) => id.der.equals(want)));
}

/** OCSP-001: what is wrong with one recorded request, as X-Road's OcspClient would send it. */
export function ocspRequestProblems(x: ParsedOcspHit): string[] {
  const p: string[] = [];
  const ct = (x.rec.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (x.rec.method !== 'POST') p.push(`method ${x.rec.method}, not POST`);
  if (ct !== 'application/ocsp-request') p.push(`Content-Type ${x.rec.headers['content-type'] ?? '(none)'}`);
  if (!/application\/ocsp-response/i.test(x.rec.headers['accept'] ?? '')) p.push(`Accept ${x.rec.headers['accept'] ?? '(none)'}`);
  if (!x.request) return [...p, `unparsable OCSP request: ${x.error}`];
  if (x.request.signed) p.push('the request is signed');
  if (x.request.nonce !== undefined) p.push('the request carries a nonce');
  for (const id of x.request.certIds) {
    if (id.hashAlgorithm.oid !== OID_SHA1) p.push(`CertID hash ${id.hashAlgorithm.oid}, not SHA-1`);
    if (!id.hashAlgorithm.parameters?.equals(Buffer.from([0x05, 0x00]))) p.push('CertID hash AlgorithmIdentifier without explicit NULL parameters');
  }
  return p;
}
