import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AttemptResult,
  isRetryable,
  type RetrySettings,
  retryDelay,
  waitsTooLong,
} from './retry-policy.js';

const settings: RetrySettings = {
  retries: 3,
  retryDelayMs: 100,
  maxRetryDelayMs: 1_000,
  maxRetryAfterMs: 30_000,
};
const answer = (status: number, retryAfterMs?: number): AttemptResult => ({ status, retryAfterMs });

describe('retry policy', () => {
  it.each([408, 429, 500, 502, 503, 504, 599])('retries HTTP %i', (status) => {
    expect(isRetryable(answer(status))).toBe(true);
  });

  it.each([200, 204, 301, 307, 400, 401, 403, 404, 409, 422])('never retries HTTP %i', (status) => {
    expect(isRetryable(answer(status))).toBe(false);
    expect(retryDelay(answer(status), 1, settings)).toBeUndefined();
  });

  it('retries network errors and timeouts, never an abort or an unusable answer', () => {
    expect(isRetryable({ code: 'network' })).toBe(true);
    expect(isRetryable({ code: 'timeout' })).toBe(true);
    expect(isRetryable({ code: 'aborted' })).toBe(false);
    expect(isRetryable({ code: 'invalid_response' })).toBe(false);
  });

  it('stops after the allowed retries', () => {
    expect(retryDelay(answer(503), 3, settings)).toBeDefined();
    expect(retryDelay(answer(503), 4, settings)).toBeUndefined();
    expect(retryDelay(answer(503), 1, { ...settings, retries: 0 })).toBeUndefined();
  });

  it('waits a usable Retry-After exactly, without jitter', () => {
    expect(retryDelay(answer(429, 2_000), 1, settings, () => 0.7)).toBe(2_000);
    expect(retryDelay(answer(503, 0), 2, settings, () => 0.7)).toBe(0);
  });

  it('ends the call at once when Retry-After is beyond the cap', () => {
    expect(waitsTooLong(answer(429, 30_001), settings)).toBe(true);
    expect(waitsTooLong(answer(429, 30_000), settings)).toBe(false);
    expect(retryDelay(answer(429, 30_001), 1, settings)).toBeUndefined();
  });

  it('backs off exponentially with equal jitter, each step capped, never negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.constantFrom<AttemptResult>(answer(503), answer(429), { code: 'network' }, { code: 'timeout' }),
        (retry, random, result) => {
          const step = Math.min(settings.maxRetryDelayMs, settings.retryDelayMs * 2 ** (retry - 1));
          const delay = retryDelay(result, retry, settings, () => random)!;
          expect(delay).toBeGreaterThanOrEqual(step / 2);
          expect(delay).toBeLessThanOrEqual(step);
        },
      ),
    );
  });
});
