// The run's harness key signs the report manifest. Its certificate is issued by the test PKI's root
// when one exists in fixtures/certs/generated (so an operator can pin that CA), else self-signed.
import { existsSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { issueCertificate, loadPki } from '../../simulators/pki/index.js';

export async function harnessSigner(pkiDir = 'fixtures/certs/generated'): Promise<{ key: KeyObject; certPem: string }> {
  const issuer = existsSync(`${pkiDir}/pki.json`) ? loadPki(pkiDir).rootCa : 'self';
  const cert = await issueCertificate(issuer, { name: 'harness', subject: [['O', 'roadtest'], ['CN', 'roadtest harness (report signing)']], profile: 'harness', keyAlgorithm: 'ec' });
  return { key: cert.privateKey, certPem: cert.certPem };
}
