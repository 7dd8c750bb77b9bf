// The time-stamp readers' DER reader: protocol/asn1's, failing with Asn1StructureError, which the
// public parsers turn into X-Road's codes (mlog.*, internal_error) or RFC 3161 failInfo. An element
// must fill its bytes exactly, and OCTET STRINGs stay opaque (a TSTInfo is decoded on purpose).
// asn1js exceptions (a malformed GeneralizedTime) have always reached callers unwrapped here;
// wrapping them would change which error parseTimestampResponse/parseTimestampToken throw.
import { DerReader } from '../asn1/der-reader.js';

export const asn1 = new DerReader({ decode: { rethrowDecoderExceptions: true } });
