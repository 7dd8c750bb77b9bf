// Test support for the management senders: what a security server of member INSTANCE/COM/1234
// (server SS1) hands them, built on a signing fixture, with the private parameters' management
// service section given. Not used by production code.
import type { SigningFixture } from '../../../protocol/signature/testing/signing-fixture.js';
import type { GlobalConfView } from '../components.js';
import { Defects } from '../defects.js';
import { ServerConf } from '../server-conf.js';
import type { ManagementSenderDeps } from './management-sender.js';

export function managementSenderDeps(
  fx: SigningFixture,
  opts: { managementService: Record<string, unknown>; defects?: string[]; withSignKey?: boolean; clientProxyUrl?: string },
): ManagementSenderDeps {
  const member = `${fx.pki.instance}/COM/1234`;
  const key = { certPem: fx.signer.certPem, keyPem: fx.signer.keyPem, chainPem: [] };
  const serverConf = new ServerConf({
    serverId: `${member}/SS1`,
    clients: [],
    services: [],
    accessRights: [],
    keys: { auth: key, sign: opts.withSignKey === false ? {} : { [member]: key } },
  } as never);
  const globalConf = { snapshot: () => ({ own: { private: { managementService: opts.managementService } } }) } as unknown as GlobalConfView;
  return {
    serverConf,
    globalConf,
    ownOcsp: async (cert) => fx.ocspFor({ ...fx.signer, cert }, new Date()),
    defects: new Defects(opts.defects ?? []),
    clientProxyUrl: () => opts.clientProxyUrl ?? 'http://127.0.0.1:1',
  };
}
