// Test support: a small X-Road instance on loopback, wired the way the embedded environment wires
// it (harness/environment/embedded.ts) — test PKI, OCSP responder, TSA, central server, provider
// IS, and two security servers, each with its own configuration client, OCSP cache, :5577 download
// role, X-Road TLS trust and durable message log: SS1 (consumer side, hosts DEV/COM/1234/CLIENT)
// and SS2 (provider side, hosts DEV/GOV/4321/PROV and its services). Used by this folder's tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCentralServer, type CentralServerHandle, type InstanceModel } from '../central-server/index.js';
import { startOcspResponder, type OcspResponderHandle } from '../ocsp-responder/index.js';
import { startProviderIs, type ProviderIs } from '../member-systems/index.js';
import { createTestPki, type TestPki } from '../pki/index.js';
import { startTsa, type TsaHandle } from '../tsa/index.js';
import type { LoggedMessage, MessageLog } from './components.js';
import type { SecurityServerConfigInput } from './config.js';
import { startGlobalConfClient, type GlobalConfClient } from './globalconf-client.js';
import { createMessageLog, type ReferenceMessageLog } from './message-log/index.js';
import { XRoadOcspCache } from './ocsp-cache.js';
import { startSecurityServer, type SecurityServerHandle, type SecurityServerOptions } from './security-server.js';

export const CLIENT = 'DEV/COM/1234/CLIENT';
export const PROVIDER = 'DEV/GOV/4321/PROV';
export const OTHER_PROVIDER_MEMBER = { memberClass: 'GOV', memberCode: '9999' };

/** The real message log with every logged message also kept in memory, so tests can look at it. */
export interface TappedMessageLog extends MessageLog {
  readonly records: LoggedMessage[];
  readonly reference: ReferenceMessageLog;
}

function tap(reference: ReferenceMessageLog): TappedMessageLog {
  const records: LoggedMessage[] = [];
  return {
    records,
    reference,
    assertCanAcceptMessages: (now) => reference.assertCanAcceptMessages(now),
    async log(m) {
      await reference.log(m);
      records.push(m);
    },
    handleAsic: (req, res, url) => reference.handleAsic(req, res, url),
    stop: () => reference.stop(),
  };
}

export interface TestNetwork {
  pki: TestPki;
  ocsp: OcspResponderHandle;
  tsa: TsaHandle;
  cs: CentralServerHandle;
  provider: ProviderIs;
  /** SS1's configuration client. */
  globalConf: GlobalConfClient;
  /** SS2's configuration client. */
  globalConf2: GlobalConfClient;
  ocspCache1: XRoadOcspCache;
  ocspCache2: XRoadOcspCache;
  ss1: SecurityServerHandle;
  ss2: SecurityServerHandle;
  log1: TappedMessageLog;
  log2: TappedMessageLog;
  /** Changes the published instance and waits until both servers have loaded it. */
  editGlobalConf(change: (model: InstanceModel) => void): Promise<void>;
  /** Makes both servers see their configuration copy as expired (their clocks jump past Expire-date); returns the undo. */
  expireGlobalConf(): () => void;
  stop(): Promise<void>;
}

export interface TestNetworkOptions {
  ss1?: Partial<SecurityServerConfigInput>;
  ss2?: Partial<SecurityServerConfigInput>;
  ss1Options?: SecurityServerOptions;
  ss2Options?: SecurityServerOptions;
  pki?: TestPki;
  /** Edits the instance model before the first publication. */
  model?: (model: InstanceModel) => void;
}

let sharedPki: Promise<TestPki> | undefined;

/** One PKI per test process: key generation is the slow part. */
export function testPki(): Promise<TestPki> {
  sharedPki ??= createTestPki({
    securityServers: [
      { serverCode: 'SS1', owner: { memberClass: 'COM', memberCode: '1234' } },
      { serverCode: 'SS2', owner: { memberClass: 'GOV', memberCode: '4321' }, members: [OTHER_PROVIDER_MEMBER] },
    ],
  });
  return sharedPki;
}

function keyPair(cert: { certPem: string; keyPem: string }) {
  return { certPem: cert.certPem, keyPem: cert.keyPem };
}

