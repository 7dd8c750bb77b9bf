import yazl from 'yazl';
import { describe, expect, it } from 'vitest';
import type { Yazl3ZipFile } from '../../protocol/asic/index.js';
import type { Evidence } from '../../simulators/member-systems/index.js';
import { asicUrl, containerDirection, containerEntries, containersOf, notStampedYet } from './log-asic.js';

function zip(entries: Array<{ name: string; data: Buffer }>): Promise<Buffer> {
  const z = new yazl.ZipFile() as unknown as Yazl3ZipFile;
  for (const e of entries) z.addBuffer(e.data, e.name, { compress: false });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    z.end();
  });
}

function evidence(status: number, contentType: string, body: Buffer, extra: Record<string, string> = {}): Evidence {
  return { status, headers: { 'content-type': contentType, ...extra }, body, text: body.toString('utf8'), startedAt: new Date(), durationMs: 1 };
}

describe('asicUrl', () => {
  it('puts the query id and client id parts in, flags without values', () => {
    const url = asicUrl('http://ss:8080/', { queryId: 'q 1&x', client: 'DEV/COM/1234/CLIENT', requestOnly: true, unique: true });
    expect(url).toBe('http://ss:8080/asic?queryId=q+1%26x&xRoadInstance=DEV&memberClass=COM&memberCode=1234&subsystemCode=CLIENT&requestOnly&unique');
  });

  it('leaves out the subsystem of a member client and any omitted parameter', () => {
    const url = new URL(asicUrl('http://ss', { queryId: 'q', client: 'DEV/COM/1234', omit: ['memberCode'] }));
    expect([...url.searchParams.keys()]).toEqual(['queryId', 'xRoadInstance', 'memberClass']);
  });
});

describe('reading /asic answers', () => {
  it('takes an application/zip apart into its containers', async () => {
    const body = await zip([
      { name: 'q-request-1.asice', data: Buffer.from('A') },
      { name: 'q-response-2.asice', data: Buffer.from('B') },
    ]);
    const got = await containersOf(evidence(200, 'application/zip', body));
    expect(got.map((c) => [c.name, containerDirection(c.name), c.bytes.toString()])).toEqual([
      ['q-request-1.asice', 'request', 'A'],
      ['q-response-2.asice', 'response', 'B'],
    ]);
  });

  it('takes a unique container with its file name, and refuses other content types', async () => {
    const got = await containersOf(evidence(200, 'application/vnd.etsi.asic-e+zip', Buffer.from('C'), { 'content-disposition': 'attachment; filename="q-response-v.asice"' }));
    expect(got).toEqual([{ name: 'q-response-v.asice', bytes: Buffer.from('C') }]);
    await expect(containersOf(evidence(200, 'text/html', Buffer.from('<html/>')))).rejects.toThrow(/neither application\/zip/);
  });

  it('refuses a damaged zip instead of returning nothing', async () => {
    const body = await zip([{ name: 'x-request-1.asice', data: Buffer.from('A') }]);
    await expect(containersOf(evidence(200, 'application/zip', body.subarray(0, body.length - 10)))).rejects.toThrow();
  });

  it('reads every entry of a container, attachments included', async () => {
    const entries = await containerEntries(await zip([{ name: 'message.xml', data: Buffer.from('<m/>') }, { name: 'attachment1', data: Buffer.from('body') }]));
    expect(entries.get('attachment1')?.toString()).toBe('body');
  });

  it('knows the not-stamped answer and no other', () => {
    expect(notStampedYet(evidence(500, 'text/plain', Buffer.from('Some message signatures have not been timestamped yet!')))).toBe(true);
    expect(notStampedYet(evidence(500, 'text/plain', Buffer.from('Internal error')))).toBe(false);
    expect(notStampedYet(evidence(404, 'text/plain', Buffer.from('No signed documents found')))).toBe(false);
    expect(containerDirection('q-request-1.asice.txt')).toBeUndefined();
  });
});
