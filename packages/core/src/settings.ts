import { unsendableAt } from './characters.js';
import type { CancelEventListener } from './events.js';
import type { RateLimit } from './rate-limiter.js';
import { showValue } from './text.js';

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
  /**
   * The longest `Retry-After` of a 429 that is waited out: the client's limiter pauses every call for it and the
   * order is sent again (at most 5 times, its retries intact), rather than failed as `rate_limited`. Default in bulk
   * runs: `maxRetryAfterMs` (30 000), so nothing sleeps longer than that cap unless asked to; raise it for a run that
   * should wait out a longer window (the CLI's `--max-wait`). Single calls wait out nothing beyond `maxRetryAfterMs`
   * unless it is set on the client. Also a per-run option.
   */
  maxWaitMs?: number;
  /** Larger response bodies are not read and give `invalid_response`. Default 1 MiB. */
  maxBodyBytes?: number;
  /** A custom fetch, e.g. for a proxy or tests; called as `fetch(url, init)`, once per attempt. */
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
  /** See `ClientSettings.maxWaitMs`. */
  maxWaitMs?: number;
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

/**
 * A bulk run's options, checked: unless the client or the run sets `maxWaitMs`, a bulk run waits out what a single
 * call would wait for (`maxRetryAfterMs`), also once its retries are spent; a single call has no `maxWaitMs`.
 */
export const inBulkRun = <Checked extends { options: Resolved<object> }>(checked: Checked): Checked => ({
  ...checked,
  options: { maxWaitMs: checked.options.maxRetryAfterMs, ...checked.options },
});

export type Resolved<Options> = Options & ClientSettings & CallOptions & typeof defaults;

/** Merges options over the defaults; an option given as undefined keeps the default. */
export function resolveSettings<Options extends object>(
  ...layers: (object | undefined)[]
): Resolved<Options> {
  const resolved: Record<string, unknown> = { ...defaults };
  for (const layer of layers) {
    for (const [name, value] of Object.entries(layer ?? {})) if (value !== undefined) resolved[name] = value;
  }
  return resolved as Resolved<Options>;
}

const maxTimer = 2_147_483_647;
/** The whole-number options and their ranges: the client checks them, and the CLI checks its flags against them. */
export const optionRanges: Readonly<Record<string, readonly [number, number]>> = {
  timeoutMs: [1, maxTimer],
  totalTimeoutMs: [1, maxTimer],
  retries: [0, 100],
  retryDelayMs: [0, maxTimer],
  maxRetryDelayMs: [0, maxTimer],
  maxRetryAfterMs: [0, maxTimer],
  maxWaitMs: [0, maxTimer],
  maxBodyBytes: [1, 2 ** 30],
  concurrency: [1, 10_000],
  batchSize: [1, 100_000],
};

const isPositiveInteger = (value: unknown) => Number.isInteger(value) && (value as number) > 0;

/** What is wrong with the common options, or undefined. */
export function checkSettings(input: object): string | undefined {
  const options = input as Readonly<Record<string, unknown>>;
  for (const [name, [min, max]] of Object.entries(optionRanges)) {
    const value = options[name];
    if (
      value !== undefined &&
      !(Number.isInteger(value) && (value as number) >= min && (value as number) <= max)
    ) {
      return `\`${name}\` must be a whole number from ${min} to ${max}, not ${showValue(value)}`;
    }
  }
  for (const name of ['fetch', 'onEvent', 'onResult']) {
    if (options[name] !== undefined && typeof options[name] !== 'function')
      return `\`${name}\` must be a function`;
  }
  if (options.baseUrl !== undefined && typeof options.baseUrl !== 'string')
    return '`baseUrl` must be a string';
  const signal = options.signal as AbortSignal | undefined;
  if (
    signal !== undefined &&
    (typeof signal?.aborted !== 'boolean' || typeof signal.addEventListener !== 'function')
  ) {
    return '`signal` must be an AbortSignal';
  }
  const limits = options.rateLimits;
  if (
    limits !== undefined &&
    limits !== false &&
    !(
      Array.isArray(limits) &&
      limits.every((rate) => isPositiveInteger(rate?.limit) && isPositiveInteger(rate?.intervalMs))
    )
  ) {
    return '`rateLimits` must be false or a list of { limit, intervalMs } with positive whole numbers';
  }
  if (options.headers !== undefined && (typeof options.headers !== 'object' || options.headers === null)) {
    return '`headers` must be an object of strings';
  }
  for (const [name, value] of Object.entries((options.headers as object | undefined) ?? {})) {
    if (typeof value !== 'string' || unsendableAt(value) >= 0 || !/^[\w!#$%&'*+.^`|~-]+$/.test(name)) {
      return `header ${JSON.stringify(name)} in \`headers\` needs a valid name and a string value of Latin-1 characters without control characters`;
    }
  }
  return undefined;
}