/** Subsystem `code` of member CLASS/CODE, registered in the model and hosted by `serverCode`. */
export function addSubsystem(model: InstanceModel, serverCode: string, client: string, subsystemName?: string): void {
  const [inst, memberClass, memberCode, subsystemCode] = client.split('/') as [string, string, string, string];
  const member = model.members!.find((m) => m.memberClass.code === memberClass && m.memberCode === memberCode);
  if (!member) throw new Error(`the instance model has no member ${memberClass}/${memberCode}`);
  if (!member.subsystems!.some((s) => s.subsystemCode === subsystemCode)) member.subsystems!.push({ subsystemCode, ...(subsystemName ? { subsystemName } : {}) });
  const server = model.securityServers!.find((s) => s.serverCode === serverCode);
  if (!server) throw new Error(`the instance model has no security server ${serverCode}`);
  server.clients!.push({ objectType: 'SUBSYSTEM', xRoadInstance: inst, memberClass, memberCode, subsystemCode });
}

/** The trust services and the provider IS around the two servers (one process's share of the instance). */
export interface TestInstance {
  pki: TestPki;
  ocsp: OcspResponderHandle;
  tsa: TsaHandle;
  cs: CentralServerHandle;
  provider: ProviderIs;
  workDir: string;
}

type Stops = Array<() => Promise<unknown>>;

/** OCSP responder, TSA, provider IS and the central server publishing SS1 + SS2 with their subsystems. */
export async function startTestInstance(pki: TestPki, stops: Stops, model?: (m: InstanceModel) => void): Promise<TestInstance> {
  const workDir = mkdtempSync(join(tmpdir(), 'roadtest-net-'));
  stops.push(async () => rmSync(workDir, { recursive: true, force: true }));
  const ocsp = await startOcspResponder({ pki, defaultStatus: 'good' });
  stops.push(() => ocsp.stop());
  const tsa = await startTsa({ pki });
  stops.push(() => tsa.stop());
  const provider = await startProviderIs();
  stops.push(() => provider.stop());
  const cs = await startCentralServer({ pki, modelOptions: { ocspUrl: ocsp.url, tsaUrl: tsa.url } });
  stops.push(() => cs.stop());
  addSubsystem(cs.model, 'SS1', CLIENT, 'CLIENT');
  addSubsystem(cs.model, 'SS2', PROVIDER, 'PROV');
  model?.(cs.model);
  cs.publish();
  return { pki, ocsp, tsa, cs, provider, workDir };
}

/** SS1: the consumer side, hosting CLIENT. */
export function ss1Config(pki: TestPki): Omit<SecurityServerConfigInput, 'globalConf' | 'ocspCache'> {
  const certs = pki.securityServers.SS1!;
  return {
    serverId: 'DEV/COM/1234/SS1',
    clients: [{ id: CLIENT }],
    keys: { auth: keyPair(certs.auth), sign: { 'DEV/COM/1234': keyPair(certs.sign['DEV/COM/1234']!) } },
  };
}

/** SS2: the provider side, hosting PROVIDER (echo, echo/v1, denied, closed, rest, slow) and DEV/GOV/9999. */
export function ss2Config(pki: TestPki, providerUrl: string): Omit<SecurityServerConfigInput, 'globalConf' | 'ocspCache'> {
  const certs = pki.securityServers.SS2!;
  return {
    serverId: 'DEV/GOV/4321/SS2',
    clients: [{ id: PROVIDER }, { id: 'DEV/GOV/9999' }],
    services: [
      { provider: PROVIDER, code: 'echo', type: 'soap', url: `${providerUrl}/soap/echo` },
      { provider: PROVIDER, code: 'echo', version: 'v1', type: 'soap', url: `${providerUrl}/soap/echo-v1` },
      { provider: PROVIDER, code: 'denied', type: 'soap', url: `${providerUrl}/soap/denied` },
      { provider: PROVIDER, code: 'closed', type: 'soap', url: `${providerUrl}/soap/closed`, disabledNotice: 'closed for maintenance' },
      { provider: PROVIDER, code: 'rest', type: 'rest', url: `${providerUrl}/rest` },
      { provider: PROVIDER, code: 'slow', type: 'soap', url: `${providerUrl}/soap/slow`, timeoutMs: 500 },
    ],
    accessRights: [
      { service: `${PROVIDER}/echo`, clients: [CLIENT] },
      { service: `${PROVIDER}/closed`, clients: [CLIENT] },
      { service: `${PROVIDER}/rest`, clients: [CLIENT] },
      { service: `${PROVIDER}/slow`, clients: [CLIENT] },
    ],
    keys: {
      auth: keyPair(certs.auth),
      sign: { 'DEV/GOV/4321': keyPair(certs.sign['DEV/GOV/4321']!), 'DEV/GOV/9999': keyPair(certs.sign['DEV/GOV/9999']!) },
    },
  };
}

