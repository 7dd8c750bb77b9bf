// Test support for the message-log tests: a test PKI, a TSA simulator, a GlobalConfView whose
// trust approves that TSA, and messages signed with real XAdES signatures (protocol/signature)
// by SS1's member DEV/COM/1234 (requests) and SS2's DEV/GOV/4321 (responses), with good OCSP
// responses embedded — so the containers verify with protocol/asic's full verifier.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAsicContainer } from '../../../protocol/asic/index.js';
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import { clientId, serviceId } from '../../../protocol/identifiers/index.js';
import { buildOcspResponse, certIdFor } from '../../../protocol/ocsp/index.js';
import { serializeRestRequestPart } from '../../../protocol/rest/index.js';
import { buildSignature } from '../../../protocol/signature/signature-builder.js';
import { buildRequest, buildResponse, parseSoapEnvelope } from '../../../protocol/soap/index.js';
import type { ApprovedTsa, VerificationTrust } from '../../../protocol/trust/index.js';
import { createTestPki, verificationTrustOf, type IssuedCert, type KeyAlgorithm, type TestPki } from '../../pki/index.js';
import { startTsa, type TsaHandle } from '../../tsa/index.js';
import type { GlobalConfView, ListedSecurityServer, LoggedMessage } from '../components.js';

export const CLIENT = 'DEV/COM/1234/CLIENT';
export const SERVICE = 'DEV/GOV/4321/PROV/getRandom';

/** A GlobalConfView test double whose trust, interval and validity a test can change. */
export class TestGlobalConf implements GlobalConfView {
  expired = false;
  intervalSeconds = 60;
  verificationZip: Buffer = Buffer.from('PK\u0005\u0006' + '\u0000'.repeat(18), 'latin1');

  constructor(public trustValue: VerificationTrust) {}

  assertValid(): void {
    if (this.expired) throw new XRoadError(ErrorCodes.globalConfOutdated, 'Global configuration is expired');
  }
  instance(): string {
    return this.trustValue.instanceIdentifier;
  }
  trust(): VerificationTrust {
    return this.trustValue;
  }
  securityServers(): ListedSecurityServer[] {
    return [];
  }
  members() {
    return [];
  }
  timestampingIntervalSeconds(): number {
    return this.intervalSeconds;
  }
  verificationConfZip(): Promise<Buffer> {
    return Promise.resolve(this.verificationZip);
  }
  onUpdate(): void {}
  monitoringClient(): string | undefined {
    return undefined;
  }
  withTsas(tsas: ApprovedTsa[]): void {
    this.trustValue = { ...this.trustValue, approvedTsas: tsas };
  }
}

export interface LogFixture {
  pki: TestPki;
  tsa: TsaHandle;
  trust: VerificationTrust;
  globalConf: TestGlobalConf;
  requestSigner: IssuedCert;
  responseSigner: IssuedCert;
  tempDir(): Promise<string>;
  soapRequest(queryId: string, opts?: { body?: string; client?: string }): LoggedMessage;
  soapResponse(request: LoggedMessage): LoggedMessage;
  restRequest(queryId: string, body: Buffer): LoggedMessage;
  verify(container: Buffer): ReturnType<typeof verifyAsicContainer>;
  stop(): Promise<void>;
}

const sharedPki = new Map<KeyAlgorithm, Promise<TestPki>>();

/** @param keyAlgorithm EC keys make the PKI ~15x faster to create; the main end-to-end test uses RSA. */
export async function logFixture(keyAlgorithm: KeyAlgorithm = 'ec'): Promise<LogFixture> {
  if (!sharedPki.has(keyAlgorithm)) sharedPki.set(keyAlgorithm, createTestPki({ keyAlgorithm }));
  const pki = await sharedPki.get(keyAlgorithm)!;
  const tsa = await startTsa({ pki });
  const trust = verificationTrustOf(pki, { ocspResponders: [{ url: 'http://127.0.0.1:1/ocsp', cert: pki.ocspSigner.cert }], approvedTsas: [tsa.approvedTsa] });
  const requestSigner = pki.securityServers.SS1.sign[`${pki.instance}/COM/1234`];
  const responseSigner = pki.securityServers.SS2.sign[`${pki.instance}/GOV/4321`];
  const dirs: string[] = [];
  const ocspFor = (cert: IssuedCert, at: Date) =>
    buildOcspResponse({
      responses: [{ certIdDer: certIdFor(cert.cert, pki.issuingCa.cert).der, status: { kind: 'good' }, thisUpdate: at }],
      producedAt: at,
      responderCert: pki.ocspSigner.cert,
      signerKey: pki.ocspSigner.privateKey,
    });
  const sign = (signer: IssuedCert, message: Buffer, attachments: Buffer[] = []) => {
    const built = buildSignature({
      signingCert: signer.cert,
      privateKey: signer.privateKey,
      messages: [{ message, attachments }],
      ocspResponses: [ocspFor(signer, new Date())],
    });
    return {
      signatureXml: Buffer.from(built.signatureXml, 'utf8'),
      ...(built.hashChainResult ? { hashChainResult: Buffer.from(built.hashChainResult, 'utf8'), hashChain: Buffer.from(built.hashChains![0], 'utf8') } : {}),
    };
  };
  const [inst, cls, code, sub] = CLIENT.split('/');
  const service = serviceId(clientId(inst, 'GOV', '4321', 'PROV'), 'getRandom', 'v1');
  const globalConf = new TestGlobalConf(trust);
  return {
    pki,
    tsa,
    trust,
    globalConf,
    requestSigner,
    responseSigner,
    async tempDir() {
      const d = await mkdtemp(join(tmpdir(), 'roadtest-mlog-'));
      dirs.push(d);
      return d;
    },
    soapRequest(queryId, opts = {}) {
      const client = (opts.client ?? CLIENT).split('/');
      const message = Buffer.from(
        buildRequest(
          { client: clientId(client[0], client[1], client[2], client[3]), service, id: queryId, userId: 'tester', protocolVersion: '4.0', wrapper: { content: opts.body ?? '<prod:value>42</prod:value>' } },
          { xmlDeclaration: true },
        ),
        'utf8',
      );
      return { queryId, client: opts.client ?? CLIENT, service: SERVICE, direction: 'request', protocol: 'soap', message, attachments: [], ...sign(requestSigner, message), loggedAt: new Date() };
    },
    soapResponse(request) {
      const message = Buffer.from(buildResponse(parseSoapEnvelope(request.message), { wrapper: { content: '<prod:data>secret answer</prod:data>' } }, { xmlDeclaration: true }), 'utf8');
      return { ...request, direction: 'response', message, attachments: [], hashChainResult: undefined, hashChain: undefined, ...sign(responseSigner, message), loggedAt: new Date() };
    },
    restRequest(queryId, body) {
      const message = serializeRestRequestPart('POST', '/r1/DEV/GOV/4321/PROV/items', undefined, [
        ['x-road-client', `${inst}/${cls}/${code}/${sub}`],
        ['x-road-id', queryId],
        ['content-type', 'application/json'],
      ]);
      return { queryId, client: CLIENT, service: 'DEV/GOV/4321/PROV/items', direction: 'request', protocol: 'rest', message, attachments: [body], ...sign(requestSigner, message, [body]), loggedAt: new Date() };
    },
    verify(container) {
      return verifyAsicContainer(container, { trust: globalConf.trust() });
    },
    async stop() {
      await tsa.stop();
      for (const d of dirs) await rm(d, { recursive: true, force: true });
    },
  };
}
