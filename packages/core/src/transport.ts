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

// ky is loaded on the first request, not at import: its feature checks build a Request at load, which makes
// Node set up fetch. An application that imports a provider but cancels nothing pays nothing for it.
let kyModule: Promise<typeof import('ky')> | undefined;
const loadKy = () => {
  kyModule ??= import('ky');
  return kyModule;
};

const requestIdHeaders = ['x-request-id', 'request-id', 'x-correlation-id', 'x-amzn-requestid', 'cf-ray'];
const requestId = (headers: Headers) =>
  requestIdHeaders.map((name) => headers.get(name)).find(Boolean) ?? undefined;

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

/**
 * Sends one request with ky, retrying what is safe to retry. Cancelling is idempotent in effect, so POST and
 * PATCH are retried here, which ky never does by default. Resolves to the final HTTP answer, whatever its
 * status, or to a CancelError when no usable answer came (network, timeout, abort, oversized body).
 */
export async function send(request: HttpRequest, context: TransportOptions): Promise<Result<HttpResponse>> {
  const options = { ...context, ...context.settings };
  const base = { provider: options.provider, orderIds: options.orderIds };
  const listener = options.onEvent;
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
    if (holding) options.limiter?.release();
    holding = false;
  };
  const startAttempt = (attempt: number) => {
    attempts = attempt;
    attemptStarted = performance.now();
    if (!listener) return;
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name, redactText(value, options.secrets)]),
    );
    emit({ type: 'request', ...base, attempt, method: request.method, url: request.url, headers });
  };
  // Every answer, retried or final, is seen here once: by the limiter, and by the listener. (ky's afterResponse
  // hook would clone every response to show it.)
  const answered = (response: Response, attempt: number) => {
    releaseSlot();
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    // A Retry-After beyond the cap fails this call at once; pausing every call for it would be the long sleep
    // the cap exists to prevent.
    if ((retryAfterMs ?? 0) <= options.maxRetryAfterMs)
      options.limiter?.observe(response.status, retryAfterMs);
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
    return retryAfterMs;
  };
  const failure = (
    code: 'network' | 'timeout' | 'aborted' | 'invalid_response',
    message: string,
    extra: { cause?: unknown; status?: number } = {},
  ) =>
    err(
      new CancelError({
        code,
        message,
        provider: options.provider,
        orderId: options.orderIds.length === 1 ? options.orderIds[0] : undefined,
        attempts,
        ...extra,
      }),
    );

  // ky 1 has no overall timeout; one signal carries both the caller's abort and the total deadline.
  const total = options.totalTimeoutMs ? AbortSignal.timeout(options.totalTimeoutMs) : undefined;
  const signals = [options.signal, total].filter((signal): signal is AbortSignal => signal !== undefined);
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  try {
    const { default: ky, isHTTPError, isTimeoutError } = await loadKy();
    let response: Response;
    try {
      response = await ky(request.url, {
        method: request.method,
        headers: request.headers,
        json: request.json,
        fetch: options.fetch,
        signal,
        timeout: options.timeoutMs,
        // A redirect is never followed: the credentials in our headers must not travel to another origin.
        redirect: 'manual',
        retry: {
          limit: options.retries,
          methods: ['post', 'patch'],
          statusCodes: retryableStatuses,
          afterStatusCodes: retryableStatuses,
          maxRetryAfter: options.maxRetryAfterMs,
          delay: (attempt) => Math.min(options.maxRetryDelayMs, options.retryDelayMs * 2 ** (attempt - 1)),
          // Equal jitter: between half and all of the exponential delay, so backoff still grows.
          jitter: (delay) => delay / 2 + (Math.random() * delay) / 2,
          backoffLimit: options.maxRetryDelayMs,
          retryOnTimeout: true,
          shouldRetry: ({ error, retryCount }) => {
            releaseSlot();
            if (signal?.aborted) return false;
            if (isHTTPError(error)) {
              const status = error.response.status;
              const retryAfterMs = parseRetryAfter(error.response.headers.get('retry-after'));
              // Beyond the cap the caller hears at once, with retryAfterMs, instead of sleeping for minutes.
              if (!isRetryableStatus(status) || (retryAfterMs ?? 0) > options.maxRetryAfterMs) return false;
              answered(error.response, retryCount);
              // Each refused attempt's body is discarded unread; only the last answer's is read, with a cap.
              error.response.body?.cancel().catch(() => {});
              emit({ type: 'retry', ...base, attempt: retryCount, reason: `HTTP ${status}`, retryAfterMs });
              // ky's own Retry-After timing for the common statuses; a rarer 5xx is retried on the backoff.
              return retryableStatuses.includes(status) ? undefined : true;
            }
            emit({
              type: 'retry',
              ...base,
              attempt: retryCount,
              reason: isTimeoutError(error) ? 'timeout' : 'network',
            });
            return true;
          },
        },
        hooks: {
          // Runs before every attempt, outside ky's per-attempt timeout, so pacing cannot time a request out.
          beforeRequest: [
            async (_request, _options, { retryCount }) => {
              releaseSlot();
              await options.limiter?.acquire(signal);
              holding = options.limiter !== undefined;
              startAttempt(retryCount + 1);
            },
          ],
        },
      });
    } catch (error) {
      if (isHTTPError(error)) {
        response = error.response;
      } else {
        const who = options.displayName;
        const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
        if (options.signal?.aborted) {
          return failure(
            'aborted',
            `The call to ${who} was aborted by your signal after ${tries}; the cancel may or may not have reached ${who}.`,
          );
        }
        if (total?.aborted || isTimeoutError(error)) {
          return failure(
            'timeout',
            total?.aborted
              ? `${who} did not finish within totalTimeoutMs (${options.totalTimeoutMs} ms, ${tries}); raise it or try again later.`
              : `${who} did not answer within ${options.timeoutMs} ms per attempt (${tries}); raise timeoutMs or try again later.`,
          );
        }
        const root = rootCause(error);
        const detail = root instanceof Error ? redactText(root.message, options.secrets) : 'unknown error';
        const code = (root as { code?: unknown } | undefined)?.code;
        // Only the root's message and code travel: ky's errors hold the request, headers and key included.
        const cause = Object.assign(new Error(detail), typeof code === 'string' ? { code } : {});
        return failure(
          'network',
          `Could not reach ${who} at ${new URL(request.url).origin} (${detail}${typeof code === 'string' && !detail.includes(code) ? `, ${code}` : ''}) after ${tries}; check the network and the baseUrl.`,
          { cause },
        );
      }
    }

    answered(response, attempts);
    const read = await readBody(response, options.maxBodyBytes, options.timeoutMs);
    if ('problem' in read) {
      const status = response.status;
      if (read.problem === 'timeout') {
        return failure(
          'timeout',
          `${options.displayName} answered HTTP ${status} but its body did not arrive within ${options.timeoutMs} ms; try again later.`,
          { status },
        );
      }
      return failure(
        'invalid_response',
        read.problem === 'too_large'
          ? `${options.displayName} answered HTTP ${status} with a body over ${options.maxBodyBytes} bytes; it was not read. The order may or may not be cancelled; check it at ${options.displayName}.`
          : `${options.displayName} answered HTTP ${status} but the body could not be read; check the order at ${options.displayName}.`,
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
}
