import type { RateLimit } from '@cancel/core';

interface Lane {
  /** Requests this run expects to send to the provider. */
  expected: number;
  done: number;
  readonly limits: readonly RateLimit[];
}

// The client's limiter leaves a little room at the end of each window (see core's rate-limiter.ts).
const windowWithMargin = (intervalMs: number) => intervalMs * 1.02 + 5;

/**
 * Time left, per provider, from both what pacing allows and what the run has shown so far; the run ends with
 * its slowest provider. Pacing counts from the start: 3,000 OfferGrid orders at its declared 100 a minute say
 * "about 30 minutes" after the first burst of 100, not the "30 seconds" their first second's rate suggests.
 */
export class Eta {
  readonly #lanes = new Map<string, Lane>();

  constructor(
    expected: ReadonlyMap<string, number>,
    limits: (provider: string) => readonly RateLimit[],
    private readonly startedAt: number,
  ) {
    for (const [provider, count] of expected)
      this.#lanes.set(provider, { expected: count, done: 0, limits: limits(provider) });
  }

  /** An order finished (`sent`) or was left out without a request (skipped, or named again). */
  finished(provider: string, sent: boolean): void {
    const lane = this.#lanes.get(provider);
    if (!lane) return;
    if (sent) lane.done++;
    else lane.expected--;
  }

  /** Milliseconds left, or undefined while nothing says how fast the run goes. */
  remainingMs(now: number): number | undefined {
    const elapsed = now - this.startedAt;
    let longest = 0;
    for (const lane of this.#lanes.values()) {
      const left = lane.expected - lane.done;
      if (left <= 0) continue;
      let paced = 0;
      for (const { limit, intervalMs } of lane.limits) {
        const finishAt = Math.floor((lane.expected - 1) / limit) * windowWithMargin(intervalMs);
        paced = Math.max(paced, finishAt - elapsed);
      }
      const observed = lane.done > 0 && elapsed > 0 ? (left * elapsed) / lane.done : undefined;
      if (observed === undefined && paced === 0) return undefined;
      longest = Math.max(longest, paced, observed ?? 0);
    }
    return longest;
  }
}
