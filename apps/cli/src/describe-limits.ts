import type { RateLimit } from '@cancel/core';

const unit = (ms: number) =>
  ms === 1000 ? 'a second' : ms === 60_000 ? 'a minute' : ms === 3_600_000 ? 'an hour' : `per ${ms} ms`;

/** `100 requests a minute and 10,000 requests an hour`. */
export function describeLimits(limits: readonly RateLimit[]): string {
  return limits
    .map((limit) => `${limit.limit.toLocaleString('en-US')} requests ${unit(limit.intervalMs)}`)
    .join(' and ');
}
