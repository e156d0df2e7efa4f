import { type CallState, elapsedMs, longestWait, releaseSlot } from './call.js';
import { failureMessage } from './failure-messages.js';
import { redactDeep, redactText } from './redact.js';
import { retryAfterFrom } from './retry-after.js';
import type { AttemptResult } from './retry-policy.js';

/** An HTTP answer, its headers read once for everything that needs them. */
export interface Answer {
  readonly response: Response;
  readonly status: number;
  readonly retryAfterMs: number | undefined;
  /** Redacted as bodies are: a server may echo the key it received in a request-ID header. */
  readonly requestId: string | undefined;
}

/** An attempt that ended without a usable HTTP answer. */
export interface AttemptFailure {
  /** invalid_response: a custom fetch returned something that is not a Response. */
  readonly code: 'network' | 'timeout' | 'aborted' | 'invalid_response';
  /** A timeout of the whole call (`totalTimeoutMs`), not of the attempt. */
  readonly total?: boolean;
  /** Network errors: the root cause's message and code, redacted; never the error itself, which may hold the key. */
  readonly cause?: Error & { code?: string };
}

export type AttemptOutcome = { readonly answer: Answer } | { readonly failure: AttemptFailure };

export const resultOf = (outcome: AttemptOutcome): AttemptResult =>
  'answer' in outcome ? outcome.answer : outcome.failure;

/** The per-attempt deadline's reason, never shown to users. */
const attemptTimedOut = new Error('attempt timed out');

/**
 * One attempt: paced first (outside its timeout, so pacing cannot time a request out), then one `fetch` with its
 * own deadline. Holds a limiter slot from its start until its answer or failure. Never rejects.
 */
export async function attempt(call: CallState): Promise<AttemptOutcome> {
  releaseSlot(call);
  const { limiter } = call;
  try {
    if (limiter && !limiter.tryAcquire()) await limiter.acquire(call.signal);
  } catch (error) {
    return { failure: classify(call, error) };
  }
  call.holdsSlot = limiter !== undefined;
  const number = ++call.attempts;
  const started = performance.now();
  const { request, emit } = call;
  // A copy, redacted: a listener that changes it must not change the request.
  const headers = emit && { ...(redactDeep(request.headers, call.secrets) as Record<string, string>) };
  emit?.({ type: 'request', attempt: number, method: request.method, url: request.url, headers: headers! });
  let outcome: AttemptOutcome;
  try {
    outcome = answered(call, await fetchWithDeadline(call));
  } catch (error) {
    outcome = { failure: classify(call, error) };
  }
  releaseSlot(call);
  if (emit) {
    const durationMs = elapsedMs(started);
    if ('answer' in outcome) {
      const { status, requestId } = outcome.answer;
      emit({ type: 'response', attempt: number, status, durationMs, requestId });
    } else if (outcome.failure.code !== 'invalid_response') {
      const { code } = outcome.failure;
      emit({
        type: 'attempt-error',
        attempt: number,
        durationMs,
        code,
        message: failureMessage(call, outcome.failure),
      });
    }
  }
  return outcome;
}

function fetchWithDeadline(call: CallState): Promise<unknown> {
  const deadline = new AbortController();
  const signal = call.signal ? AbortSignal.any([call.signal, deadline.signal]) : deadline.signal;
  // Timed out by a timer as well as the signal, so a custom fetch that ignores its signal still times out.
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      deadline.abort(attemptTimedOut);
      reject(attemptTimedOut);
    }, call.settings.timeoutMs);
    const settle =
      <T>(end: (value: T) => void) =>
      (value: T) => {
        clearTimeout(timer);
        end(value);
      };
    try {
      Promise.resolve((call.settings.fetch ?? fetch)(call.request.url, { ...call.init, signal })).then(
        settle(resolve),
        settle(reject),
      );
    } catch (error) {
      // A custom fetch that throws instead of rejecting.
      settle(reject)(error);
    }
  });
}

const requestIdHeaders = ['x-request-id', 'request-id', 'x-correlation-id', 'x-amzn-requestid', 'cf-ray'];

/** Reads what the call needs from an answer's headers, once; a custom fetch's non-Response is caught here. */
function answered(call: CallState, returned: unknown): AttemptOutcome {
  const response = returned as Response;
  if (!Number.isInteger(response?.status) || typeof response.headers?.get !== 'function') {
    return { failure: { code: 'invalid_response' } };
  }
  const { status, headers } = response;
  const retryAfterMs = retryAfterFrom(status, headers);
  // A Retry-After beyond what this call may wait fails it at once; pausing every call for it would be the long sleep
  // the cap exists to prevent.
  if ((retryAfterMs ?? 0) <= longestWait(call.settings)) call.limiter?.observe(status, retryAfterMs);
  let requestId: string | undefined;
  for (const name of requestIdHeaders) {
    requestId = headers.get(name) || undefined;
    if (requestId) break;
  }
  return {
    answer: { response, status, retryAfterMs, requestId: requestId && redactText(requestId, call.secrets) },
  };
}

/** Why an attempt, or the wait before one, ended: the caller's signal first, then the deadlines. */
export function classify(call: CallState, error: unknown): AttemptFailure {
  if (call.settings.signal?.aborted) return { code: 'aborted' };
  if (call.total?.aborted) return { code: 'timeout', total: true };
  if (error === attemptTimedOut) return { code: 'timeout' };
  let root = error;
  for (let depth = 0; depth < 8 && root instanceof Error && root.cause !== undefined; depth++)
    root = root.cause;
  const message = root instanceof Error ? redactText(root.message, call.secrets) : 'unknown error';
  const code = (root as { code?: unknown } | undefined)?.code;
  // Only the root's message and code travel: the error may hold the request, headers and key included.
  return {
    code: 'network',
    cause: Object.assign(new Error(message), typeof code === 'string' ? { code } : {}),
  };
}
