import ky, { isHTTPError, isTimeoutError } from 'ky';
import { CancelError } from './cancel-error.js';
import type { CancelEventListener } from './events.js';
import type { RateLimiter } from './rate-limiter.js';
import { readBody } from './read-body.js';
import { redactText } from './redact.js';
import { err, ok, type Result } from './result.js';
import { parseRetryAfter } from './retry-after.js';

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
  readonly timeoutMs: number;
  readonly totalTimeoutMs: number | undefined;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly maxBodyBytes: number;
  readonly fetch: typeof globalThis.fetch | undefined;
  readonly signal: AbortSignal | undefined;
  readonly onEvent: CancelEventListener | undefined;
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

const retryableStatuses = [408, 429, ...Array.from({ length: 100 }, (_, index) => 500 + index)];
export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 429 || status >= 500;

const requestIdHeaders = ['x-request-id', 'request-id', 'x-correlation-id', 'x-amzn-requestid', 'cf-ray'];

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
export async function send(request: HttpRequest, options: TransportOptions): Promise<Result<HttpResponse>> {
  const base = { provider: options.provider, orderIds: options.orderIds };
  const emit: CancelEventListener = (event) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A failing listener must not change the outcome of a cancel.
    }
  };
  const redactedHeaders = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [name, redactText(value, options.secrets)]),
  );
  let attempts = 0;
  let attemptStarted = 0;
  const startAttempt = (attempt: number) => {
    attempts = attempt;
    attemptStarted = performance.now();
    emit({
      type: 'request',
      ...base,
      attempt,
      method: request.method,
      url: request.url,
      headers: redactedHeaders,
    });
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
  const answer = (response: Response, text: string, body: unknown): HttpResponse => ({
    status: response.status,
    headers: response.headers,
    text,
    body,
    requestId: requestIdHeaders.map((name) => response.headers.get(name)).find(Boolean) ?? undefined,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    attempts,
  });

  let response: Response;
  try {
    response = await ky(request.url, {
      method: request.method,
      headers: request.headers,
      json: request.json,
      fetch: options.fetch,
      signal: options.signal,
      timeout: options.timeoutMs,
      totalTimeout: options.totalTimeoutMs ?? false,
      // A redirect is never followed: the credentials in our headers must not travel to another origin.
      redirect: 'manual',
      // Only retryable statuses throw (that is how ky retries); every other answer is read and mapped by us.
      throwHttpErrors: isRetryableStatus,
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
          if (options.signal?.aborted) return false;
          if (isHTTPError(error)) {
            const retryAfterMs = parseRetryAfter(error.response.headers.get('retry-after'));
            // Beyond the cap the caller hears at once, with retryAfterMs, instead of sleeping for minutes.
            if (retryAfterMs !== undefined && retryAfterMs > options.maxRetryAfterMs) return false;
            emit({
              type: 'retry',
              ...base,
              attempt: retryCount,
              reason: `HTTP ${error.response.status}`,
              retryAfterMs,
            });
            return undefined; // ky's own status check and Retry-After timing
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
        // Pacing waits here, outside ky's per-attempt timeout, so a queued request cannot time out before it is sent.
        beforeRequest: [
          async () => {
            await options.limiter?.acquire(options.signal);
            startAttempt(1);
          },
        ],
        beforeRetry: [
          async ({ retryCount }) => {
            await options.limiter?.acquire(options.signal);
            startAttempt(retryCount + 1);
          },
        ],
        afterResponse: [
          ({ response: attemptResponse, retryCount }) => {
            options.limiter?.observe(
              attemptResponse.status,
              parseRetryAfter(attemptResponse.headers.get('retry-after')),
            );
            emit({
              type: 'response',
              ...base,
              attempt: retryCount + 1,
              status: attemptResponse.status,
              durationMs: Math.round(performance.now() - attemptStarted),
              requestId:
                requestIdHeaders.map((name) => attemptResponse.headers.get(name)).find(Boolean) ?? undefined,
            });
          },
        ],
      },
    });
  } catch (error) {
    if (isHTTPError(error)) {
      // The last retryable answer (429, 5xx); ky already read its body, bounded in size and time.
      const data: unknown = error.data;
      const text = typeof data === 'string' ? data : data === undefined ? '' : JSON.stringify(data);
      return ok(answer(error.response, text, typeof data === 'string' ? parseJson(data) : data));
    }
    const who = options.displayName;
    const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
    if (options.signal?.aborted) {
      return failure(
        'aborted',
        `The call to ${who} was aborted by your signal after ${tries}; the cancel may or may not have reached ${who}.`,
      );
    }
    if (isTimeoutError(error)) {
      return failure(
        'timeout',
        `${who} did not answer within ${options.timeoutMs} ms per attempt (${tries}); raise timeoutMs or try again later.`,
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

  if (!response) {
    return failure('network', `${options.displayName} gave no response.`);
  }
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
  return ok(answer(response, read.text, parseJson(read.text)));
}
