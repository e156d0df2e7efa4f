import { hasControlCharacter } from './characters.js';
import type { CancelEventListener } from './events.js';
import type { RateLimit } from './rate-limiter.js';

/** Options every provider's factory accepts, besides its credentials. */
export interface ClientSettings {
  /** Replaces the provider's default base URL (a trailing slash is ignored). Default: `<PROVIDER>_BASE_URL`, then the provider's. */
  baseUrl?: string;
  /** Per attempt, in ms. Default 10 000. */
  timeoutMs?: number;
  /** For the whole call, retries and waits included, in ms. Default: none. */
  totalTimeoutMs?: number;
  /** Retries after the first attempt (network errors, timeouts, 408, 429, 5xx); 0 disables. Default 2. */
  retries?: number;
  /** First backoff delay in ms, doubled each retry with jitter. Default 300. */
  retryDelayMs?: number;
  /** Upper bound of one backoff delay in ms. Default 10 000. */
  maxRetryDelayMs?: number;
  /** The longest `Retry-After` that is waited for, in ms; a longer one ends the call as `rate_limited`. Default 30 000. */
  maxRetryAfterMs?: number;
  /** Larger response bodies are not read and give `invalid_response`. Default 1 MiB. */
  maxBodyBytes?: number;
  /** A custom fetch, e.g. for a proxy or tests. */
  fetch?: typeof globalThis.fetch;
  /** Extra request headers; the provider's own auth headers take precedence. */
  headers?: Record<string, string>;
  /** Sees every attempt (request, response, retry), secrets redacted. */
  onEvent?: CancelEventListener;
  /** Allows plain http to non-loopback hosts. Credentials then travel unencrypted. */
  allowInsecureHttp?: boolean;
  /** Default concurrency of bulk runs. Default 8. */
  concurrency?: number;
  /**
   * The provider's request limits, shared by every call through this client. Default: the limits the provider
   * documents (declared by its package); without any, limits are learned from 429 answers. `false` turns pacing off.
   */
  rateLimits?: readonly RateLimit[] | false;
}

/** Per call; each option overrides the client's setting of the same name for this call. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  totalTimeoutMs?: number;
  retries?: number;
  headers?: Record<string, string>;
}

export const defaults = {
  timeoutMs: 10_000,
  retries: 2,
  retryDelayMs: 300,
  maxRetryDelayMs: 10_000,
  maxRetryAfterMs: 30_000,
  maxBodyBytes: 1024 * 1024,
  concurrency: 8,
} as const;

const integerLimits: Record<string, [number, number]> = {
  timeoutMs: [1, 2_147_483_647],
  totalTimeoutMs: [1, 2_147_483_647],
  retries: [0, 100],
  retryDelayMs: [0, 2_147_483_647],
  maxRetryDelayMs: [0, 2_147_483_647],
  maxRetryAfterMs: [0, 2_147_483_647],
  maxBodyBytes: [1, 1024 * 1024 * 1024],
  concurrency: [1, 10_000],
  batchSize: [1, 100_000],
};

/** What is wrong with the common options, or undefined. */
export function checkSettings(input: object): string | undefined {
  const options = input as Readonly<Record<string, unknown>>;
  for (const [name, [min, max]] of Object.entries(integerLimits)) {
    const value = options[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return `\`${name}\` must be a whole number from ${min} to ${max}, not ${JSON.stringify(value) ?? typeof value}`;
    }
  }
  for (const name of ['fetch', 'onEvent', 'onResult']) {
    if (options[name] !== undefined && typeof options[name] !== 'function')
      return `\`${name}\` must be a function`;
  }
  if (options.baseUrl !== undefined && typeof options.baseUrl !== 'string')
    return '`baseUrl` must be a string';
  const signal = options.signal as { aborted?: unknown } | undefined;
  if (
    signal !== undefined &&
    (typeof signal !== 'object' || signal === null || typeof signal.aborted !== 'boolean')
  ) {
    return '`signal` must be an AbortSignal';
  }
  const rateLimits = options.rateLimits;
  if (rateLimits !== undefined && rateLimits !== false) {
    const valid =
      Array.isArray(rateLimits) &&
      rateLimits.every(
        (rate: { limit?: unknown; intervalMs?: unknown }) =>
          Number.isInteger(rate?.limit) &&
          (rate.limit as number) > 0 &&
          Number.isInteger(rate?.intervalMs) &&
          (rate.intervalMs as number) > 0,
      );
    if (!valid)
      return '`rateLimits` must be false or a list of { limit, intervalMs } with positive whole numbers';
  }
  const headers = options.headers;
  if (headers !== undefined) {
    if (typeof headers !== 'object' || headers === null) return '`headers` must be an object of strings';
    for (const [name, value] of Object.entries(headers)) {
      if (
        typeof value !== 'string' ||
        hasControlCharacter(value) ||
        !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)
      ) {
        return `header ${JSON.stringify(name)} must be a valid header name with a string value without control characters`;
      }
    }
  }
  return undefined;
}
