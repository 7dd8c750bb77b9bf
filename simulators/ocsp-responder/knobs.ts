// The OCSP responder's fault knobs: a declared, listed interface (STYLE.md, undici's MockAgent
// model). Each knob has a name, a description, a scope, and a test that shows it produces the
// artifact it names (ocsp-responder.test.ts). Knobs are switched at run time; per-certificate
// settings win over global ones.

export interface RevokedSetting {
  /** CRLReason (RFC 5280 §5.3.1); omitted from the response when undefined. */
  reason?: number;
  /** Revocation time; default: the moment the knob is set. */
  time?: Date;
}

/** Value each knob takes when switched on. */
export interface KnobSettings {
  good: true;
  revoked: RevokedSetting;
  unknown: true;
  staleThisUpdate: { seconds: number };
  futureThisUpdate: { seconds: number };
  nextUpdateInPast: { seconds: number };
  unauthorisedSigner: true;
  malformed: true;
  httpError: { status: number };
  slow: { delayMs: number };
  down: true;
}

export type KnobName = keyof KnobSettings;
export type KnobScope = 'global' | 'global or per certificate';

export interface KnobDescriptor {
  name: KnobName;
  description: string;
  scope: KnobScope;
  /** Example value, as the CLI would take it. */
  example: KnobSettings[KnobName];
  /** Requirement IDs this knob exists to exercise. */
  requirements: string[];
}

/** Status knobs are one setting: switching one on replaces the others for the same target. */
export const STATUS_KNOBS = ['good', 'revoked', 'unknown'] as const satisfies readonly KnobName[];

export const OCSP_RESPONDER_KNOBS: readonly KnobDescriptor[] = [
  { name: 'good', description: 'certStatus good', scope: 'global or per certificate', example: true, requirements: ['OCSP-002', 'OCSP-005'] },
  {
    name: 'revoked',
    description: 'certStatus revoked with the given revocation time and CRLReason',
    scope: 'global or per certificate',
    example: { reason: 1, time: new Date('2025-01-01T00:00:00Z') },
    requirements: ['OCSP-005'],
  },
  { name: 'unknown', description: 'certStatus unknown (also the answer for serials nobody registered)', scope: 'global or per certificate', example: true, requirements: ['OCSP-005'] },
  {
    name: 'staleThisUpdate',
    description: 'thisUpdate the given number of seconds before now (producedAt stays now)',
    scope: 'global or per certificate',
    example: { seconds: 7200 },
    requirements: ['OCSP-003', 'OCSP-007', 'OCSP-008'],
  },
  { name: 'futureThisUpdate', description: 'thisUpdate the given number of seconds after now (X-Road accepts it)', scope: 'global or per certificate', example: { seconds: 600 }, requirements: ['OCSP-003'] },
  {
    name: 'nextUpdateInPast',
    description: 'nextUpdate the given number of seconds before now (thisUpdate stays fresh)',
    scope: 'global or per certificate',
    example: { seconds: 60 },
    requirements: ['OCSP-004'],
  },
  {
    name: 'unauthorisedSigner',
    description: 'signed by a self-signed responder with EKU OCSPSigning that no CA issued and no configuration lists (its cert is in `certs`)',
    scope: 'global or per certificate',
    example: true,
    requirements: ['OCSP-002'],
  },
  { name: 'malformed', description: 'HTTP 200 application/ocsp-response whose body is a truncated, unparsable OCSPResponse', scope: 'global or per certificate', example: true, requirements: ['OCSP-002'] },
  { name: 'httpError', description: 'answer with this HTTP status (e.g. 500) and no OCSP body', scope: 'global or per certificate', example: { status: 500 }, requirements: ['OCSP-001', 'OCSP-008'] },
  { name: 'slow', description: 'wait this many milliseconds before answering', scope: 'global or per certificate', example: { delayMs: 2000 }, requirements: ['OCSP-008'] },
  {
    name: 'down',
    description: 'close the listener (connection refused); clearing it listens again on the same port',
    scope: 'global',
    example: true,
    requirements: ['OCSP-008'],
  },
];

export function knobDescriptor(name: string): KnobDescriptor | undefined {
  return OCSP_RESPONDER_KNOBS.find((k) => k.name === name);
}
