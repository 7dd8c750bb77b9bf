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
  // Outside the message path: trust, configuration, message log, metaservices, monitoring. The
  // components built outside startSecurityServer (configuration client, OCSP cache, TLS trust,
  // message log) get the SUT's switches from harness/environment/embedded.ts.
  {
    name: 'accept-revoked-ocsp',
    description: "OCSP status revoked/unknown is accepted: a peer's TLS auth certificate (tls-trust) and the SUT's own certificates (OCSP cache).",
    breaks: ['OCSP-005', 'TRANSP-002', 'TRANSP-010'],
    side: 'both',
  },
  {
    name: 'ignore-ocsp-freshness',
    description: "OCSP responses are never too old: thisUpdate age and nextUpdate are not checked, for a peer's TLS auth certificate and the SUT's own certificates.",
    breaks: ['OCSP-003', 'OCSP-004', 'OCSP-007'],
    side: 'both',
  },
  {
    name: 'ocsp-fetch-per-message',
    description: "The OCSP cache asks the responder again every time an own certificate's response is used, ignoring the fetch interval.",
    breaks: ['OCSP-006'],
    side: 'both',
  },
  {
    name: 'ocsp-fetch-interval-as-ms',
    description: 'The OCSP cache reads the fetch interval (FETCHINTERVAL, else ocspFreshnessSeconds/10) as milliseconds and polls the responder a thousand times too often.',
    breaks: ['OCSP-006'],
    side: 'both',
  },
  {
    name: 'accept-expired-globalconf',
    description: 'The configuration client lets messages through with a copy whose Expire-date has passed (assertValid never refuses an expired copy).',
    breaks: ['GCONF-008', 'MESS-020'],
    side: 'both',
  },
  {
    name: 'drop-globalconf-on-failed-update',
    description: 'A refused configuration update (bad signature, unknown signer, missing part, server down) discards the last good copy instead of keeping it.',
    breaks: ['GCONF-004', 'GCONF-007'],
    side: 'both',
  },
  {
    name: 'no-timestamping',
    description: 'The message log never time-stamps: batch runs stamp nothing and /asic force fails, so evidence never becomes available.',
    breaks: ['TSA-001', 'TSA-003', 'LOG-002'],
    side: 'both',
  },
  {
    name: 'ignore-timestamp-failure-period',
    description: 'Messages are accepted when time-stamping cannot work: neither an exceeded acceptable-timestamp-failure-period nor a configuration without TSAs stops them.',
    breaks: ['TSA-005', 'LOG-007'],
    side: 'both',
  },
  {
    name: 'tsa-query-sha256',
    description: "Time-stamp queries carry a SHA-256 imprint instead of the message log's SHA-512 (hash-algo-id).",
    breaks: ['TSA-001'],
    side: 'both',
  },
  {
    name: 'accept-any-timestamp-token',
    description: 'A granted time-stamp token is stored without checking its imprint, signature or signer against the approved TSAs.',
    breaks: ['TSA-002'],
    side: 'both',
  },
  {
    name: 'asic-wrong-message',
    description: '/asic containers carry other message.xml bytes than were logged and signed (a newline appended), so the evidence no longer verifies.',
    breaks: ['LOG-004', 'LOG-001'],
    side: 'both',
  },
  {
    name: 'log-requests-only',
    description: 'The message log keeps requests only; responses are never logged.',
    breaks: ['LOG-001'],
    side: 'both',
  },
  {
    name: 'allowed-methods-lists-all',
    description: "allowedMethods (SOAP and REST) ignores the caller's access rights and lists every service.",
    breaks: ['META-002', 'META-004'],
    side: 'server-proxy',
  },
  {
    name: 'list-methods-shows-metaservices',
    description: 'listMethods / allowedMethods list the metaservices (listMethods, allowedMethods, getWsdl) among the SOAP services.',
    breaks: ['META-002'],
    side: 'server-proxy',
  },
  {
    name: 'getwsdl-keeps-endpoint',
    description: "getWsdl hands out the WSDL with the provider IS's real soap:address locations.",
    breaks: ['META-003'],
    side: 'server-proxy',
  },
  {
    name: 'listclients-stale',
    description: '/listClients keeps answering the client list of its first call; configuration updates never reach it.',
    breaks: ['META-001'],
    side: 'client-proxy',
  },
  {
    name: 'opmon-shows-all-records',
    description: 'getSecurityServerOperationalData treats every caller as privileged: all records, private fields included.',
    breaks: ['OPMON-004'],
    side: 'server-proxy',
  },
  {
    name: 'mserv-sign-other-bytes',
    description: 'Management requests: the member signature is made over a re-serialised SOAP part (a newline added), not the bytes sent.',
    breaks: ['MSERV-003', 'MSERV-005'],
    side: 'client-proxy',
  },
  {
    name: 'mserv-omit-ocsp-part',
    description: "Management requests: the OCSP response part for the member's signing certificate is left out.",
    breaks: ['MSERV-003'],
    side: 'client-proxy',
  },
  {
    name: 'mserv-authcertreg-no-pin',
    description: 'authCertReg: the server accepts any TLS certificate at authCertRegServiceAddress instead of only authCertRegServiceCert.',
    breaks: ['MSERV-004'],
    side: 'client-proxy',
  },
  {
    name: 'health-always-ok',
    description: 'The health check port answers 200 whatever its checks find: an expired global configuration or an authentication key without a good, fresh OCSP response goes unreported.',
    breaks: ['GCONF-008', 'OCSP-003', 'OCSP-005', 'OCSP-008'],
    // Neither proxy: the health check port beside them (health-check-port.ts).
    side: 'both',
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
