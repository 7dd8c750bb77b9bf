// Test support for the metaservice and monitoring tests: a provider SS configuration without a
// running server (the services test-network.ts gives SS2), SOAP requests as a consumer SS would
// forward them, and xmllint as the independent schema checker.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import {
  idToShortString,
  parseClientIdPath,
  parseSecurityServerIdPath,
  providerOf,
  serviceId,
  type ClientId,
  type SecurityServerId,
  type ServiceId,
} from '../../../protocol/identifiers/index.js';
import { buildRequest, parseSoapEnvelope, SOAP_ENV_NS, type RepresentedParty } from '../../../protocol/soap/index.js';
import type { GlobalConfView } from '../components.js';
import type { ServiceConfig } from '../config.js';
import type { MetaserviceContext, MetaserviceServerConf, SoapMetaserviceRequest } from './metaservice-context.js';

export const SERVER = 'DEV/GOV/4321/SS2';
export const OWNER = 'DEV/GOV/4321';
export const PROVIDER = 'DEV/GOV/4321/PROV';
export const CLIENT = 'DEV/COM/1234/CLIENT';
export const OTHER = 'DEV/COM/5678/OTHER';
export const MONITORING = 'DEV/GOV/0001/MONITOR';

export const WSDL = `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:tns="http://test.x-road.fi/producer" name="echo" targetNamespace="http://test.x-road.fi/producer">
  <!-- provider's own comment -->
  <wsdl:service name="echoService">
    <wsdl:port binding="tns:echoBinding" name="echoPort"><soap:address location="http://10.0.0.7:8080/internal/echo"/></wsdl:port>
    <wsdl:port binding="tns:echoBinding" name="echoPort2"><soap:address location="https://secret.example.internal/echo2"/></wsdl:port>
    <wsdl:port binding="tns:echoBinding12" name="echoPort12"><soap12:address location="http://10.0.0.7:8080/internal/echo12"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;

export const OPENAPI_YAML = `openapi: 3.0.0
info:
  title: Pets
  version: 1.0.0
servers:
  - url: https://pets.internal.example:8443/api/v1
  - url: https://{region}.pets.example/api
    variables:
      region:
        default: eu
paths:
  /pets:
    post: { responses: { '201': { description: created } } }
    get: { responses: { '200': { description: ok } } }
  /pets/{petId}:
    get: { responses: { '200': { description: ok } } }
    delete: { responses: { '204': { description: gone } } }
  /pets/{petId}/photos/{photoId}:
    put: { responses: { '200': { description: ok } } }
