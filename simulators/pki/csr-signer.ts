// `roadtest pki sign-csr`: certifies a real security server's CSR with the harness CA, so a real
// SUT can join the simulated instance (ARCHITECTURE "Trust with a real SUT"). The subject is taken
// from the CSR as the SS administrator filled it in; the profile decides usages.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { certifyPublicKey, derToPem, type IssuedCert } from './certificate-issuer.js';

const OID_SHORT: Record<string, string> = {
  '2.5.4.6': 'C',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.15': 'businessCategory',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
};

export class CsrError extends Error {
  override readonly name = 'CsrError';
}

/** Parses a PEM or DER PKCS#10 request; a request whose self-signature fails is refused. */
export async function parseCsr(bytes: Buffer): Promise<x509.Pkcs10CertificateRequest> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    const text = bytes.toString('latin1');
    csr = text.includes('-----BEGIN') ? new x509.Pkcs10CertificateRequest(text) : new x509.Pkcs10CertificateRequest(new Uint8Array(bytes));
  } catch (e) {
    throw new CsrError(`not a PKCS#10 certificate request (PEM or DER): ${(e as Error).message}`);
  }
  if (!(await csr.verify())) throw new CsrError('the certificate request is not signed by the key it carries');
  return csr;
}

export async function signCsr(issuer: IssuedCert, csrBytes: Buffer, profile: 'auth' | 'sign', validityDays = 3650): Promise<{ der: Buffer; pem: string }> {
  const csr = await parseCsr(csrBytes);
  const subject: Array<[string, string]> = [];
  for (const rdn of csr.subjectName.toJSON()) {
    for (const [oid, values] of Object.entries(rdn)) {
      const short = OID_SHORT[oid] ?? Object.entries(OID_SHORT).find(([, v]) => v === oid)?.[1] ?? oid;
      if (!Object.values(OID_SHORT).includes(short)) throw new CsrError(`unsupported subject attribute ${oid} in the request`);
      for (const v of values) subject.push([short, v]);
    }
  }
  if (subject.length === 0) throw new CsrError('the certificate request has an empty subject');
  const publicKey = await csr.publicKey.export();
  const der = await certifyPublicKey(issuer, publicKey, {
    subject,
    profile,
    notAfter: new Date(Date.now() + validityDays * 86_400_000),
  });
  return { der, pem: derToPem(der, 'CERTIFICATE') };
}
