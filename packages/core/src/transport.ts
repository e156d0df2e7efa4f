import { CancelError } from './cancel-error.js';
import type { CancelEventListener } from './events.js';
import type { RateLimiter } from './rate-limiter.js';
import { readBody } from './read-body.js';
import { redactText } from './redact.js';
import { err, ok, type Result } from './result.js';
import { parseRetryAfter } from './retry-after.js';
import type { Resolved } from './settings.js';

export interface HttpRequest {
  readonly method: 'POST' | 'PATCH';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly json?: unknown;
}

export interface TransportOptions {
  readonly provider: string;
  readonly displayName: string;
  readonly orderIds: readonly string[];
  readonly secrets: readonly string[];
  /** The client's settings and this call's options over the defaults. */
  readonly settings: Resolved<object>;
  /** Shared by every call of one client: paces attempts and learns from 429s. */
  readonly limiter: RateLimiter | undefined;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  readonly body: unknown;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;
}

// The common ones, for ky's Retry-After handling; any other 5xx is retried too, by shouldRetry below.
const retryableStatuses = [408, 429, 500, 502, 503, 504];
const isRetryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

// ky is loaded on the first retry, not at import: its feature checks build a Request at load, which makes
// Node set up fetch. Most calls never need it.
let kyModule: Promise<typeof import('ky')> | undefined;
const loadKy = () => {
  kyModule ??= import('ky');
  return kyModule;
};

const requestIdHeaders = ['x-request-id', 'request-id', 'x-correlation-id', 'x-amzn-requestid', 'cf-ray'];
function requestId(headers: Headers): string | undefined {
  for (const name of requestIdHeaders) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 8 && current instanceof Error && current.cause !== undefined; depth++) {
    current = current.cause;
  }
  return current;
}

/** The per-attempt timeout's reason, never shown to users; each attempt has its own deadline, so ky's is off. */
const attemptTimedOut = new Error('attempt timed out');

/**
 * Sends one request, retrying what is safe to retry. Cancelling is idempotent in effect, so POST and PATCH are
 * retried here, which ky never does by default. Resolves to the final HTTP answer, whatever its status, or to a
 * CancelError when no usable answer came (network, timeout, abort, oversized body).
 *
 * Each attempt is one plain `fetch`; ky schedules the retries (which answers to retry, backoff with jitter,
 * `Retry-After`), through a `beforeRequest` hook that sends the attempt and hands ky its Response. A first
 * attempt that needs no retry, nearly every one, never reaches ky: ky's per-call work (option merging, a Request,
 * its clone and three more AbortSignals) was the largest cost of a call on a fast network (docs/benchmarks.md).
 */