`;

export function service(s: Partial<ServiceConfig> & Pick<ServiceConfig, 'code' | 'type'>): ServiceConfig {
  return { provider: PROVIDER, url: 'http://127.0.0.1:1/none', timeoutMs: 5000, verifyIsCert: false, ...s };
}

export const SERVICES: ServiceConfig[] = [
  service({ code: 'echo', type: 'soap', wsdl: WSDL }),
  service({ code: 'echo', version: 'v1', type: 'soap', wsdl: WSDL }),
  service({ code: 'denied', type: 'soap' }),
  service({ code: 'rest', type: 'rest' }),
  service({ code: 'pets', type: 'openapi', openapi: OPENAPI_YAML }),
  // A provider's own service that carries a metaservice code is never listed (META §3).
  service({ code: 'listMethods', type: 'soap' }),
  service({ provider: 'DEV/GOV/9999', code: 'memberService', type: 'soap' }),
];

export const ACL: Record<string, string[]> = {
  [`${PROVIDER}/echo`]: [CLIENT],
  [`${PROVIDER}/rest`]: [CLIENT],
  [`${PROVIDER}/pets`]: [OTHER],
};

export class FakeServerConf implements MetaserviceServerConf {
  readonly serverId: SecurityServerId = parseSecurityServerIdPath(SERVER);
  constructor(
    readonly services: ServiceConfig[] = SERVICES,
    readonly acl: Record<string, string[]> = ACL,
    readonly hosted: Record<string, string[]> = { [PROVIDER]: [], 'DEV/GOV/9999': [] },
  ) {}
  hosts(client: ClientId): boolean {
    return idToShortString(client) in this.hosted;
  }
  hostedClient(client: ClientId): { isCerts: string[] } | undefined {
    const certs = this.hosted[idToShortString(client)];
    return certs ? { isCerts: certs } : undefined;
  }
  servicesOf(provider: ClientId): ServiceConfig[] {
    return this.services.filter((s) => s.provider === idToShortString(provider));
  }
  isAllowed(client: ClientId, svc: ServiceId): boolean {
    return (this.acl[`${idToShortString(providerOf(svc))}/${svc.serviceCode}`] ?? []).includes(idToShortString(client));
  }
}

export function fakeGlobalConf(members: Array<{ id: string; name: string; subsystemName?: string }>): GlobalConfView {
  return {
    assertValid: () => undefined,
    instance: () => 'DEV',
    trust: () => {
      throw new Error('not used');
    },
    securityServers: () => [],
    members: () => members,
    timestampingIntervalSeconds: () => 60,
    verificationConfZip: () => Promise.reject(new Error('not used')),
    onUpdate: () => undefined,
    monitoringClient: () => undefined,
  };
}

export function metaContext(overrides: Partial<MetaserviceContext> = {}): MetaserviceContext {
  return { serverConf: new FakeServerConf(), globalConf: fakeGlobalConf([]), proxyVersion: '7.8.0', ...overrides };
}

export function id(s: string): ClientId {
  return parseClientIdPath(s);
}

export interface SoapRequestSpec {
  client?: string;
  provider?: string;
  serviceCode: string;
  serviceVersion?: string;
  /** Body wrapper: name, namespace, prefix, inner XML. */
  wrapper: { localName: string; namespaceUri: string; prefix: string; content?: string };
  securityServer?: string;
  representedParty?: RepresentedParty;
  queryId?: string;
}

export function soapRequest(spec: SoapRequestSpec): SoapMetaserviceRequest {
  const client = id(spec.client ?? CLIENT);
  const svc = serviceId(id(spec.provider ?? PROVIDER), spec.serviceCode, spec.serviceVersion);
  const xml = buildRequest({
    client,
    service: svc,
    id: spec.queryId ?? 'query-1',
    userId: 'EE12345678901',
    ...(spec.securityServer ? { securityServer: parseSecurityServerIdPath(spec.securityServer) } : {}),
    ...(spec.representedParty ? { representedParty: spec.representedParty } : {}),
    wrapper: spec.wrapper,
  });
  return { protocol: 'soap', envelope: parseSoapEnvelope(Buffer.from(xml, 'utf8')), client, service: svc };
}

/** The Body's first element as a document of its own (namespace declarations carried along). */
export function bodyWrapperXml(envelopeXml: string): string {
  const doc = new DOMParser().parseFromString(envelopeXml, 'text/xml');
  const body = doc.getElementsByTagNameNS(SOAP_ENV_NS, 'Body').item(0);
  for (let n = body?.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) return new XMLSerializer().serializeToString(n);
  throw new Error('no body wrapper');
}

export function xmllintAvailable(): boolean {
  return spawnSync('xmllint', ['--version'], { timeout: 10_000 }).status === 0;
}

/** `xmllint --noout --schema`; ok only when xmllint says the document validates. Extra files land beside the schema. */
export function xmllintValidate(xml: string | Buffer, schema: string | { xsd: string; files?: Record<string, string> }): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'roadtest-meta-'));
  try {
    const doc = join(dir, 'doc.xml');
    writeFileSync(doc, xml);
    let schemaPath: string;
    if (typeof schema === 'string') schemaPath = schema;
    else {
      schemaPath = join(dir, 'schema.xsd');
      writeFileSync(schemaPath, schema.xsd);
      for (const [name, text] of Object.entries(schema.files ?? {})) writeFileSync(join(dir, name), text);
    }
    const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', schemaPath, doc], { encoding: 'utf8', timeout: 20_000 });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    return { ok: r.status === 0 && output.includes('validates'), output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
