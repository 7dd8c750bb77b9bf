// Peer fault knobs: what the harness's peer security server can be told to get wrong, so that the
// SUT's refusal can be observed from outside. Declared as data (name, what it does, which side of
// the exchange it touches, which requirements it exercises), switched at run time
// (`ss.knobs.set('tamper-signature')`), and consulted by the code that builds transport messages.

export interface PeerKnob {
  name: string;
  description: string;
  /** 'request': the peer acts as consumer SS; 'response': as provider SS; 'both'. */
  appliesTo: 'request' | 'response' | 'both';
  exercises: string[];
  /** Parameter the knob takes, if any (e.g. a delay in ms). */
  parameter?: string;
}

export const PEER_KNOBS = [
  { name: 'tamper-body', description: 'Change one byte of the SOAP part / REST header part after signing.', appliesTo: 'both', exercises: ['TRANSP-008', 'SIG-010'] },
  { name: 'tamper-attachment', description: 'Change one byte of the first attachment / REST body after signing.', appliesTo: 'both', exercises: ['TRANSP-008', 'SIG-008', 'SIG-010'] },
  { name: 'tamper-signature', description: 'Flip a bit of ds:SignatureValue.', appliesTo: 'both', exercises: ['SIG-010'] },
  { name: 'tamper-hash-chain', description: 'Add a HashValue to the hash chain so it no longer adds up to the signed result (batch signatures only).', appliesTo: 'both', exercises: ['SIG-007', 'SIG-010'] },
  { name: 'signer-other-member', description: "Sign with a different member's signing key (signer name mismatch).", appliesTo: 'both', exercises: ['SIG-002'] },
  { name: 'bogus-request-hash', description: 'Put a wrong requestHash / X-Road-Request-Hash in the (correctly signed) response.', appliesTo: 'response', exercises: ['MESS-015', 'REST-007'] },
  { name: 'omit-request-hash', description: 'Leave requestHash out of the (signed) SOAP response.', appliesTo: 'response', exercises: ['MESS-015'] },
  { name: 'alter-id', description: 'Change xrd:id / x-road-id in the (signed) response.', appliesTo: 'response', exercises: ['MESS-015', 'TRANSP-016'] },
  { name: 'alter-client', description: 'Change the client id in the (signed) response header / x-road-client.', appliesTo: 'response', exercises: ['MESS-015', 'TRANSP-016'] },
  { name: 'omit-ocsp-parts', description: 'Send the transport request without application/ocsp-response parts.', appliesTo: 'request', exercises: ['TRANSP-009'] },
  { name: 'omit-signature', description: 'Send the transport message without its signature part.', appliesTo: 'both', exercises: ['TRANSP-009', 'TRANSP-008'] },
  { name: 'omit-message', description: 'Send the transport message without its SOAP / REST part.', appliesTo: 'both', exercises: ['TRANSP-009'] },
  { name: 'fault-as-last-part', description: 'Replace the signature part of the response by a text/xml SOAP fault (TRANSP §4.5).', appliesTo: 'response', exercises: ['TRANSP-006'] },
  { name: 'wrong-content-type', description: 'Answer / send the transport message as text/html.', appliesTo: 'both', exercises: ['TRANSP-007'] },
  { name: 'plain-soap-response', description: 'Answer with the plain signed SOAP (text/xml) instead of multipart/mixed.', appliesTo: 'response', exercises: ['TRANSP-007'] },
  {
    name: 'unregistered-auth-cert',
    description: 'Use another TLS auth certificate (value: { certPem, keyPem }), e.g. one from the approved CA that no server registered.',
    appliesTo: 'both',
    exercises: ['TRANSP-002', 'TRANSP-010'],
    parameter: '{ certPem, keyPem }',
  },
  { name: 'slow', description: 'Delay the transport message by N ms before sending.', appliesTo: 'both', exercises: ['TRANSP-013', 'TRANSP-014'], parameter: 'ms' },
  { name: 'reset', description: 'Close the TLS connection instead of answering / after sending the headers.', appliesTo: 'both', exercises: ['TRANSP-014'] },
  {
    name: 'stale-ocsp',
    description:
      "Present OCSP responses for our own certificates whose thisUpdate lies N s in the past (default 7200), signed by the given authorised responder: in the transport OCSP parts and from the :5577 role (certs 'auth', default), in signatures ('sign') or both ('all').",
    appliesTo: 'both',
    exercises: ['OCSP-007', 'TRANSP-002', 'TRANSP-003', 'TRANSP-010'],
    parameter: "{ signer: { certPem, keyPem }, seconds?, certs?: 'auth' | 'sign' | 'all' }",
  },
  {
    name: 'revoked-ocsp',
    description: "Present OCSP responses saying 'revoked' for our own certificates, signed by the given authorised responder (where: as stale-ocsp).",
    appliesTo: 'both',
    exercises: ['OCSP-005', 'OCSP-007', 'TRANSP-002', 'TRANSP-003', 'TRANSP-010'],
    parameter: "{ signer: { certPem, keyPem }, reason?, certs?: 'auth' | 'sign' | 'all' }",
  },
  { name: 'old-proxy-version', description: 'Announce x-proxy-version 6.0.0 (below a provider minimum).', appliesTo: 'request', exercises: ['TRANSP-012'] },
] as const satisfies readonly PeerKnob[];

export type KnobName = (typeof PEER_KNOBS)[number]['name'];

export class UnknownKnobError extends Error {
  override readonly name = 'UnknownKnobError';
  readonly code = 'unknown_knob';
}

const KNOWN = new Set<string>(PEER_KNOBS.map((k) => k.name));

function check(name: string): asserts name is KnobName {
  if (!KNOWN.has(name)) throw new UnknownKnobError(`Unknown peer knob "${name}"; known: ${[...KNOWN].join(', ')}`);
}

/** The knobs set on one server, with their parameters; all off by default. */
export class PeerKnobs {
  private readonly values = new Map<KnobName, unknown>();
  private readonly listeners: Array<(name: KnobName) => void> = [];

  constructor(initial: Record<string, unknown> = {}) {
    for (const [n, v] of Object.entries(initial)) this.set(n, v);
  }

  set(name: string, value: unknown = true): this {
    check(name);
    if (value === false || value === undefined || value === null) this.values.delete(name);
    else this.values.set(name, value);
    for (const l of this.listeners) l(name);
    return this;
  }

  /** Called after every set/clear (the server proxy swaps its TLS identity on unregistered-auth-cert). */
  onChange(listener: (name: KnobName) => void): void {
    this.listeners.push(listener);
  }

  /** The knob's value when it is an object of the given shape. */
  value<T>(name: KnobName): T | undefined {
    const v = this.values.get(name);
    return typeof v === 'object' && v !== null ? (v as T) : undefined;
  }

  clear(name?: string): this {
    const names = name === undefined ? [...this.values.keys()] : [name];
    for (const n of names) {
      check(n);
      this.values.delete(n);
      for (const l of this.listeners) l(n);
    }
    return this;
  }

  has(name: KnobName): boolean {
    return this.values.has(name);
  }

  /** Numeric parameter of a knob (e.g. `slow` ms), `fallback` when set without one. */
  number(name: KnobName, fallback: number): number {
    const v = this.values.get(name);
    return typeof v === 'number' ? v : fallback;
  }

  get active(): Record<string, unknown> {
    return Object.fromEntries(this.values);
  }
}
