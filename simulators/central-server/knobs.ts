// The central server's fault knobs: a declared, listed interface (STYLE.md). Each one produces the
// broken artifact its name says, checked by protocol/globalconf's verifier in
// central-server.test.ts, and each can be switched while the server runs.

export interface KnobSettings {
  /** Expire-date this many seconds before now (GCONF-005/008 -> global_conf_outdated). */
  expired: { secondsAgo: number };
  /** Signature computed over other bytes than the signed part (-> signature_verification_failure). */
  badSignature: true;
  /** Signed with a key whose certificate neither the anchor nor shared-params list (-> missing_verification_cert). */
  unknownSigner: true;
  /**
   * Signing-key rotation (GCONF-009): 'announce' lists the new key's certificate in shared-params
   * <source> (still signing with the old key); 'switch' signs with the new key as well.
   */
  keyRotation: { stage: 'announce' | 'switch' };
  /** The file of a listed part answers 404 (-> part_download_failure). */
  missingPart: { contentIdentifier: string };
  /** The file of a listed part differs from its listed hash (-> part_downloaded_file_integrity_failure). */
  hashMismatch: { contentIdentifier: string };
  /** Wait this many milliseconds before answering any request. */
  slow: { delayMs: number };
  /** Close the listener (connection refused); clearing it listens again on the same port. */
  down: true;
}

export type KnobName = keyof KnobSettings;

export interface KnobDescriptor {
  name: KnobName;
  description: string;
  /** Example value, as a scenario would set it. */
  example: KnobSettings[KnobName];
  requirements: string[];
}

export const CENTRAL_SERVER_KNOBS: readonly KnobDescriptor[] = [
  { name: 'expired', description: 'serve directories whose Expire-date lies the given seconds in the past', example: { secondsAgo: 60 }, requirements: ['GCONF-005', 'GCONF-008'] },
  { name: 'badSignature', description: 'sign other bytes than the directory part, so the signature does not verify', example: true, requirements: ['GCONF-004'] },
  { name: 'unknownSigner', description: 'sign with a self-signed key that no anchor or shared-params lists', example: true, requirements: ['GCONF-004'] },
  {
    name: 'keyRotation',
    description: "rotate the signing key: 'announce' publishes the new certificate in shared-params <source>, 'switch' then signs with the new key",
    example: { stage: 'announce' },
    requirements: ['GCONF-009'],
  },
  { name: 'missingPart', description: 'answer 404 for the file of the part with this content identifier', example: { contentIdentifier: 'PRIVATE-PARAMETERS' }, requirements: ['GCONF-007'] },
  { name: 'hashMismatch', description: 'serve the file of the part with this content identifier with bytes that do not match its listed hash', example: { contentIdentifier: 'SHARED-PARAMETERS' }, requirements: ['GCONF-007'] },
  { name: 'slow', description: 'wait this many milliseconds before answering', example: { delayMs: 2000 }, requirements: ['GCONF-008'] },
  { name: 'down', description: 'close the listener (connection refused); clearing it listens again on the same port', example: true, requirements: ['GCONF-008', 'GCONF-009'] },
];

export type KnobValues = { [K in KnobName]?: KnobSettings[K] };

export function knobDescriptor(name: string): KnobDescriptor | undefined {
  return CENTRAL_SERVER_KNOBS.find((k) => k.name === name);
}
