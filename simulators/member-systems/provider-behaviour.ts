// What the provider IS answers. A behaviour is data (so a step can say "the provider answers with
// a SOAP fault" without writing a handler), chosen by the longest matching path prefix or queued
// for the next request(s). The defaults make /soap/* a SOAP echo and /rest/* a REST echo.

export interface Attachment {
  contentType: string;
  body: Buffer | string;
  /** Extra MIME headers of the part (Content-ID, Content-Transfer-Encoding ...). */
  headers?: Record<string, string>;
}

export type ProviderBehaviour =
  /**
   * A proper X-Road response: the request's header echoed (same fields, values, order), body
   * wrapper `<code>Response` holding the request wrapper's content. Options make it misbehave in
   * the ways requirements test for.
   */
  | {
      kind: 'soap-echo';
      /** Response attachments: 'echo' returns the request's attachments, or a given list. */
      attachments?: 'echo' | Attachment[];
      /** Put a made-up requestHash into the header (MESS-013: the SS must replace it). */
      bogusRequestHash?: boolean;
      /** Replace the echoed xrd:id value (MESS-015: consumer SS must refuse). */
      alterId?: string;
      /** Extra HTTP headers on the response (MESS-011: only Content-Type may reach the CIS). */
      headers?: Record<string, string>;
      /** Emit the response with MTOM packaging (application/xop+xml root). */
      mtom?: boolean;
    }
  /** SOAP 1.1 fault from the IS itself (MESS-019: passed through unchanged). */
  | { kind: 'soap-fault'; faultCode: string; faultString: string; httpStatus?: number; detail?: string }
  /** Echo of the REST request as JSON: method, path, query, headers, body (base64 when binary). */
  | { kind: 'rest-echo'; status?: number; headers?: Record<string, string> }
  /** Fixed JSON answer. */
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  /** Anything at all: garbage bodies, bogus X-Road-* headers, wrong content types, 302 + Location. */
  | { kind: 'raw'; status?: number; headers?: Record<string, string>; body?: Buffer | string }
  /** Wait, then behave as `then` (service timeouts, TRANSP-014). */
  | { kind: 'delay'; ms: number; then: ProviderBehaviour }
  /** Destroy the connection without answering. */
  | { kind: 'reset' }
  /** Start answering, then cut the connection mid-body. */
  | { kind: 'truncate'; contentType: string; body: Buffer | string }
  /** Answer computed from the request (a decoding service such as the management services). */
  | { kind: 'respond'; respond(req: RespondRequest): Promise<RespondAnswer> | RespondAnswer };

/** What a 'respond' behaviour sees of the request. */
export interface RespondRequest {
  method: string;
  path: string;
  headers: Array<[string, string]>;
  body: Buffer;
}

export interface RespondAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

export const DEFAULT_BEHAVIOURS: ReadonlyArray<readonly [string, ProviderBehaviour]> = [
  ['/soap', { kind: 'soap-echo' }],
  ['/rest', { kind: 'rest-echo' }],
  ['/', { kind: 'rest-echo' }],
];

/** Behaviours by path prefix plus a queue of one-shot behaviours. */
export class BehaviourTable {
  private readonly byPrefix = new Map<string, ProviderBehaviour>(DEFAULT_BEHAVIOURS);
  private readonly queue: ProviderBehaviour[] = [];

  /** Sets the behaviour for every path starting with `prefix`. */
  set(prefix: string, behaviour: ProviderBehaviour): this {
    this.byPrefix.set(prefix, behaviour);
    return this;
  }

  /** Answers the next request (whatever its path) with `behaviour`; queued ones run in order. */
  once(behaviour: ProviderBehaviour): this {
    this.queue.push(behaviour);
    return this;
  }

  /** Back to the defaults, queue emptied. */
  reset(): void {
    this.byPrefix.clear();
    for (const [p, b] of DEFAULT_BEHAVIOURS) this.byPrefix.set(p, b);
    this.queue.length = 0;
  }

  pick(path: string): ProviderBehaviour {
    const queued = this.queue.shift();
    if (queued) return queued;
    let best: [string, ProviderBehaviour] | undefined;
    for (const entry of this.byPrefix) {
      if (path.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
    }
    return best ? best[1] : { kind: 'rest-echo' };
  }
}
