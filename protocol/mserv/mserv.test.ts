import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { idToString, memberId, securityServerId, subsystemId } from '../identifiers/index.js';
import { parseMultipart } from '../multipart/index.js';
import { buildFault } from '../soap/index.js';
import { signingFixture, type SigningFixture } from '../signature/testing/signing-fixture.js';
import { codeOf } from '../test-support/fault-code.js';
import {
  assembleManagementRequest,
  buildManagementResponse,
  buildManagementSoap,
  readManagementRequest,
  readManagementResponse,
  signManagementData,
  signManagementSoap,
  verifyManagementRequest,
  type ManagementFields,
  type ManagementKind,
} from './index.js';

let fx: SigningFixture;
const at = () => new Date();

beforeAll(async () => {
  fx = await signingFixture();
}, 60_000);

function ids() {
  const inst = fx.pki.instance;
  return {
    owner: memberId(inst, 'COM', '1234'),
    server: securityServerId(inst, 'COM', '1234', 'SS1'),
    client: subsystemId(inst, 'COM', '1234', 'CLIENT'),
    foreign: subsystemId(inst, 'GOV', '4321', 'OTHER'),
    provider: subsystemId(inst, 'GOV', '4321', 'MANAGEMENT'),
  };
}

function soapFor(kind: ManagementKind, fields: Partial<ManagementFields> = {}, sender = ids().owner): Buffer {
  const i = ids();
  return buildManagementSoap({ kind, sender, provider: i.provider, fields: { server: i.server, client: i.client, ...fields } });
}

function signed(soap: Buffer, opts: { ocspAt?: Date; algorithm?: string } = {}) {
  return signManagementSoap(soap, fx.signer.privateKey, fx.signer.certDer, fx.ocspFor(fx.signer, opts.ocspAt ?? at()), opts.algorithm);
}

const verify = (http: { contentType: string; body: Buffer }) => verifyManagementRequest(readManagementRequest(http.contentType, http.body), { trust: fx.trust, atDate: at() });

