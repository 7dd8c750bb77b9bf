// Child process for crash-safety.test.ts: logs messages from 8 concurrent "exchanges" as fast as it
// can and prints `ack <queryId>` once log() has resolved; the test SIGKILLs it mid-stream and
// checks that every acknowledged record is in the reopened log.
import type { X509Certificate } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { GlobalConfView, LoggedMessage } from '../components.js';
import { createMessageLog } from './message-log.js';

export const CRASH_CLIENT = 'DEV/COM/1234/CLIENT';

/** The message the child logs for a query id (the test recomputes it to compare bytes). */
export function crashTestMessage(queryId: string): LoggedMessage {
  const n = Number(queryId.split('-').pop());
  return {
    queryId,
    client: CRASH_CLIENT,
    service: 'DEV/GOV/4321/PROV/getRandom',
    direction: n % 2 === 0 ? 'request' : 'response',
    protocol: 'soap',
    message: Buffer.from(`<message id="${queryId}">${'x'.repeat(n % 4096)}</message>`),
    attachments: n % 3 === 0 ? [Buffer.alloc(1000 + n, n % 251)] : [],
    signatureXml: Buffer.from(`<signature of="${queryId}"/>`),
    loggedAt: new Date(1_700_000_000_000 + n),
  };
}

async function main(dir: string, start: number): Promise<void> {
  // Never stamps (interval of an hour): the TSA entry only has to exist for assertCanAcceptMessages.
  const globalConf = {
    assertValid: () => undefined,
    instance: () => 'DEV',
    trust: () => ({ instanceIdentifier: 'DEV', approvedCas: [], approvedTsas: [{ name: 'none', url: 'http://127.0.0.1:1/', cert: {} as X509Certificate }], ocspFreshnessSeconds: 3600, verifyNextUpdate: true }),
    securityServers: () => [],
    members: () => [],
    timestampingIntervalSeconds: () => 3600,
    verificationConfZip: () => Promise.resolve(Buffer.alloc(0)),
    onUpdate: () => undefined,
    monitoringClient: () => undefined,
  } satisfies GlobalConfView;
  const log = await createMessageLog({ directory: dir, globalConf });
  let next = start;
  const worker = async () => {
    for (;;) {
      const queryId = `crash-${next++}`;
      await log.log(crashTestMessage(queryId));
      process.stdout.write(`ack ${queryId}\n`);
    }
  };
  process.stdout.write('ready\n');
  await Promise.all(Array.from({ length: 8 }, worker));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv[2]!, Number(process.argv[3] ?? 0)).catch((e: unknown) => {
    process.stderr.write(`crash-child failed: ${(e as Error).stack}\n`);
    process.exit(3);
  });
}
