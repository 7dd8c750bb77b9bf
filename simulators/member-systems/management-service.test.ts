import { beforeAll, describe, expect, it } from 'vitest';
import { memberId, securityServerId, subsystemId } from '../../protocol/identifiers/index.js';
import { assembleManagementRequest, buildManagementSoap, readManagementResponse, signManagementData, signManagementSoap } from '../../protocol/mserv/index.js';
import { signingFixture, type SigningFixture } from '../../protocol/signature/testing/signing-fixture.js';
import { ManagementInbox, managementServiceBehaviour } from './management-service.js';
import type { RespondAnswer } from './provider-behaviour.js';

let fx: SigningFixture;
beforeAll(async () => {
  fx = await signingFixture();
}, 60_000);

function request(tamper = false) {
  const inst = fx.pki.instance;
  const soap = buildManagementSoap({
    kind: 'clientReg',
    sender: memberId(inst, 'COM', '1234'),
    provider: subsystemId(inst, 'GOV', '4321', 'MANAGEMENT'),
    fields: { server: securityServerId(inst, 'COM', '1234', 'SS1'), client: subsystemId(inst, 'COM', '1234', 'CLIENT') },
  });
  const parts = signManagementSoap(soap, fx.signer.privateKey, fx.signer.certDer, fx.ocspFor(fx.signer, new Date()));
  if (tamper) parts.signature = signManagementData(parts.algorithm, fx.signer.privateKey, Buffer.from('other bytes'));
  return assembleManagementRequest(soap, parts);
}

async function answer(inbox: ManagementInbox, http: { contentType: string; body: Buffer }): Promise<RespondAnswer> {
  const b = managementServiceBehaviour({ trust: () => fx.trust, inbox });
  if (b.kind !== 'respond') throw new Error('expected a respond behaviour');
  return b.respond({ method: 'POST', path: '/soap/peer/management/clientReg', headers: [['Content-Type', http.contentType]], body: http.body });
}

describe('management service provider IS (MSERV-005)', () => {
  it('answers a good request with the echo and a new requestId, and records it', async () => {
    const inbox = new ManagementInbox();
    const a = await answer(inbox, request());
    expect(a.status).toBe(200);
    const res = readManagementResponse(a.headers['Content-Type'], Buffer.from(a.body));
    expect(res.requestId).toBe(inbox.last()!.requestId);
    expect(inbox.last()!.verified?.signer).toEqual(memberId(fx.pki.instance, 'COM', '1234'));
  });

  it('refuses a request signed over other bytes with a SOAP fault and records why', async () => {
    const inbox = new ManagementInbox();
    const a = await answer(inbox, request(true));
    expect(a.status).toBe(500);
    expect(String(a.body)).toContain('<faultcode>Server.invalid_signature_value</faultcode>');
    expect(inbox.last()!.error?.code).toBe('invalid_signature_value');
    expect(inbox.last()!.requestId).toBeUndefined();
  });

  it('refuses garbage without crashing', async () => {
    const inbox = new ManagementInbox();
    const a = await answer(inbox, { contentType: 'text/plain', body: Buffer.from('hello') });
    expect(a.status).toBe(500);
    expect(inbox.last()!.error?.code).toBe('invalid_content_type');
  });
});
