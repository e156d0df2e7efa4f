import { abortableSleep } from './abortable-sleep.js';
import { type Answer, type AttemptOutcome, attempt, classify, resultOf } from './attempt.js';
import {
  type CallState,
  elapsedMs,
  type HttpRequest,
  openCall,
  releaseSlot,
  type TransportOptions,
} from './call.js';
import { type CallValue, callEnd } from './events.js';
import { callError, failureMessage, unreadBodyError } from './failure-messages.js';
import { type BodyRead, readBody } from './read-body.js';
import { err, ok, type Result } from './result.js';
import { retryDelay } from './retry-policy.js';
import { reportRetry, retryWithKy } from './retry-with-ky.js';

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

/**
 * Sends one request, retrying what is safe to retry, and turns the final answer into the cancel's result.
 * Cancelling is idempotent in effect, so POST and PATCH are retried here, which ky never does by default.
 *
 * Each attempt is one plain `fetch` (attempt.ts); ky schedules the retries (retry-with-ky.ts) on the retry policy's
 * decisions (retry-policy.ts). A first attempt that needs no retry, nearly every one, never reaches ky: ky's per-call
 * work (option merging, a Request, its clone and three more AbortSignals) was the largest cost of a call on a fast
 * network (docs/benchmarks.md).
 */
export async function send<Value extends CallValue = HttpResponse>(
  request: HttpRequest,
  options: SendOptions<Value>,
): Promise<Result<Value>> {
  const call = openCall(request, options);
  call.emit?.({ type: 'call-start', method: request.method, url: request.url });
  let result: Result<Value> | undefined;
  try {
    // Not through attemptWithRetries: each async layer costs every call a few ticks, and nearly all need no retry.
    let outcome = await attempt(call);
    if (needsRetry(call, outcome)) outcome = await retryWithKy(call, outcome);
    if (waitsOut(call, outcome)) outcome = await waitOut(call, outcome);
    // Most cancels answer 204 with no body at all: no reader, no timer, no extra tick.
    const read =
      'answer' in outcome && outcome.answer.response.body ? await readAnswer(call, outcome.answer) : noBody;
    result = finish(call, options, outcome, read);
    return result;
  } finally {
    // Whatever ended the call, no slot stays taken, and listeners see it end: a provider's reader that throws too.
    releaseSlot(call);
    if (call.emit) {
      const unread = `${call.displayName}'s answer could not be read.`;
      const ended = result ?? err(callError(call, 'invalid_response', unread));
      call.emit(callEnd(ended, elapsedMs(call.startedAt), call.orderIds));
    }
  }
}

const needsRetry = (call: CallState, outcome: AttemptOutcome): boolean =>
  !call.signal?.aborted && retryDelay(resultOf(outcome), 1, call.settings) !== undefined;

async function attemptWithRetries(call: CallState): Promise<AttemptOutcome> {
  const first = await attempt(call);
  return needsRetry(call, first) ? retryWithKy(call, first) : first;
}

/** A bound on the 429s one order waits out, against a server that answers nothing else. */
const maxWaitOuts = 5;

/** A 429 whose Retry-After is within `maxWaitMs` (bulk runs), which is waited out rather than failed. */
function waitsOut(call: CallState, outcome: AttemptOutcome): outcome is { answer: Answer } {
  if (!('answer' in outcome)) return false;
  const { status, retryAfterMs } = outcome.answer;
  return status === 429 && retryAfterMs !== undefined && retryAfterMs <= (call.settings.maxWaitMs ?? -1);
}

/**
 * The client's limiter pauses every call for the wait the provider asked for, and the order is sent again, its
 * retries intact, rather than failed: a wait the provider asked for is not a failure.
 */
async function waitOut(call: CallState, outcome: AttemptOutcome): Promise<AttemptOutcome> {
  for (let waits = 0; waits < maxWaitOuts && waitsOut(call, outcome); waits++) {
    reportRetry(call, outcome);
    try {
      // With pacing off there is no limiter to pause: this order waits alone.
      if (!call.limiter) await abortableSleep(outcome.answer.retryAfterMs!, call.signal);
    } catch (error) {
      return { failure: classify(call, error) };
    }
    outcome = await attemptWithRetries(call);
  }
  return outcome;
}

const noBody: BodyRead = { text: '' };

const readAnswer = (call: CallState, { response }: Answer): Promise<BodyRead> =>
  readBody(response, call.settings.maxBodyBytes, call.settings.timeoutMs, call.signal);

function finish<Value>(
  call: CallState,
  options: SendOptions<Value>,
  outcome: AttemptOutcome,
  read: BodyRead,
): Result<Value> {
  if ('failure' in outcome) {
    const { failure } = outcome;
    return err(callError(call, failure.code, failureMessage(call, failure), { cause: failure.cause }));
  }
  const { response, status, requestId, retryAfterMs } = outcome.answer;
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
