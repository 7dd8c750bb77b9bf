// The stream of requests one leg sends: sizes drawn from the size spec (seeded, so the baseline
// and the SUT leg of a pair see the same sequence), bodies and headers prepared up front.
import type { Dispatcher } from 'undici';
import { sizePicker, sizesOf, type SizeSpec } from './message-mix.js';
import type { PreparedRequest } from './request-dispatch.js';
import { TargetError, type Target } from './target.js';

export interface RequestSource {
  next(): PreparedRequest;
  /** Origin the requests go to (for the connection pool). */
  origin: string;
}

export function requestSource(target: Target, size: SizeSpec, attachments: boolean, seed = 1): RequestSource {
  const url = new URL(target.url);
  const path = url.pathname + url.search;
  const prepared = new Map<number, PreparedRequest>();
  for (const bytes of sizesOf(size)) {
    const body = target.body(bytes, { attachments });
    if (!body) throw new TargetError('perf.unsupported_body', `target ${target.name} cannot send ${attachments ? 'attachments' : 'this body'}`);
    const headers: Record<string, string> = { ...target.headers };
    if (body.contentType) headers['content-type'] = body.contentType;
    prepared.set(bytes, { path, method: target.method as Dispatcher.HttpMethod, headers, body: body.bytes });
  }
  const pick = sizePicker(size, seed);
  return {
    origin: url.origin,
    next: () => prepared.get(pick())!,
  };
}
