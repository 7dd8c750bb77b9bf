// PKIStatus and PKIFailureInfo of RFC 3161 §2.4.2 (numbers from RFC 4210 / 3161).

export type PkiStatus = 'granted' | 'grantedWithMods' | 'rejection' | 'waiting' | 'revocationWarning' | 'revocationNotification';

export const PKI_STATUS_VALUES: Record<PkiStatus, number> = {
  granted: 0,
  grantedWithMods: 1,
  rejection: 2,
  waiting: 3,
  revocationWarning: 4,
  revocationNotification: 5,
};

export type PkiFailureInfo =
  | 'badAlg'
  | 'badRequest'
  | 'badDataFormat'
  | 'timeNotAvailable'
  | 'unacceptedPolicy'
  | 'unacceptedExtension'
  | 'addInfoNotAvailable'
  | 'systemFailure';

/** Bit positions in the PKIFailureInfo BIT STRING. */
export const PKI_FAILURE_INFO_BITS: Record<PkiFailureInfo, number> = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  timeNotAvailable: 14,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  addInfoNotAvailable: 17,
  systemFailure: 25,
};

export function pkiStatusName(value: number): PkiStatus | undefined {
  return (Object.keys(PKI_STATUS_VALUES) as PkiStatus[]).find((k) => PKI_STATUS_VALUES[k] === value);
}

/** Status values X-Road accepts (TimestamperUtil): granted and grantedWithMods. */
export function isGrantedStatus(status: PkiStatus | undefined): boolean {
  return status === 'granted' || status === 'grantedWithMods';
}
