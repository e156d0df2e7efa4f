import { codeForStatus, isRetryableCode } from './cancel-error.js';

export interface RetrySettings {
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  readonly maxRetryAfterMs: number;
}

/** What one attempt came to, as far as retrying is concerned. */
export type AttemptResult =
  | { readonly status: number; readonly retryAfterMs: number | undefined }
  | { readonly code: 'network' | 'timeout' | 'aborted' | 'invalid_response' };

/**
 * Whether the answer itself is worth another attempt: 408, 429, 5xx, network errors and timeouts. The same rule as
 * the `retryable` of the error the answer would end as.
 */
export const isRetryable = (result: AttemptResult): boolean =>
  isRetryableCode('code' in result ? result.code : codeForStatus(result.status));

/** A `Retry-After` beyond the cap ends the call at once, with `retryAfterMs`: never a long sleep. */
export const waitsTooLong = (result: AttemptResult, settings: RetrySettings): boolean =>
  'status' in result && (result.retryAfterMs ?? 0) > settings.maxRetryAfterMs;

/**
 * The wait in ms before retry number `retry` (1 for the first retry), or undefined when the call ends with this
 * result. A usable `Retry-After` is waited exactly; otherwise exponential backoff with equal jitter (between half
 * and all of each step, so the backoff still grows), each step at most `maxRetryDelayMs`. Never negative.
 */
export function retryDelay(
  result: AttemptResult,
  retry: number,
  settings: RetrySettings,
  random: () => number = Math.random,
): number | undefined {
  if (retry > settings.retries || !isRetryable(result) || waitsTooLong(result, settings)) return undefined;
  if ('status' in result && result.retryAfterMs !== undefined) return result.retryAfterMs;
  const step = Math.min(settings.maxRetryDelayMs, settings.retryDelayMs * 2 ** (retry - 1));
  return step / 2 + (random() * step) / 2;
}
