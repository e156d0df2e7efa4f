import { type AttemptOutcome, attempt, resultOf } from './attempt.js';
import {
  type Call,
  elapsedMs,
  type HttpRequest,
  openCall,
  releaseSlot,
  type TransportOptions,
} from './call.js';
import type { Cancellation, Outcome } from './cancellation.js';
import { headerUnsafeCharacter } from './characters.js';
import { type EventBody, errorEnd } from './events.js';
import { callError, failureMessage, unreadBodyError } from './failure-messages.js';
import { readBody } from './read-body.js';
import { err, ok, type Result } from './result.js';
import { retryDelay } from './retry-policy.js';
import { retryWithKy } from './retry-with-ky.js';

export type { HttpRequest, TransportOptions } from './call.js';

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  readonly body: unknown;
  /** Redacted, like everything taken from a response. */
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;
}

export interface SendOptions<Value> extends TransportOptions {
  /** Turns the final HTTP answer into the cancel's result: the provider's reading of it. Default: the answer. */
  readonly interpret?: (response: HttpResponse) => Result<Value>;
}

/** What a call-end event reports of a call's value. */
type Ended = Pick<Cancellation, 'attempts' | 'status' | 'requestId'> & { readonly outcome?: Outcome };

/**
 * Sends one request, retrying what is safe to retry, and turns the final answer into the cancel's result.
 * Cancelling is idempotent in effect, so POST and PATCH are retried here, which ky never does by default.
 *
 * Each attempt is one plain `fetch` (attempt.ts); ky schedules the retries (retry-with-ky.ts) on the retry policy's
 * decisions (retry-policy.ts). A first attempt that needs no retry, nearly every one, never reaches ky: ky's per-call
 * work (option merging, a Request, its clone and three more AbortSignals) was the largest cost of a call on a fast
 * network (docs/benchmarks.md).
 */
export async function send<Value extends Ended = HttpResponse>(
  request: HttpRequest,
  options: SendOptions<Value>,
): Promise<Result<Value>> {
  const call = openCall(request, options);
  call.emit?.({ type: 'call-start', method: request.method, url: request.url });
  let result: Result<Value>;
  try {
    const unsendable = unsendableHeader(call);
    result = unsendable ? err(unsendable) : await finish(call, options, await attemptWithRetries(call));
  } finally {
    // Whatever ended the call, no slot stays taken.
    releaseSlot(call);
  }
  call.emit?.(endOf(result, elapsedMs(call.startedAt)));
  return result;
}

async function attemptWithRetries(call: Call): Promise<AttemptOutcome> {
  const first = await attempt(call, 1);
  const again = !call.signal?.aborted && retryDelay(resultOf(first), 1, call.settings) !== undefined;
  return again ? retryWithKy(call, first) : first;
}

async function finish<Value>(
  call: Call,
  options: SendOptions<Value>,
  outcome: AttemptOutcome,
): Promise<Result<Value>> {
  if ('failure' in outcome) {
    const { failure } = outcome;
    return err(callError(call, failure.code, failureMessage(call, failure), { cause: failure.cause }));
  }
  const { response, status, requestId, retryAfterMs } = outcome.answer;
  const { maxBodyBytes, timeoutMs } = call.settings;
  // Most cancels answer 204 with no body at all: no reader, no timer, no extra tick.
  const read = response.body ? await readBody(response, maxBodyBytes, timeoutMs, call.signal) : { text: '' };
  if ('unread' in read) return err(unreadBodyError(call, read.unread, status));
  const { text } = read;
  const interpret = options.interpret ?? (ok as (response: HttpResponse) => Result<Value>);
  return interpret({
    status,
    headers: response.headers,
    text,
    body: parseJson(text),
    requestId,
    retryAfterMs,
    attempts: call.attempts,
  });
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A header value fetch would refuse (beyond Latin-1) is the user's input to fix, not a network error to retry. */
function unsendableHeader(call: Call) {
  const { headers } = call.request;
  for (const name in headers) {
    const found = headerUnsafeCharacter(headers[name]!);
    if (found) {
      return callError(
        call,
        'invalid_input',
        `The ${name} header for ${call.displayName} holds ${found}, which HTTP headers cannot carry; retype the option it comes from (a pasted invisible character, or a non-Latin letter). Nothing was sent.`,
      );
    }
  }
  return undefined;
}

function endOf(result: Result<Ended>, durationMs: number): EventBody {
  if (!result.ok) return errorEnd(result.error, durationMs);
  const { attempts, status, requestId, outcome } = result.value;
  return { type: 'call-end', attempts, durationMs, status, requestId, outcome };
}
