// One exchange on an undici dispatcher, with the low-level handler API rather than request():
// no stream or promise per response, so the generator costs about what autocannon costs and the
// harness floor stays far below what it measures (see harness/perf/floor.ts).
import type { Dispatcher } from 'undici';
import type { Outcome } from './leg-recorder.js';
import { classifyHttp, type Target } from './target.js';

export interface PreparedRequest {
  path: string;
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

/** Bytes of the answer kept for classification (a SOAP Fault shows in the first few kB). */
const HEAD_BYTES = 4096;

type Classify = NonNullable<Target['classify']>;

function errorKindOf(err: Error): string {
  const e = err as Error & { code?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout';
  if (code === 'UND_ERR_SOCKET') return 'socket_closed';
  if (e.name === 'AbortError' || code === 'UND_ERR_ABORTED') return 'aborted';
  return code ?? 'error';
}

/** Cuts an exchange short (the load slice is over); `done` then reports `kind`. */
export type AbortExchange = (kind: string) => void;

/** Sends one request; `done` is called exactly once with the outcome. */
export function dispatchRequest(dispatcher: Dispatcher, req: PreparedRequest, timeoutMs: number, classify: Classify | undefined, done: (o: Outcome) => void): AbortExchange {
  let status = 0;
  let received = 0;
  const head: Buffer[] = [];
  let headLen = 0;
  let finished = false;
  let controller: Dispatcher.DispatchController | undefined;
  const finish = (o: Outcome): void => {
    if (finished) return;
    finished = true;
    done(o);
  };
  const handler: Dispatcher.DispatchHandler = {
    onRequestStart(c) {
      controller = c;
    },
    onResponseStart(_c, statusCode) {
      status = statusCode;
    },
    onResponseData(_c, chunk) {
      received += chunk.length;
      if (headLen < HEAD_BYTES) {
        head.push(chunk);
        headLen += chunk.length;
      }
    },
    onResponseEnd() {
      const kind = classify ? classify(status, head.length === 1 ? head[0] : Buffer.concat(head)) : classifyHttp(status);
      finish({ status, errorKind: kind, bytesReceived: received });
    },
    onResponseError(_c, err) {
      finish({ status, errorKind: errorKindOf(err), bytesReceived: received });
    },
  };
  try {
    dispatcher.dispatch({ path: req.path, method: req.method, headers: req.headers, body: req.body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }, handler);
  } catch (e) {
    finish({ status: 0, errorKind: errorKindOf(e as Error), bytesReceived: 0 });
  }
  return (kind) => {
    if (finished) return;
    const c = controller;
    finish({ status, errorKind: kind, bytesReceived: received });
    // Free the connection; a request still queued in the pool is ignored when it completes.
    c?.abort(new Error(kind));
  };
}
