// Seeded defects: deliberate, named departures from the protocol that the suite must catch
// (self-test: "the suite passes on the reference and fails on every seeded defect"). Each names
// the requirement IDs it breaks so the report can show which scenarios caught it. None is ever
// on by default; they are switched on with `defects: [...]` in the config (CLI --defect NAME).

export interface SeededDefect {
  name: string;
  description: string;
  /** Requirement IDs (requirements.md) a correct suite flags when this defect is on. */
  breaks: string[];
  /** Which role of the SUT shows it. */
  side: 'client-proxy' | 'server-proxy' | 'both';
}

export const SEEDED_DEFECTS = [
  {
    name: 'skip-signature-check',
    description: 'Server proxy accepts a request without verifying its signature, hash chain or signer.',
    breaks: ['SIG-010', 'TRANSP-008', 'SIG-002'],
    side: 'server-proxy',
  },
  {
    name: 'forward-before-verify',
    description: 'Server proxy calls the provider IS first and verifies the request signature afterwards.',
    breaks: ['TRANSP-008'],
    side: 'server-proxy',
  },
  {
    name: 'drop-user-id',
    description: 'Client proxy removes xrd:userId from the SOAP request (and X-Road-UserId from REST) before sending it on.',
    breaks: ['MESS-004', 'MESS-012', 'REST-005'],
    side: 'client-proxy',
  },
  {
    name: 'wrong-request-hash',
    description: 'Server proxy computes requestHash (and X-Road-Request-Hash) over the wrong bytes.',
    breaks: ['MESS-014', 'REST-007'],
    side: 'server-proxy',
  },
  {
    name: 'keep-provider-request-hash',
    description: 'Server proxy keeps a requestHash supplied by the provider IS instead of inserting its own.',
    breaks: ['MESS-013'],
    side: 'server-proxy',
  },
  {
    name: 'leak-user-agent',
    description: "REST: the client's User-Agent goes into the header part (client proxy); the server proxy adds a User-Agent towards the provider IS.",
    breaks: ['REST-009'],
    side: 'both',
  },
  {
    name: 'forward-all-headers',
    description: 'SOAP: the server proxy passes the HTTP headers it received on to the provider IS, not only Content-Type and SOAPAction.',
    breaks: ['MESS-011'],
    side: 'server-proxy',
  },
  {
    name: 'sign-with-wrong-member-key',
    description: "Messages are signed with another hosted member's signing key.",
    breaks: ['SIG-001', 'SIG-002'],
    side: 'both',
  },
  {
    name: 'accept-unregistered-auth-cert',
    description: 'The TLS peer auth certificate is not checked against the authCertHash registrations in global configuration.',
    breaks: ['TRANSP-002', 'TRANSP-010'],
    side: 'both',
  },
  {
    name: 'skip-access-rights',
    description: 'Server proxy does not check access rights.',
    breaks: ['TRANSP-011'],
    side: 'server-proxy',
  },
  {
    name: 'ignore-service-disabled',
    description: 'Server proxy serves disabled services.',
    breaks: ['TRANSP-011'],
    side: 'server-proxy',
  },
  {
    name: 'skip-response-verification',
    description: 'Client proxy returns the provider response without verifying its signature.',
    breaks: ['MESS-015', 'TRANSP-008', 'SIG-010'],
    side: 'client-proxy',
  },
  {
    name: 'skip-response-consistency',
    description: 'Client proxy does not compare the response header (ids, requestHash) with the request.',
    breaks: ['MESS-015', 'TRANSP-016'],
    side: 'client-proxy',
  },
  {
    name: 'accept-any-http-method',
    description: 'Client proxy accepts SOAP over GET/PUT.',
    breaks: ['MESS-001'],
    side: 'client-proxy',
  },
  {
    name: 'rest-errors-as-200',
    description: 'REST errors from the security server are sent with HTTP 200.',
    breaks: ['REST-011'],
    side: 'client-proxy',
  },
] as const satisfies readonly SeededDefect[];

export type DefectName = (typeof SEEDED_DEFECTS)[number]['name'];

export class UnknownDefectError extends Error {
  override readonly name = 'UnknownDefectError';
  readonly code = 'unknown_defect';
}

/** The switched-on defects of one server; `has` is what the code paths ask. */
const KNOWN_DEFECTS = new Set<string>(SEEDED_DEFECTS.map((d) => d.name));

function checkDefect(name: string): asserts name is DefectName {
  if (!KNOWN_DEFECTS.has(name)) throw new UnknownDefectError(`Unknown seeded defect "${name}"; known: ${[...KNOWN_DEFECTS].join(', ')}`);
}

export class Defects {
  private readonly on = new Set<DefectName>();

  constructor(names: readonly string[] = []) {
    for (const n of names) this.enable(n);
  }

  /** Switches a defect on at run time (self-test runs flip them without restarting). */
  enable(name: string): this {
    checkDefect(name);
    this.on.add(name);
    return this;
  }

  disable(name?: string): this {
    if (name === undefined) this.on.clear();
    else {
      checkDefect(name);
      this.on.delete(name);
    }
    return this;
  }

  has(name: DefectName): boolean {
    return this.on.has(name);
  }

  get active(): DefectName[] {
    return [...this.on];
  }
}

export function describeDefect(name: string): SeededDefect | undefined {
  return SEEDED_DEFECTS.find((d) => d.name === name);
}
