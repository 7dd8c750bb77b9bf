// The verdict every evidence verifier returns: valid or the X-Road code it would fail with, plus
// warnings for what X-Road takes on trust (corrections.md §1: unverified attachment digests).
import { isXRoadError } from '../faults/index.js';

export interface AsicVerdictDetails {
  /** Signer member as `INSTANCE/CLASS/CODE[/SUBSYSTEM]`. */
  signer?: string;
  /** The verification time: genTime of the (embedded or batch) time-stamp. */
  timestampGenTime?: Date;
  batchTimestamp?: boolean;
  /** Name of the approved TSA whose certificate signed the time-stamp. */
  timestampSigner?: string;
  batchSignature?: boolean;
  signingCertificateSubject?: string;
  ocspProducedAt?: Date;
  /** Attachment digests a hash chain names that match the container (X-Road's "(verified)" lines). */
  attachmentDigests?: string[];
}

export interface AsicVerdict {
  valid: boolean;
  /** X-Road error code (7.8+ spelling) when invalid. */
  code?: string;
  message: string;
  warnings: string[];
  details: AsicVerdictDetails;
}

export function validVerdict(message: string, details: AsicVerdictDetails = {}, warnings: string[] = []): AsicVerdict {
  return { valid: true, message, warnings, details };
}

export function invalidVerdict(code: string, message: string, details: AsicVerdictDetails = {}, warnings: string[] = []): AsicVerdict {
  return { valid: false, code, message, warnings, details };
}

/** Turns a thrown XRoadError into an invalid verdict; anything else is rethrown (a bug or unusable input). */
export function verdictFromError(err: unknown, details: AsicVerdictDetails = {}, warnings: string[] = []): AsicVerdict {
  if (isXRoadError(err)) return invalidVerdict(err.code, err.message, details, warnings);
  throw err;
}