export interface TestServerSide {
  globalConf: GlobalConfClient;
  ocspCache: XRoadOcspCache;
  log: TappedMessageLog;
  server: SecurityServerHandle;
}

/**
 * One security server as the embedded environment wires it: configuration client on the
 * instance's anchor, OCSP cache for its own certificates, durable message log, :5577 role.
 * `withoutMessageLog` leaves the log out of the message path (benchmarks only: how much it costs);
 * `untapped` gives the server the message log itself, without the in-memory copy of every record
 * tests look at (benchmarks: that copy grows by megabytes a second and would load the GC).
 */
export async function startTestServer(
  instance: { pki: TestPki; anchorXml: string; workDir: string },
  code: 'SS1' | 'SS2',
  config: Omit<SecurityServerConfigInput, 'globalConf' | 'ocspCache'>,
  stops: Stops,
  opts: { ssOptions?: SecurityServerOptions; now?: () => Date; withoutMessageLog?: boolean; untapped?: boolean } = {},
): Promise<TestServerSide> {
  const globalConf = await startGlobalConfClient({ anchorXml: instance.anchorXml, refreshSeconds: 3600, timeoutMs: 2_000, ...(opts.now ? { now: opts.now } : {}) });
  stops.push(() => globalConf.stop());
  const certs = instance.pki.securityServers[code]!;
  const member = Object.keys(config.keys.sign)[0]!;
  const ocspCache = new XRoadOcspCache({ globalConf, ownCerts: [certs.auth.cert, certs.sign[member]!.cert], timeoutMs: 2_000 });
  ocspCache.start();
  stops.push(() => ocspCache.stop());
  const reference = await createMessageLog({ directory: join(instance.workDir, code, 'messagelog'), globalConf, timestampRetryDelaySeconds: 1 });
  const log = tap(reference);
  stops.push(() => log.stop());
  const ssOptions = opts.ssOptions ?? {};
  const server = await startSecurityServer(
    { ...config, globalConf, ocspCache, ...(opts.withoutMessageLog ? {} : { messageLog: opts.untapped ? reference : log }) },
    { ocspDownload: true, ...ssOptions, local: { verificationconf: (req, res) => reference.handleVerificationConf(req, res), ...ssOptions.local } },
  );
  stops.push(() => server.stop());
  return { globalConf, ocspCache, log, server };
}

export async function startTestNetwork(options: TestNetworkOptions = {}): Promise<TestNetwork> {
  const stops: Stops = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await Promise.allSettled([stop()]);
  };
  try {
    const pki = options.pki ?? (await testPki());
    const inst = await startTestInstance(pki, stops, options.model);
    const { cs } = inst;
    let clock: Date | undefined;
    const now = () => clock ?? new Date();
    const where = { pki, anchorXml: cs.anchorXml(), workDir: inst.workDir };
    const one = await startTestServer(where, 'SS1', { ...ss1Config(pki), ...options.ss1 }, stops, { ...(options.ss1Options ? { ssOptions: options.ss1Options } : {}), now });
    const two = await startTestServer(where, 'SS2', { ...ss2Config(pki, inst.provider.url), ...options.ss2 }, stops, { ...(options.ss2Options ? { ssOptions: options.ss2Options } : {}), now });

    const editGlobalConf = async (change: (model: InstanceModel) => void): Promise<void> => {
      change(cs.model);
      cs.publish();
      for (const gc of [one.globalConf, two.globalConf]) {
        const r = await gc.refresh();
        if (!r.ok) throw new Error(`a security server could not load the changed configuration: ${JSON.stringify(r.errors).slice(0, 300)}`);
      }
    };
    await editGlobalConf((m) => {
      m.securityServers!.find((s) => s.serverCode === 'SS1')!.address = one.server.serverProxyAddress;
      m.securityServers!.find((s) => s.serverCode === 'SS2')!.address = two.server.serverProxyAddress;
    });

    return {
      pki,
      ocsp: inst.ocsp,
      tsa: inst.tsa,
      cs,
      provider: inst.provider,
      globalConf: one.globalConf,
      globalConf2: two.globalConf,
      ocspCache1: one.ocspCache,
      ocspCache2: two.ocspCache,
      ss1: one.server,
      ss2: two.server,
      log1: one.log,
      log2: two.log,
      editGlobalConf,
      expireGlobalConf() {
        const expiry = Math.max(one.globalConf.expireDate()?.getTime() ?? 0, two.globalConf.expireDate()?.getTime() ?? 0);
        clock = new Date(expiry + 1000);
        return () => {
          clock = undefined;
        };
      },
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
