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
export function queueLimiter(
  limits: readonly RateLimit[] | false | undefined,
  ordersPerJob = 1,
): QueueLimiter {
  const strictest = strictestLimit(limits);
  if (!strictest) return unboundedLimiter;
  return {
    max: Math.max(1, Math.floor(strictest.limit / ordersPerJob)),
    duration: withMargin(strictest.intervalMs),
  };
}

const strictestLimit = (limits: readonly RateLimit[] | false | undefined) =>
  limits && limits.length > 0
    ? limits.reduce((kept, limit) =>
        limit.limit / limit.intervalMs < kept.limit / kept.intervalMs ? limit : kept,
      )
    : undefined;

const maxOrdersPerJob = 10;

/**
 * Orders per job at a provider that cancels one order per request. A job costs BullMQ the same Redis work
 * whatever it carries, so a few orders per job (sent at once) make the queue's cost per order a fraction of
 * a job's. The limiter counts jobs, so the number divides the limit exactly: the largest divisor up to 10
 * (Snappy's 100 a second: 10 jobs of 10).
 */
export function ordersPerJob(limits: readonly RateLimit[] | false | undefined): number {
  const strictest = strictestLimit(limits);
  if (!strictest) return maxOrdersPerJob;
  for (let size = Math.min(maxOrdersPerJob, strictest.limit); size > 1; size--) {
    if (strictest.limit % size === 0) return size;
  }
  return 1;
}
