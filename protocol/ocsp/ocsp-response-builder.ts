// Builds DER OCSPResponses. What X-Road 7.8 accepts (corrections.md §3 "OCSP responder"): status
// successful, id-pkix-ocsp-basic, responses[0] carrying the request's CertID verbatim, ResponderID
// byName or byKey, signed by a configured responder cert, the CA, or a CA-issued cert with EKU
// OCSPSigning (then included in `certs`). Faulty variants are built from the same spec by changing
// one field, so each fault differs from a good response in exactly one way.
import { createHash, type KeyObject, type X509Certificate } from 'node:crypto';
import { certificateFields } from './certificate-fields.js';
import * as w from '../asn1/der-writer.js';
import { OcspResponseStatus, OID_PKIX_OCSP_BASIC, OID_PKIX_OCSP_NONCE, type CertStatus } from './ocsp-response.js';
import { signWith, type HashName } from './signature-algorithm.js';

export interface SingleResponseSpec {
  /** DER of the CertID to answer for, copied verbatim (echo the request's bytes). */
  certIdDer: Buffer;
  status: CertStatus;
  thisUpdate: Date;
  nextUpdate?: Date;
}

export interface OcspResponseSpec {
  responses: SingleResponseSpec[];
  producedAt: Date;
  /** The certificate named in ResponderID. */
  responderCert: X509Certificate;
  responderIdKind?: 'byName' | 'byKey';
  /** The key that signs tbsResponseData (normally the responder cert's key). */
  signerKey: KeyObject;
  /** Certificates for the `certs` field (the delegated responder cert, so verifiers can find it). */
  certs?: X509Certificate[];
  signatureHash?: HashName;
  /** Echoed request nonce (X-Road sends none). */
  nonce?: Buffer;
}

function encodeCertStatus(status: CertStatus): Buffer {
  switch (status.kind) {
    case 'good':
      return w.implicitPrimitive(0, Buffer.alloc(0));
    case 'unknown':
      return w.implicitPrimitive(2, Buffer.alloc(0));
    case 'revoked': {
      const reason = status.reason === undefined ? [] : [w.explicit(0, w.enumerated(status.reason))];
      return w.implicitConstructed(1, w.generalizedTimeSeconds(status.revocationTime), ...reason);
    }
  }
}

function encodeSingleResponse(r: SingleResponseSpec): Buffer {
  const next = r.nextUpdate ? [w.explicit(0, w.generalizedTimeSeconds(r.nextUpdate))] : [];
  return w.sequence(r.certIdDer, encodeCertStatus(r.status), w.generalizedTimeSeconds(r.thisUpdate), ...next);
}

function encodeResponderId(cert: X509Certificate, kind: 'byName' | 'byKey'): Buffer {
  const fields = certificateFields(cert);
  if (kind === 'byName') return w.explicit(1, fields.subjectDer);
  return w.explicit(2, w.octetString(createHash('sha1').update(fields.publicKeyBits).digest()));
}

/** DER tbsResponseData (ResponseData, version v1 left at its DEFAULT, so omitted). */
export function buildResponseData(spec: OcspResponseSpec): Buffer {
  const extensions = spec.nonce
    ? [w.explicit(1, w.sequence(w.sequence(w.objectIdentifier(OID_PKIX_OCSP_NONCE), w.octetString(w.octetString(spec.nonce)))))]
    : [];
  return w.sequence(
    encodeResponderId(spec.responderCert, spec.responderIdKind ?? 'byName'),
    w.generalizedTimeSeconds(spec.producedAt),
    w.sequence(...spec.responses.map(encodeSingleResponse)),
    ...extensions,
  );
}

/** DER BasicOCSPResponse, signed. */
export function buildBasicOcspResponse(spec: OcspResponseSpec): Buffer {
  const tbs = buildResponseData(spec);
  const { algorithmDer, signature } = signWith(spec.signerKey, tbs, spec.signatureHash ?? 'sha256');
  const certs = spec.certs?.length ? [w.explicit(0, w.sequence(...spec.certs.map((c) => c.raw)))] : [];
  return w.sequence(tbs, algorithmDer, w.bitString(signature), ...certs);
}

/** DER OCSPResponse wrapping a BasicOCSPResponse with status successful. */
export function buildOcspResponse(spec: OcspResponseSpec): Buffer {
  return wrapBasicOcspResponse(buildBasicOcspResponse(spec));
}

export function wrapBasicOcspResponse(basicDer: Buffer, responseStatus: number = OcspResponseStatus.successful): Buffer {
  const responseBytes = w.sequence(w.objectIdentifier(OID_PKIX_OCSP_BASIC), w.octetString(basicDer));
  return w.sequence(w.enumerated(responseStatus), w.explicit(0, responseBytes));
}

/** An OCSPResponse without responseBytes (malformedRequest, internalError, tryLater, ...). */
export function buildOcspErrorResponse(responseStatus: number): Buffer {
  if (responseStatus === OcspResponseStatus.successful) throw new RangeError('a successful OCSPResponse needs responseBytes');
  return w.sequence(w.enumerated(responseStatus));
}
