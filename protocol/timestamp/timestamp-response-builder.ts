// TimeStampResp encoder: a granted response carrying a token, or a refusal with failInfo.
import { integer, namedBitString, sequence, utf8String } from '../asn1/der-writer.js';
import { PKI_FAILURE_INFO_BITS, PKI_STATUS_VALUES, type PkiFailureInfo, type PkiStatus } from './pki-status.js';

export interface BuildTimestampResponseOptions {
  status: PkiStatus;
  statusStrings?: string[];
  failInfo?: PkiFailureInfo[];
  /** The token (ContentInfo DER); RFC 3161 §2.4.2 wants it only with granted/grantedWithMods. */
  token?: Uint8Array;
}

export function buildTimestampResponse(o: BuildTimestampResponseOptions): Buffer {
  const statusInfo: Buffer[] = [integer(PKI_STATUS_VALUES[o.status])];
  if (o.statusStrings?.length) statusInfo.push(sequence(...o.statusStrings.map(utf8String)));
  if (o.failInfo?.length) statusInfo.push(namedBitString(o.failInfo.map((f) => PKI_FAILURE_INFO_BITS[f])));
  return sequence(sequence(...statusInfo), ...(o.token ? [Buffer.from(o.token)] : []));
}
