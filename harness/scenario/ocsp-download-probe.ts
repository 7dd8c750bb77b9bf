// Asks a security server's OCSP download role (TRANSP-003, port 5577) for certificates by hash
// and reads the multipart/related answer: one application/ocsp-response per certificate, in the
// order asked, each parsed so a step can check whose status it is.
import { createHash, type X509Certificate } from 'node:crypto';
import { parseMultipart } from '../../protocol/multipart/index.js';
import { certIdFor, parseOcspResponse, type OcspResponse } from '../../protocol/ocsp/index.js';

export interface DownloadAnswer {
  status: number;
  contentType: string;
  parts: Array<{ mediaType: string; der: Buffer; response?: OcspResponse; error?: string }>;
  error?: string;
}

export const sha1Of = (c: X509Certificate) => createHash('sha1').update(c.raw).digest('hex');
export const sha256Of = (c: X509Certificate) => createHash('sha256').update(c.raw).digest('hex');

export async function askDownloadRole(baseUrl: string, params: Array<[string, string]>, method = 'GET', timeoutMs = 5_000): Promise<DownloadAnswer> {
  const url = new URL(baseUrl);
  for (const [n, v] of params) url.searchParams.append(n, v);
  try {
    const res = await fetch(url, { method, headers: { accept: 'multipart/related' }, signal: AbortSignal.timeout(timeoutMs) });
    const body = Buffer.from(await res.arrayBuffer());
    const contentType = res.headers.get('content-type') ?? '';
    const parts: DownloadAnswer['parts'] = [];
    if (res.status === 200 && /^multipart\//i.test(contentType)) {
      for (const p of parseMultipart(body, contentType).parts) {
        const der = Buffer.from(p.body);
        try {
          parts.push({ mediaType: (p.mediaType ?? '').toLowerCase(), der, response: parseOcspResponse(der) });
        } catch (e) {
          parts.push({ mediaType: (p.mediaType ?? '').toLowerCase(), der, error: (e as Error).message });
        }
      }
    }
    return { status: res.status, contentType, parts };
  } catch (e) {
    return { status: 0, contentType: '', parts: [], error: (e as Error).message };
  }
}

/** Problems with `part` as the response for `cert` (status good, CertID of that certificate). */
export function partProblems(part: DownloadAnswer['parts'][number] | undefined, cert: X509Certificate, issuer: X509Certificate, label: string): string[] {
  if (!part) return [`no part for ${label}`];
  if (part.mediaType !== 'application/ocsp-response') return [`${label}: part is ${part.mediaType}`];
  if (!part.response?.basic) return [`${label}: ${part.error ?? 'not a basic OCSP response'}`];
  const want = certIdFor(cert, issuer).der;
  const single = part.response.basic.responses[0];
  if (!single || !single.certId.der.equals(want)) return [`${label}: the response is about another certificate`];
  if (single.status.kind !== 'good') return [`${label}: status ${single.status.kind}`];
  return [];
}
