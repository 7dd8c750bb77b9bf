// Test support: a shared-params / private-params input using every element of every version,
// built from certificates the test passes in (protocol/ code does not import simulators/).
import type { PrivateParametersInput } from './private-params-builder.js';
import type { SharedParametersInput } from './shared-params-builder.js';

export interface FixtureCerts {
  rootCa: Buffer;
  intermediateCa: Buffer;
  ocsp: Buffer;
  tsa: Buffer;
  csSigner: Buffer;
  authCerts: Buffer[];
}

export function fullSharedInput(c: FixtureCerts, instance = 'DEV'): SharedParametersInput {
  return {
    instanceIdentifier: instance,
    sources: [{ address: '127.0.0.1:4000', internalVerificationCerts: [c.csSigner], externalVerificationCerts: [c.csSigner] }],
    approvedCAs: [
      {
        name: 'roadtest CA',
        authenticationOnly: false,
        topCA: { cert: c.rootCa, ocsp: [{ url: 'http://127.0.0.1:4001/ocsp', cert: c.ocsp, costType: 'FREE' }] },
        intermediateCAs: [{ cert: c.intermediateCa, ocsp: [{ url: 'http://127.0.0.1:4001/ocsp-int' }] }],
        certificateProfileInfo: 'ee.ria.xroad.common.certificateprofile.impl.FiVRKCertificateProfileInfoProvider',
        defaultCsrFormat: 'DER',
        acmeServer: { directoryURL: 'http://127.0.0.1:4002/acme', ipAddress: '127.0.0.1', authenticationCertificateProfileId: '5', signingCertificateProfileId: '6' },
      },
    ],
    approvedTSAs: [{ name: 'roadtest TSA', url: 'http://127.0.0.1:4003/tsa', cert: c.tsa, costType: 'PAID' }],
    members: [
      { memberClass: { code: 'COM', description: 'Commercial' }, memberCode: '1234', name: 'Owner & Co <1>', subsystems: [{ subsystemCode: 'MANAGEMENT', subsystemName: 'Management services' }, { subsystemCode: 'TestService' }] },
      { memberClass: { code: 'GOV', description: 'Government' }, memberCode: '4321', name: 'Gov', subsystems: [{ subsystemCode: 'TestClient', subsystemName: 'Client' }] },
    ],
    securityServers: [
      {
        owner: { memberClass: 'COM', memberCode: '1234' },
        serverCode: 'SS1',
        address: '127.0.0.1',
        authCerts: [c.authCerts[0]],
        clients: [
          { objectType: 'SUBSYSTEM', xRoadInstance: instance, memberClass: 'COM', memberCode: '1234', subsystemCode: 'MANAGEMENT' },
          { objectType: 'SUBSYSTEM', xRoadInstance: instance, memberClass: 'COM', memberCode: '1234', subsystemCode: 'TestService' },
        ],
      },
      {
        owner: { memberClass: 'GOV', memberCode: '4321' },
        serverCode: 'SS2',
        address: 'localhost',
        authCerts: [c.authCerts[1]],
        clients: [{ objectType: 'SUBSYSTEM', xRoadInstance: instance, memberClass: 'GOV', memberCode: '4321', subsystemCode: 'TestClient' }],
        inMaintenanceMode: { message: 'back soon' },
      },
    ],
    globalGroups: [
      {
        groupCode: 'security-server-owners',
        description: 'Security server owners',
        groupMembers: [
          { objectType: 'MEMBER', xRoadInstance: instance, memberClass: 'COM', memberCode: '1234' },
          { objectType: 'MEMBER', xRoadInstance: instance, memberClass: 'GOV', memberCode: '4321' },
        ],
      },
    ],
    centralServices: [
      { serviceCode: 'central1', implementingService: { xRoadInstance: instance, memberClass: 'COM', memberCode: '1234', subsystemCode: 'TestService', serviceCode: 'echo', serviceVersion: 'v1' } },
      { serviceCode: 'central2' },
    ],
    globalSettings: { memberClasses: [{ code: 'COM', description: 'Commercial' }, { code: 'GOV', description: 'Government' }], ocspFreshnessSeconds: 600 },
  };
}

export function fullPrivateInput(c: FixtureCerts, instance = 'DEV'): PrivateParametersInput {
  return {
    instanceIdentifier: instance,
    configurationAnchors: [{ generatedAt: new Date('2026-01-01T00:00:00.000Z'), instanceIdentifier: 'FED', sources: [{ downloadURL: 'http://fed/externalconf', verificationCerts: [c.csSigner] }] }],
    managementService: {
      authCertRegServiceAddress: 'https://127.0.0.1:4001/managementservice/',
      authCertRegServiceCert: c.csSigner,
      managementRequestServiceProviderId: { objectType: 'SUBSYSTEM', xRoadInstance: instance, memberClass: 'COM', memberCode: '1234', subsystemCode: 'MANAGEMENT' },
    },
    timeStampingIntervalSeconds: 60,
  };
}
