// Garbage for every port of the SUT, the way a scanner sends it: bodies that are not what the port
// speaks, impossible paths and parameters. Each probe is a named request; the answer (or the
// dropped connection) is evidence for the leak and resilience checks.
import { sendRaw, type Evidence } from '../../simulators/member-systems/index.js';
import type { Environment } from '../environment/environment.js';

export type PortName = 'client proxy' | 'client proxy HTTPS' | 'server proxy' | 'OCSP download';

export function portUrl(env: Environment, port: PortName): string {
  const url =
    port === 'client proxy' ? env.sut.clientProxyUrl : port === 'client proxy HTTPS' ? env.sut.clientProxyHttpsUrl : port === 'server proxy' ? env.sut.serverProxyUrl : env.sut.ocspDownloadUrl;
  if (!url) throw new Error(`the profile gives no URL for the SUT's ${port}`);
  return url.replace(/\/$/, '');
}

export interface Probe {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const NOT_XML = Buffer.from('<<<\u0000garbage ]]> <!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]><x>&a;</x>', 'utf8');

/** Probes by name; the same names work on every port (each port must cope with all of them). */
export const PROBES: Record<string, Probe> = {
  'a body that is not XML': { method: 'POST', path: '/', headers: { 'Content-Type': 'text/xml; charset=UTF-8' }, body: NOT_XML },
  'an XML body with an external entity': {
    method: 'POST',
    path: '/',
    headers: { 'Content-Type': 'text/xml; charset=UTF-8' },
    body: Buffer.from('<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>&x;</SOAP-ENV:Body></SOAP-ENV:Envelope>'),
  },
  'a truncated JSON body': { method: 'POST', path: '/', headers: { 'Content-Type': 'application/json' }, body: Buffer.from('{"service":') },
  'a multipart body without a boundary': { method: 'POST', path: '/', headers: { 'Content-Type': 'multipart/related' }, body: Buffer.from('--x\r\n\r\nnothing') },
  'a charset nobody knows': { method: 'POST', path: '/', headers: { 'Content-Type': 'text/xml; charset=x-roadtest-unknown' }, body: Buffer.from('<a/>') },
  'a path that climbs out of the root': { method: 'GET', path: '/../../../../etc/passwd', headers: {} },
  'a REST path with broken percent-encoding': { method: 'GET', path: '/r1/%ZZ/%%/x', headers: { 'X-Road-Client': '%ZZ' } },
  'a query of 4000 characters': { method: 'GET', path: `/?cert=${'Z'.repeat(4000)}`, headers: {} },
  'an unknown HTTP method': { method: 'PROPFIND', path: '/', headers: {} },
};

export function probe(name: string): Probe {
  const p = PROBES[name];
  if (!p) throw new Error(`unknown probe "${name}"; known: ${Object.keys(PROBES).join('; ')}`);
  return p;
}

export async function sendProbe(base: string, p: Probe, timeoutMs: number): Promise<{ url: string; received: Evidence }> {
  const url = `${base}${p.path}`;
  const received = await sendRaw(url, { method: p.method, headers: p.headers, ...(p.body ? { body: p.body } : {}), timeoutMs });
  return { url, received };
}
