// The management services (PR-MSERV §1, §2.1-2.11; requirements MSERV-001/002): which body fields
// each request carries and whose signing key signs it. Facts from PR-MSERV 1.19 and X-Road's
// ManagementRequestSender: clientDeletion and authCertDeletion go as plain text/xml SOAP (§2.2 and
// §2.4 list no MIME parts, Annex A.2 shows a bare envelope; X-Road sends them as
// SimpleManagementRequest); every other request sent through the client proxy is multipart/related
// with the signature of the member named below. authCertReg (MSERV-004) is a direct HTTPS POST.

export const MANAGEMENT_KINDS = [
  'clientReg',
  'clientDeletion',
  'authCertReg',
  'authCertDeletion',
  'ownerChange',
  'addressChange',
  'clientDisable',
  'clientEnable',
  'clientRename',
  'maintenanceModeEnable',
  'maintenanceModeDisable',
] as const;

export type ManagementKind = (typeof MANAGEMENT_KINDS)[number];

/** Body fields in schema order (ClientRequestType etc.); requestId only in responses. */
export type ManagementField = 'server' | 'client' | 'subsystemName' | 'address' | 'authCert' | 'message';

/**
 * Whose signing certificate signs the request:
 *  - 'client-owner': the member owning `client` (clientReg/Disable/Enable/Rename; ownerChange: the new owner);
 *  - 'server-owner': the owner of `server` (addressChange, maintenanceMode*);
 *  - 'none': not signed beyond the X-Road message signature (clientDeletion, authCertDeletion);
 *  - 'auth-cert-reg': owner signature plus proof of possession (authCertReg, direct POST).
 */
export type ManagementSigner = 'client-owner' | 'server-owner' | 'none' | 'auth-cert-reg';

export interface ManagementKindSpec {
  kind: ManagementKind;
  /** Fields the request must carry, in order. */
  required: readonly ManagementField[];
  /** Optional fields, with their position given by FIELD_ORDER. */
  optional: readonly ManagementField[];
  signer: ManagementSigner;
}

/** Element order inside every request type of the management WSDL (Annex B). */
export const FIELD_ORDER: readonly ManagementField[] = ['server', 'client', 'subsystemName', 'address', 'authCert', 'message'];

export const MANAGEMENT_KIND_SPECS: Readonly<Record<ManagementKind, ManagementKindSpec>> = {
  clientReg: { kind: 'clientReg', required: ['server', 'client'], optional: ['subsystemName'], signer: 'client-owner' },
  clientDeletion: { kind: 'clientDeletion', required: ['server', 'client'], optional: [], signer: 'none' },
  authCertReg: { kind: 'authCertReg', required: ['server', 'authCert'], optional: ['address'], signer: 'auth-cert-reg' },
  authCertDeletion: { kind: 'authCertDeletion', required: ['server', 'authCert'], optional: [], signer: 'none' },
  ownerChange: { kind: 'ownerChange', required: ['server', 'client'], optional: [], signer: 'client-owner' },
  addressChange: { kind: 'addressChange', required: ['server', 'address'], optional: [], signer: 'server-owner' },
  clientDisable: { kind: 'clientDisable', required: ['server', 'client'], optional: [], signer: 'client-owner' },
  clientEnable: { kind: 'clientEnable', required: ['server', 'client'], optional: [], signer: 'client-owner' },
  clientRename: { kind: 'clientRename', required: ['server', 'client', 'subsystemName'], optional: [], signer: 'client-owner' },
  // corrections: the schema fragment lists `client`, the field list and X-Road's builder do not.
  maintenanceModeEnable: { kind: 'maintenanceModeEnable', required: ['server'], optional: ['client', 'message'], signer: 'server-owner' },
  maintenanceModeDisable: { kind: 'maintenanceModeDisable', required: ['server'], optional: ['client'], signer: 'server-owner' },
};

export function isManagementKind(s: string): s is ManagementKind {
  return (MANAGEMENT_KINDS as readonly string[]).includes(s);
}

/** Whether the request travels as multipart/related with the signer's parts (MSERV-003). */
export function isSignedKind(kind: ManagementKind): boolean {
  const s = MANAGEMENT_KIND_SPECS[kind].signer;
  return s === 'client-owner' || s === 'server-owner';
}
