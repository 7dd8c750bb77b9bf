// A second instance of the embedded reference SUT with other message-log settings
// (timestamp-immediately, acceptable-timestamp-failure-period, TSA-004/005), for the scenarios a
// real server would need its administrator for. It shares the SUT's identity, keys, global
// configuration client and OCSP cache, and gets its own message log and client proxy; the
// provider side answers it exactly as it answers the SUT. @embedded-only by construction.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMessageLog, type MessageLogOptions, type ReferenceMessageLog } from '../../simulators/security-server/message-log/index.js';
import { startSecurityServer, type SecurityServerHandle } from '../../simulators/security-server/security-server.js';
import type { EnvironmentHandles } from '../environment/environment-handles.js';

export interface ReconfiguredSut {
  server: SecurityServerHandle;
  log: ReferenceMessageLog;
  stop(): Promise<void>;
}

export type LogSettings = Pick<MessageLogOptions, 'timestampImmediately' | 'acceptableTimestampFailurePeriodSeconds' | 'timestampRetryDelaySeconds' | 'timestampingIntervalSeconds'>;

export async function startReconfiguredSut(h: EnvironmentHandles, settings: LogSettings): Promise<ReconfiguredSut> {
  const sut = h.sutServer;
  if (!sut) throw new Error('reconfiguring the SUT needs the embedded reference SUT (@embedded-only)');
  // The SUT's seeded defects reach the clone's message log too (no-timestamping,
  // ignore-timestamp-failure-period ...), so a self-test run judges the clone as it judges the SUT.
  const log = await createMessageLog({ directory: mkdtempSync(join(tmpdir(), 'roadtest-sut-clone-')), globalConf: sut.config.globalConf, timestampRetryDelaySeconds: 1, defects: sut.defects, ...settings });
  let server: SecurityServerHandle;
  try {
    server = await startSecurityServer({
      ...sut.config,
      messageLog: log,
      defects: sut.defects.active,
      knobs: {},
      listen: { host: sut.config.listen.host, clientHttpPort: 0, clientHttpsPort: null, serverProxyPort: 0 },
    });
  } catch (e) {
    await log.stop();
    throw e;
  }
  return {
    server,
    log,
    async stop() {
      await server.stop();
      await log.stop();
    },
  };
}
