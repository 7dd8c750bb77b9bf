// What the load generator sends to: a named endpoint plus a request template that yields the
// body for a given payload size. The lead's environment hands over the URLs (provider IS direct,
// SUT client proxy SOAP and /r1/ REST) and the generator never needs to know which is which,
// except for pairing: every through-SUT target is compared with the baseline of its protocol.

export type TargetRole = 'baseline' | 'sut' | 'floor';
export type TargetProtocol = 'soap' | 'rest' | 'http';

export interface RequestBody {
  bytes: Buffer;
  /** Content-Type for this body (multipart bodies carry their boundary). */
  contentType?: string;
}

export interface BodyOptions {
  /** Put the payload into a SOAP attachment (SwA) instead of the body. */
  attachments: boolean;
}

export interface Target {
  /** Leg name in the report, e.g. `baseline-soap`, `sut-rest`. */
  name: string;
  role: TargetRole;
  protocol: TargetProtocol;
  /** Absolute URL (origin, path and query). */
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Whether the target can carry attachments (SOAP SwA); REST targets cannot. */
  supportsAttachments: boolean;
  /** Request body carrying a payload of `size` bytes. Called once per size and cached. */
  body(size: number, opts: BodyOptions): RequestBody | undefined;
  /**
   * Error kind for an HTTP answer, or undefined when it is a success. `head` is the first few kB
   * of the response body (enough to spot a SOAP Fault without buffering 10 MB answers).
   */
  classify?(status: number, head: Buffer): string | undefined;
}

export class TargetError extends Error {
  override readonly name = 'TargetError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)$/i;

/**
 * The generator only loads loopback addresses unless told otherwise: a typo in a URL must not
 * turn a benchmark into load on somebody else's server. Real-SUT runs opt in explicitly.
 */
export function assertLoadable(target: Target, allowRemote: boolean): URL {
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    throw new TargetError('perf.bad_target_url', `target ${target.name}: "${target.url}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetError('perf.bad_target_url', `target ${target.name}: only http and https are supported, not ${url.protocol}`);
  if (!allowRemote && !LOOPBACK.test(url.hostname)) {
    throw new TargetError('perf.remote_target', `target ${target.name}: ${url.hostname} is not a loopback address; remote load needs allowRemote (a real-SUT profile)`);
  }
  return url;
}

/** Default success rule: any 2xx answer. */
export function classifyHttp(status: number): string | undefined {
  return status >= 200 && status < 300 ? undefined : `http_${status}`;
}

const SOAP_FAULT = /<(?:[A-Za-z_][\w.-]*:)?Fault[\s/>]/;

/** SOAP success: 2xx and no Fault element near the start of the answer. */
export function classifySoap(status: number, head: Buffer): string | undefined {
  if (SOAP_FAULT.test(head.toString('latin1'))) return status >= 500 ? 'soap_fault' : `soap_fault_http_${status}`;
  return classifyHttp(status);
}
