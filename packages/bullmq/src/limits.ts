import type { RateLimit } from '@cancel/core';

/** What a provider's queue is limited to: at most `max` jobs started in any `duration` ms, across all workers. */
export interface QueueLimiter {
  readonly max: number;
  readonly duration: number;
}

/**
 * BullMQ honours a manual rate limit (`queue.rateLimit`, after a 429) only on a queue with a limiter, so a
 * provider without a documented limit still gets one, high enough never to bind.
 */
const unboundedLimiter: QueueLimiter = { max: 100_000, duration: 1000 };

/**
 * BullMQ's window starts when its first job starts; the provider's starts when that job's request arrives, some
 * milliseconds later, and more on a loaded machine. A window 100 ms (and 2%) longer keeps a window-counting
 * provider from seeing `limit + 1` when one window's first request is late and the next one's is not: at 5% +
 * 20 ms, 4 workers on 2 busy cores still met a 429 in about one run of four.
 */
const withMargin = (intervalMs: number) => Math.ceil(intervalMs * 1.02 + 100);

/**
 * BullMQ keeps one limit per queue, so of several documented limits (OfferGrid: 100 a minute and 10,000 an
 * hour) the one with the lowest sustained rate is kept; with a fixed window it also bounds the bursts.
 */
export function queueLimiter(limits: readonly RateLimit[] | false | undefined): QueueLimiter {
  if (!limits || limits.length === 0) return unboundedLimiter;
  const strictest = limits.reduce((kept, limit) =>
    limit.limit / limit.intervalMs < kept.limit / kept.intervalMs ? limit : kept,
  );
  return { max: strictest.limit, duration: withMargin(strictest.intervalMs) };
}
