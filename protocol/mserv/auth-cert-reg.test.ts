import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { memberId, securityServerId, subsystemId } from '../identifiers/index.js';
import { parseMultipart } from '../multipart/index.js';
import { issueCertificate, type IssuedCert } from '../../simulators/pki/index.js';
import { signingFixture, type SigningFixture } from '../signature/testing/signing-fixture.js';
import { codeOf } from '../test-support/fault-code.js';
import {
  assembleAuthCertRegRequest,
  buildManagementResponse,
  buildManagementSoap,
  readAuthCertRegRequest,
  readManagementResponse,
  signAuthCertReg,
  signManagementData,
  verifyAuthCertRegRequest,
  type AuthCertRegParts,
  type ManagementFields,
} from './index.js';

let fx: SigningFixture;
let newAuth: IssuedCert;
let otherAuth: IssuedCert;

beforeAll(async () => {
  fx = await signingFixture();
  const subject = (cn: string): Array<[string, string]> => [['C', 'FI'], ['O', 'COM 1234'], ['CN', cn], ['serialNumber', `${fx.pki.instance}/SS1/COM`]];
  [newAuth, otherAuth] = await Promise.all([
    issueCertificate(fx.pki.issuingCa, { name: 'new-auth', subject: subject('SS1'), profile: 'auth' }),
    issueCertificate(fx.pki.issuingCa, { name: 'other-auth', subject: subject('SS1-other'), profile: 'auth' }),
  ]);
}, 60_000);

const now = () => new Date();

function soapFor(fields: Partial<ManagementFields> = {}, sender = memberId(fx.pki.instance, 'COM', '1234')): Buffer {
  const inst = fx.pki.instance;
  return buildManagementSoap({
    kind: 'authCertReg',
    sender,
    provider: subsystemId(inst, 'GOV', '4321', 'MANAGEMENT'),
    fields: { server: securityServerId(inst, 'COM', '1234', 'SS1'), address: 'ss1.example.org', authCert: newAuth.certDer, ...fields },
  });
}

function partsFor(soap: Buffer, over: { auth?: IssuedCert; ocspAt?: Date; owner?: IssuedCert } = {}): AuthCertRegParts {
  const auth = over.auth ?? newAuth;
  const owner = over.owner ?? fx.signer;
  return signAuthCertReg(soap, { authKey: auth.privateKey, authCertDer: auth.certDer, ownerKey: owner.privateKey, ownerCertDer: owner.certDer, ownerOcspDer: fx.ocspFor(owner, over.ocspAt ?? now()) });
}

function verify(soap: Buffer, parts: AuthCertRegParts) {
  const http = assembleAuthCertRegRequest(soap, parts);
  return verifyAuthCertRegRequest(readAuthCertRegRequest(http.contentType, http.body), { trust: fx.trust, atDate: now() });
}