describe('management request build, read and verify (MSERV-002/003/005)', () => {
  it('clientReg: multipart/related, SOAP text/xml, signature over the SOAP bytes, cert DER, OCSP DER; verifies', () => {
    const soap = soapFor('clientReg', { subsystemName: 'Client & Co' });
    const http = assembleManagementRequest(soap, signed(soap));
    expect(http.contentType).toMatch(/^multipart\/related; type="?application\/octet-stream"?; charset="?UTF-8"?; boundary=/);
    const parts = parseMultipart(http.body, http.contentType).parts;
    expect(parts.map((p) => p.headers.get('content-type'))).toEqual(['text/xml; charset=UTF-8', 'application/octet-stream', 'application/octet-stream', 'application/octet-stream']);
    expect(parts[0]!.body.equals(soap)).toBe(true);
    expect(parts[1]!.headers.get('signature-algorithm-id')).toBe('SHA512withRSA');
    expect(parts[2]!.body.equals(fx.signer.certDer)).toBe(true);
    const v = verify(http);
    expect(v.request.kind).toBe('clientReg');
    expect(v.request.fields.subsystemName).toBe('Client & Co');
    expect(idToString(v.request.fields.client!)).toBe(idToString(ids().client));
    expect(idToString(v.signer!)).toBe(idToString(ids().owner));
    expect(v.request.soap.xml).toContain('<xroad:clientReg><xroad:server id:objectType="SERVER">');
  });

  it('openssl verifies the signature part over the SOAP part bytes (independent check)', () => {
    const soap = soapFor('clientEnable');
    const sig = signed(soap);
    const dir = mkdtempSync(join(tmpdir(), 'mserv-'));
    writeFileSync(join(dir, 'soap.xml'), soap);
    writeFileSync(join(dir, 'sig.bin'), sig.signature);
    writeFileSync(join(dir, 'pub.pem'), fx.signer.cert.publicKey.export({ type: 'spki', format: 'pem' }));
    const run = (file: string) => spawnSync('openssl', ['dgst', '-sha512', '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'sig.bin'), join(dir, file)], { timeout: 10_000, encoding: 'utf8' });
    expect(run('soap.xml').stdout).toContain('Verified OK');
    writeFileSync(join(dir, 'other.xml'), Buffer.concat([soap, Buffer.from(' ')]));
    expect(run('other.xml').status).not.toBe(0);
  });

  it.each(['SHA256withRSA', 'SHA384withRSAandMGF1', 'SHA512withRSAandMGF1'])('accepts %s', (algorithm) => {
    const soap = soapFor('clientDisable');
    expect(verify(assembleManagementRequest(soap, signed(soap, { algorithm }))).signer).toBeDefined();
  });

  it('server-owner kinds (addressChange, maintenanceModeEnable) are signed by the server owner', () => {
    for (const [kind, fields] of [['addressChange', { address: 'ss1.example.org' }], ['maintenanceModeEnable', { message: 'back at 6' }]] as const) {
      const soap = soapFor(kind, fields);
      expect(verify(assembleManagementRequest(soap, signed(soap))).request.kind).toBe(kind);
    }
  });

  it('clientDeletion / authCertDeletion are bare text/xml and need no member parts', () => {
    const soap = soapFor('clientDeletion');
    const http = assembleManagementRequest(soap);
    expect(http.contentType).toBe('text/xml; charset=UTF-8');
    expect(verify(http).signer).toBeUndefined();
    const del = soapFor('authCertDeletion', { authCert: fx.signer.certDer });
    expect(Buffer.from(verify(assembleManagementRequest(del)).request.fields.authCert!).equals(fx.signer.certDer)).toBe(true);
  });

  describe('tampered requests fail', () => {
    it('signature made over other bytes: invalid_signature_value', () => {
      const soap = soapFor('clientReg');
      const sig = signed(soap);
      const other = { ...sig, signature: signManagementData('SHA512withRSA', fx.signer.privateKey, Buffer.concat([soap, Buffer.from('\n')])) };
      expect(codeOf(() => verify(assembleManagementRequest(soap, other)))).toBe('invalid_signature_value');
    });

    it('SOAP part changed after signing (one byte): invalid_signature_value', () => {
      const soap = soapFor('clientReg');
      const sig = signed(soap);
      const changed = Buffer.from(soap.toString('utf8').replace('CLIENT', 'CLIENX'), 'utf8');
      expect(codeOf(() => verify(assembleManagementRequest(changed, sig)))).toBe('invalid_signature_value');
    });

    it('stale OCSP response (thisUpdate older than ocspFreshnessSeconds): invalid_cert_path.incorrect_validation_info', () => {
      const soap = soapFor('clientReg');
      const sig = signed(soap, { ocspAt: new Date(Date.now() - 2 * 3600_000) });
      expect(codeOf(() => verify(assembleManagementRequest(soap, sig)))).toBe('invalid_cert_path.incorrect_validation_info');
    });

    it('client owned by another member than the signing certificate names: invalid_request', () => {
      const soap = soapFor('clientReg', { client: ids().foreign });
      expect(() => verify(assembleManagementRequest(soap, signed(soap)))).toThrow(/does not match client's member identifier/);
      expect(codeOf(() => verify(assembleManagementRequest(soap, signed(soap))))).toBe('invalid_request');
    });

    it('server owned by another member (server-owner kind): invalid_request', () => {
      const i = ids();
      const soap = buildManagementSoap({ kind: 'addressChange', sender: memberId(fx.pki.instance, 'GOV', '4321'), provider: i.provider, fields: { server: securityServerId(fx.pki.instance, 'GOV', '4321', 'SS2'), address: 'x.example' } });
      expect(() => verify(assembleManagementRequest(soap, signed(soap)))).toThrow(/server owner's member identifier/);
    });

    it('sender is not the server owner: invalid_request', () => {
      const soap = soapFor('clientReg', {}, memberId(fx.pki.instance, 'GOV', '4321'));
      expect(() => verify(assembleManagementRequest(soap, signed(soap)))).toThrow(/Sender does not match server owner/);
    });

    it('OCSP part missing: internal_error "Client certificate OCSP is missing"', () => {
      const soap = soapFor('clientReg');
      const { ocspDer: _dropped, ...noOcsp } = signed(soap);
      expect(() => verify(assembleManagementRequest(soap, noOcsp))).toThrow('Client certificate OCSP is missing');
    });

    it('signed kind sent as bare text/xml: invalid_content_type', () => {
      expect(codeOf(() => verify(assembleManagementRequest(soapFor('ownerChange'))))).toBe('invalid_content_type');
    });

    it('unknown signature algorithm id: invalid_signature_algorithm', () => {
      const soap = soapFor('clientReg');
      expect(codeOf(() => verify(assembleManagementRequest(soap, { ...signed(soap), algorithm: 'MD5withRSA' })))).toBe('invalid_signature_algorithm');
    });

    it('OCSP response for another certificate: invalid_cert_path.cert_validation', () => {
      const soap = soapFor('clientReg');
      const other = fx.pki.securityServers.SS2!.sign[`${fx.pki.instance}/GOV/4321`]!;
      const sig = { ...signed(soap), ocspDer: fx.ocspFor(other, at()) };
      expect(codeOf(() => verify(assembleManagementRequest(soap, sig)))).toBe('invalid_cert_path.cert_validation');
    });

    it('authentication certificate instead of a signing certificate: cert_validation', () => {
      const soap = soapFor('clientReg');
      const auth = fx.pki.securityServers.SS1!.auth;
      const sig = signManagementSoap(soap, auth.privateKey, auth.certDer, fx.ocspFor(auth, at()));
      expect(codeOf(() => verify(assembleManagementRequest(soap, sig)))).toBe('cert_validation');
    });

    it('garbage is refused with a code, not a crash', () => {
      expect(codeOf(() => readManagementRequest('application/json', Buffer.from('{}')))).toBe('invalid_content_type');
      expect(codeOf(() => readManagementRequest('text/xml', Buffer.from('<a/>')))).not.toBe('ok');
      expect(codeOf(() => readManagementRequest('multipart/related; boundary=x', Buffer.from('--x\r\nContent-Type: image/png\r\n\r\nz\r\n--x--\r\n')))).toBe('invalid_content_type');
    });
  });
});

describe('management responses (MSERV-002)', () => {
  it('echo the fields and add requestId; the sender reads it back', () => {
    const soap = soapFor('clientRename', { subsystemName: 'New name' });
    const req = readManagementRequest('text/xml; charset=UTF-8', soap);
    const body = buildManagementResponse(req.soap, 'clientRename', req.fields, 394);
    const res = readManagementResponse('text/xml; charset=UTF-8', body);
    expect(res.requestId).toBe(394);
    expect(res.kind).toBe('clientRename');
    expect(res.fields.subsystemName).toBe('New name');
    expect(res.envelope.header.id).toBe(req.soap.header.id);
    expect(res.envelope.xml).toContain('<xroad:clientRenameResponse>');
  });

  it('a SOAP fault is thrown with its code; a non-XML answer is refused', () => {
    const fault = Buffer.from(buildFault({ faultCode: 'Server.ServerProxy.invalid_signature_value', faultString: 'Client signature verification failed' }));
    expect(codeOf(() => readManagementResponse('text/xml', fault))).toMatch(/invalid_signature_value/);
    expect(codeOf(() => readManagementResponse('application/json', Buffer.from('{}')))).toBe('invalid_content_type');
  });
});

describe('EC keys', () => {
  it('an EC signing key signs with SHA512withECDSA and verifies', async () => {
    const ec = await signingFixture('ec');
    const i = ids();
    const soap = buildManagementSoap({ kind: 'clientReg', sender: memberId(ec.pki.instance, 'COM', '1234'), provider: i.provider, fields: { server: securityServerId(ec.pki.instance, 'COM', '1234', 'SS1'), client: subsystemId(ec.pki.instance, 'COM', '1234', 'C') } });
    const sig = signManagementSoap(soap, ec.signer.privateKey, ec.signer.certDer, ec.ocspFor(ec.signer, new Date()));
    expect(sig.algorithm).toBe('SHA512withECDSA');
    const v = verifyManagementRequest(readManagementRequest(...Object.values(assembleManagementRequest(soap, sig)) as [string, Buffer]), { trust: ec.trust, atDate: new Date() });
    expect(v.signer).toBeDefined();
  }, 60_000);
});