export async function send(request: HttpRequest, context: TransportOptions): Promise<Result<HttpResponse>> {
  const { settings, limiter, secrets } = context;
  const base = { provider: context.provider, orderIds: context.orderIds };
  const listener = settings.onEvent;
  const emit: CancelEventListener = (event) => {
    try {
      listener?.(event);
    } catch {
      // A failing listener must not change the outcome of a cancel.
    }
  };
  let attempts = 0;
  let attemptStarted = 0;
  // Each attempt holds one of the limiter's in-flight slots from its start until its answer or failure.
  let holding = false;
  const releaseSlot = () => {
    if (holding) limiter?.release();
    holding = false;
  };
  const startAttempt = (attempt: number) => {
    attempts = attempt;
    attemptStarted = performance.now();
    if (!listener) return;
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name, redactText(value, secrets)]),
    );
    emit({ type: 'request', ...base, attempt, method: request.method, url: request.url, headers });
  };
  // Every answer, retried or final, is seen here once: by the limiter, and by the listener.
  const answered = (response: Response, attempt: number) => {
    releaseSlot();
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    // A Retry-After beyond the cap fails this call at once; pausing every call for it would be the long sleep
    // the cap exists to prevent.
    if ((retryAfterMs ?? 0) <= settings.maxRetryAfterMs) limiter?.observe(response.status, retryAfterMs);
    if (listener) {
      const durationMs = Math.round(performance.now() - attemptStarted);
      emit({
        type: 'response',
        ...base,
        attempt,
        status: response.status,
        durationMs,
        requestId: requestId(response.headers),
      });
    }
  };
  // Beyond the Retry-After cap the caller hears at once, with retryAfterMs, instead of sleeping for minutes.
  const retryable = (response: Response) =>
    isRetryableStatus(response.status) &&
    (parseRetryAfter(response.headers.get('retry-after')) ?? 0) <= settings.maxRetryAfterMs;
  const failure = (
    code: 'network' | 'timeout' | 'aborted' | 'invalid_response',
    message: string,
    extra: { cause?: unknown; status?: number } = {},
  ) =>
    err(
      new CancelError({
        code,
        message,
        provider: context.provider,
        orderId: context.orderIds.length === 1 ? context.orderIds[0] : undefined,
        attempts,
        ...extra,
      }),
    );

  // One signal carries both the caller's abort and the total deadline.
  const total = settings.totalTimeoutMs ? AbortSignal.timeout(settings.totalTimeoutMs) : undefined;
  const signal =
    total && settings.signal ? AbortSignal.any([settings.signal, total]) : (total ?? settings.signal);
  const fetch = settings.fetch ?? globalThis.fetch;
  const body = request.json === undefined ? undefined : JSON.stringify(request.json);
  const headers =
    body === undefined ? request.headers : { 'content-type': 'application/json', ...request.headers };
  /**
   * One attempt: paced first (outside its timeout, so pacing cannot time a request out), then sent. A redirect
   * is never followed: the credentials in our headers must not travel to another origin.
   */
  const attempt = async (number: number): Promise<Response> => {
    releaseSlot();
    if (limiter && !limiter.tryAcquire()) await limiter.acquire(signal);
    holding = limiter !== undefined;
    startAttempt(number);
    const deadline = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      // Timed out by a timer as well as the signal, so a custom fetch that ignores its signal still times out.
      const response = await new Promise<Response>((resolve, reject) => {
        timer = setTimeout(() => {
          deadline.abort(attemptTimedOut);
          reject(attemptTimedOut);
        }, settings.timeoutMs);
        fetch(request.url, {
          method: request.method,
          headers,
          body,
          redirect: 'manual',
          signal: signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal,
        }).then(resolve, reject);
      });
      answered(response, number);
      return response;
    } catch (error) {
      releaseSlot();
      throw deadline.signal.aborted && !signal?.aborted ? deadline.signal.reason : error;
    } finally {
      clearTimeout(timer);
    }
  };

  const failed = (error: unknown) => {
    const who = context.displayName;
    const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
    if (settings.signal?.aborted) {
      return failure(
        'aborted',
        `The call to ${who} was aborted by your signal after ${tries}; the cancel may or may not have reached ${who}.`,
      );
    }
    if (total?.aborted || error === attemptTimedOut) {
      return failure(
        'timeout',
        total?.aborted
          ? `${who} did not finish within totalTimeoutMs (${settings.totalTimeoutMs} ms, ${tries}); raise it or try again later.`
          : `${who} did not answer within ${settings.timeoutMs} ms per attempt (${tries}); raise timeoutMs or try again later.`,
      );
    }
    const root = rootCause(error);
    const detail = root instanceof Error ? redactText(root.message, secrets) : 'unknown error';
    const code = (root as { code?: unknown } | undefined)?.code;
    // Only the root's message and code travel: the error may hold the request, headers and key included.
    const cause = Object.assign(new Error(detail), typeof code === 'string' ? { code } : {});
    return failure(
      'network',
      `Could not reach ${who} at ${new URL(request.url).origin} (${detail}${typeof code === 'string' && !detail.includes(code) ? `, ${code}` : ''}) after ${tries}; check the network and the baseUrl.`,
      { cause },
    );
  };

  try {
    type Outcome = { response: Response } | { error: unknown };
    let outcome: Outcome;
    try {
      outcome = { response: await attempt(1) };
    } catch (error) {
      outcome = { error };
    }
    const again = 'error' in outcome ? !signal?.aborted : retryable(outcome.response);
    if (settings.retries > 0 && again) outcome = await retry(outcome);
    if ('error' in outcome) return failed(outcome.error);
    const { response } = outcome;

    // Most cancels answer 204 with no body at all: no reader, no timer, no extra tick.
    const read = response.body
      ? await readBody(
          response as Response & { body: ReadableStream<Uint8Array> },
          settings.maxBodyBytes,
          settings.timeoutMs,
        )
      : { text: '' };
    if ('problem' in read) {
      const status = response.status;
      if (read.problem === 'timeout') {
        return failure(
          'timeout',
          `${context.displayName} answered HTTP ${status} but its body did not arrive within ${settings.timeoutMs} ms; try again later.`,
          { status },
        );
      }
      return failure(
        'invalid_response',
        read.problem === 'too_large'
          ? `${context.displayName} answered HTTP ${status} with a body over ${settings.maxBodyBytes} bytes; it was not read. The order may or may not be cancelled; check it at ${context.displayName}.`
          : `${context.displayName} answered HTTP ${status} but the body could not be read; check the order at ${context.displayName}.`,
        { status },
      );
    }
    return ok({
      status: response.status,
      headers: response.headers,
      text: read.text,
      body: parseJson(read.text),
      requestId: requestId(response.headers),
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      attempts,
    });
  } finally {
    // Whatever ended the call, no slot stays taken: a leaked one would slow every later call of this client.
    releaseSlot();
  }

  /** Hands a first attempt that needs retrying to ky, which replays its outcome, then sends the retries. */
  async function retry(first: { response: Response } | { error: unknown }) {
    const { default: ky, isHTTPError } = await loadKy();
    try {
      return {
        response: await ky(request.url, {
          method: request.method,
          signal,
          // Each attempt has its own timeout, in attempt().
          timeout: false,
          retry: {
            limit: settings.retries,
            methods: ['post', 'patch'],
            statusCodes: retryableStatuses,
            afterStatusCodes: retryableStatuses,
            maxRetryAfter: settings.maxRetryAfterMs,
            delay: (count) => Math.min(settings.maxRetryDelayMs, settings.retryDelayMs * 2 ** (count - 1)),
            // Equal jitter: between half and all of the exponential delay, so backoff still grows.
            jitter: (delay) => delay / 2 + (Math.random() * delay) / 2,
            backoffLimit: settings.maxRetryDelayMs,
            shouldRetry: ({ error, retryCount }) => {
              if (signal?.aborted) return false;
              if (isHTTPError(error)) {
                if (!retryable(error.response)) return false;
                const { status, headers } = error.response;
                // Each refused attempt's body is discarded unread; only the last answer's is read, with a cap.
                error.response.body?.cancel().catch(() => {});
                const retryAfterMs = parseRetryAfter(headers.get('retry-after'));
                emit({ type: 'retry', ...base, attempt: retryCount, reason: `HTTP ${status}`, retryAfterMs });
                // ky's own Retry-After timing for the common statuses; a rarer 5xx is retried on the backoff.
                return retryableStatuses.includes(status) ? undefined : true;
              }
              const reason = error === attemptTimedOut ? 'timeout' : 'network';
              emit({ type: 'retry', ...base, attempt: retryCount, reason });
              return true;
            },
          },
          hooks: {
            beforeRequest: [
              (_request, _options, { retryCount }) =>
                retryCount > 0
                  ? attempt(retryCount + 1)
                  : 'error' in first
                    ? Promise.reject(first.error)
                    : first.response,
            ],
          },
        }),
      };
    } catch (error) {
      return isHTTPError(error) ? { response: error.response } : { error };
    }
  }
}