describe('authCertReg request (MSERV-004/005)', () => {
  it('six parts in A.3 order; both signatures verify over the exact SOAP bytes', () => {
    const soap = soapFor();
    const parts = partsFor(soap);
    const http = assembleAuthCertRegRequest(soap, parts);
    expect(http.contentType).toMatch(/^multipart\/related; type="?application\/octet-stream"?/);
    const mp = parseMultipart(http.body, http.contentType).parts;
    expect(mp).toHaveLength(6);
    expect(mp[0]!.headers.get('content-type')).toBe('text/xml; charset=UTF-8');
    expect(mp[0]!.body.equals(soap)).toBe(true);
    expect(mp[1]!.headers.get('signature-algorithm-id')).toBe('SHA512withRSA');
    expect(mp[2]!.headers.get('signature-algorithm-id')).toBe('SHA512withRSA');
    expect(mp[3]!.body.equals(newAuth.certDer)).toBe(true);
    expect(mp[4]!.body.equals(fx.signer.certDer)).toBe(true);
    const v = verify(soap, parts);
    expect(v.authCert.raw.equals(newAuth.certDer)).toBe(true);
    expect(v.owner.memberCode).toBe('1234');
    expect(v.request.fields.address).toBe('ss1.example.org');
  });

  it('openssl verifies the proof of possession with the new auth certificate (independent check)', () => {
    const soap = soapFor();
    const parts = partsFor(soap);
    const dir = mkdtempSync(join(tmpdir(), 'authreg-'));
    writeFileSync(join(dir, 'soap.xml'), soap);
    writeFileSync(join(dir, 'pop.bin'), parts.popSignature);
    writeFileSync(join(dir, 'pub.pem'), newAuth.cert.publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(join(dir, 'owner.pem'), fx.signer.cert.publicKey.export({ type: 'spki', format: 'pem' }));
    const run = (pub: string) => spawnSync('openssl', ['dgst', '-sha512', '-verify', join(dir, pub), '-signature', join(dir, 'pop.bin'), join(dir, 'soap.xml')], { timeout: 10_000, encoding: 'utf8' });
    expect(run('pub.pem').stdout).toContain('Verified OK');
    expect(run('owner.pem').status).not.toBe(0);
  });

  it('the response echoes the fields and adds requestId', () => {
    const soap = soapFor();
    const v = verify(soap, partsFor(soap));
    const res = readManagementResponse('text/xml; charset=UTF-8', buildManagementResponse(v.request.soap, 'authCertReg', v.request.fields, 77));
    expect(res.kind).toBe('authCertReg');
    expect(res.requestId).toBe(77);
    expect(Buffer.from(res.fields.authCert!).equals(newAuth.certDer)).toBe(true);
  });

  describe('tampered requests fail', () => {
    it('proof of possession signed by another key: invalid_signature_value', () => {
      const soap = soapFor();
      const parts = { ...partsFor(soap), popSignature: signManagementData('SHA512withRSA', otherAuth.privateKey, soap) };
      expect(() => verify(soap, parts)).toThrow('Auth signature verification failed');
      expect(codeOf(() => verify(soap, parts))).toBe('invalid_signature_value');
    });
    it('owner signature over other bytes: invalid_signature_value', () => {
      const soap = soapFor();
      const parts = { ...partsFor(soap), ownerSignature: signManagementData('SHA512withRSA', fx.signer.privateKey, Buffer.concat([soap, Buffer.from('\n')])) };
      expect(() => verify(soap, parts)).toThrow('Owner signature verification failed');
    });
    it('stale owner OCSP response: invalid_cert_path.incorrect_validation_info', () => {
      const soap = soapFor();
      expect(codeOf(() => verify(soap, partsFor(soap, { ocspAt: new Date(Date.now() - 2 * 3600_000) })))).toBe('invalid_cert_path.incorrect_validation_info');
    });
    it('owner signing certificate of another member: invalid_request', () => {
      const soap = soapFor();
      const foreign = fx.pki.securityServers.SS2!.sign[`${fx.pki.instance}/GOV/4321`]!;
      expect(() => verify(soap, partsFor(soap, { owner: foreign }))).toThrow(/does not match server owner's member identifier/);
    });
    it('sender is not the server owner: invalid_request', () => {
      const soap = soapFor({}, memberId(fx.pki.instance, 'GOV', '4321'));
      expect(codeOf(() => verify(soap, partsFor(soap)))).toBe('invalid_request');
    });
    it('auth certificate part swapped for another (PoP by that key): body authCert does not match', () => {
      const soap = soapFor();
      expect(() => verify(soap, partsFor(soap, { auth: otherAuth }))).toThrow('does not match the auth certificate part');
    });
    it('a signing certificate as the auth certificate: cert_validation', () => {
      const soap = soapFor({ authCert: fx.signer.certDer });
      expect(codeOf(() => verify(soap, partsFor(soap, { auth: fx.signer })))).toBe('cert_validation');
    });
    it('owner OCSP part missing: internal_error; not multipart: invalid_content_type', () => {
      const soap = soapFor();
      const http = assembleAuthCertRegRequest(soap, partsFor(soap));
      const mp = parseMultipart(http.body, http.contentType);
      const cut = http.body.subarray(0, http.body.lastIndexOf(Buffer.from(`--${mp.boundary}\r\n`)));
      const truncated = Buffer.concat([cut, Buffer.from(`--${mp.boundary}--\r\n`)]);
      expect(() => verifyAuthCertRegRequest(readAuthCertRegRequest(http.contentType, truncated), { trust: fx.trust, atDate: now() })).toThrow('Owner certificate OCSP is missing');
      expect(codeOf(() => readAuthCertRegRequest('text/xml; charset=UTF-8', soap))).toBe('invalid_content_type');
    });
  });
});
