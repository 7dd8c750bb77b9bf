// The signed-document download as a client IS uses it (LOG-002/003, UG-SIGDOC §2): build the
// /asic URL for an exchange (queryId + the client's id parts + options), fetch it, and take the
// answer apart into its ASiC containers. Only what a real SUT shows from outside is used.
import { sendRaw, type Evidence } from '../../simulators/member-systems/index.js';
import { ASIC_MIMETYPE } from '../../protocol/asic/index.js';
import { readZipBuffer } from '../../protocol/asic/zip-buffer-reader.js';

export interface AsicQuery {
  queryId: string;
  /** Client id string INSTANCE/CLASS/CODE[/SUBSYSTEM] the exchange was logged for. */
  client: string;
  requestOnly?: boolean;
  responseOnly?: boolean;
  unique?: boolean;
  force?: boolean;
  /** Parameters to leave out (the 400 cases). */
  omit?: Array<'queryId' | 'xRoadInstance' | 'memberClass' | 'memberCode' | 'subsystemCode'>;
}

/** `{base}/asic?queryId=…&xRoadInstance=…&memberClass=…&memberCode=…[&subsystemCode=…][&options]`. */
export function asicUrl(base: string, q: AsicQuery): string {
  const [instance, memberClass, memberCode, subsystem] = q.client.split('/');
  const params = new URLSearchParams();
  const put = (name: NonNullable<AsicQuery['omit']>[number], value: string | undefined) => {
    if (value !== undefined && !q.omit?.includes(name)) params.set(name, value);
  };
  put('queryId', q.queryId);
  put('xRoadInstance', instance);
  put('memberClass', memberClass);
  put('memberCode', memberCode);
  put('subsystemCode', subsystem);
  // Flags are present-or-absent parameters (X-Road reads hasParameter), sent without a value.
  let query = params.toString();
  for (const flag of ['requestOnly', 'responseOnly', 'unique', 'force'] as const) if (q[flag]) query += `&${flag}`;
  return `${base.replace(/\/$/, '')}/asic?${query}`;
}

export async function downloadAsic(base: string, q: AsicQuery, timeoutMs: number): Promise<{ url: string; received: Evidence }> {
  const url = asicUrl(base, q);
  return { url, received: await sendRaw(url, { method: 'GET', timeoutMs }) };
}

/** True when the SUT says the evidence exists but is not time-stamped yet (LOG-003: 500, or 404 in older versions). */
export function notStampedYet(r: Evidence): boolean {
  return (r.status === 500 || r.status === 404) && /not been time-?stamped/i.test(r.text);
}

/**
 * Downloads without `force`, polling until the SUT's own batch time-stamping (every
 * timeStampingIntervalSeconds) has covered the records or `waitMs` has passed; the last answer is
 * returned as it is (never forced), so a SUT that does not stamp on its own shows.
 */
export async function downloadStampedAsic(base: string, q: AsicQuery, timeoutMs: number, waitMs: number): Promise<{ url: string; received: Evidence }> {
  const until = Date.now() + waitMs;
  for (;;) {
    const got = await downloadAsic(base, q, timeoutMs);
    if (!notStampedYet(got.received) || Date.now() >= until) return got;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface DownloadedContainer {
  name: string;
  bytes: Buffer;
}

/** The containers of an /asic answer: the entries of application/zip, or the one unique container. */
export async function containersOf(received: Evidence): Promise<DownloadedContainer[]> {
  const type = (received.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === ASIC_MIMETYPE) {
    const disposition = received.headers['content-disposition'] ?? '';
    const name = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? 'unique.asice';
    return [{ name, bytes: received.body }];
  }
  if (type !== 'application/zip') throw new Error(`an /asic answer of type '${type}' is neither application/zip nor ${ASIC_MIMETYPE}`);
  const zip = await readZipBuffer(received.body, () => 'keep', { label: '/asic download' });
  return zip.kept.map((e) => ({ name: e.name, bytes: e.data }));
}

/** Which way a container's message went, from its X-Road file name `queryId-request-Z.asice`. */
export function containerDirection(name: string): 'request' | 'response' | undefined {
  const m = /-(request|response)-[0-9a-v]+\.asice(\.gpg)?$/i.exec(name);
  return m ? (m[1]!.toLowerCase() as 'request' | 'response') : undefined;
}

/** Every entry of one container with its bytes (the reader of protocol/asic keeps attachments as digests only). */
export async function containerEntries(bytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await readZipBuffer(bytes, () => 'keep', { label: 'ASiC container' });
  return new Map(zip.kept.map((e) => [e.name, e.data]));
}
