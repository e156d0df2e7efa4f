import { abortableSleep } from './abortable-sleep.js';
import { TimestampLog } from './timestamp-log.js';

/** At most `limit` requests in any `intervalMs`. */
export interface RateLimit {
  readonly limit: number;
  readonly intervalMs: number;
}

// Requests reach the server a little later than they leave; a slightly longer window keeps a window-counting
// server from ever seeing limit + 1.
const windowMargin = (intervalMs: number) => intervalMs * 0.02 + 5;
const cleanWindowsBeforeRecovery = 10;
// While no limit is known, requests in flight start at 8 and double every 250 ms (TCP's slow start, on a clock):
// a client that meets an unknown limit at full concurrency would otherwise have every request in flight refused.
const slowStartInFlight = 8;
const slowStartDoublingMs = 250;
const idleRestartMs = 1000;
const minimumToLearn = 5;

/**
 * Paces every request of one client. A sliding log never lets more than `limit` requests start in any window,
 * which stays within a server's fixed window, sliding window or token bucket alike. Declared limits come from
 * the provider package (or the user); without them the limiter learns a limit from the first 429: how many
 * requests were accepted in the window that ended in a 429, the window being one second or, when the server's
 * `Retry-After` is longer, that long. A 429 also pauses every call until `Retry-After`. After ten clean windows
 * the learned limit rises by a quarter, so a lowered limit recovers.
 */
export class RateLimiter {
  #limits: RateLimit[];
  readonly #declared: readonly RateLimit[];
  readonly #sent = new TimestampLog();
  readonly #accepted = new TimestampLog();
  #pausedUntil = 0;
  #lastLimited = 0;
  #inFlight = 0;
  #slowStartAt = 0;
  #lastRelease = Number.NEGATIVE_INFINITY;
  readonly #waiters = new Set<() => void>();
  readonly #now: () => number;

  constructor(declared: readonly RateLimit[] = [], now: () => number = Date.now) {
    this.#declared = declared;
    this.#limits = [...declared];
    this.#now = now;
  }

  get limits(): readonly RateLimit[] {
    return this.#limits;
  }

  /** Requests started and not yet answered. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Waits until a request may start, then counts it as started and in flight until `release()`. */
  async acquire(signal?: AbortSignal): Promise<void> {
    while (!this.tryAcquire()) {
      const now = this.#now();
      const wait = this.#waitTime(now);
      if (wait > 0) await abortableSleep(wait, signal);
      else if (this.#inFlight >= this.#inFlightCap(now)) await this.#slotFreed(signal);
    }
  }

  /** `acquire()` without the wait: true when the request may start now (and is counted), false otherwise. */
  tryAcquire(): boolean {
    const now = this.#now();
    // After a quiet second the slow start begins again, as TCP's does after idle.
    if (this.#inFlight === 0 && now - this.#lastRelease > idleRestartMs) this.#slowStartAt = now;
    if (this.#waitTime(now) > 0 || this.#inFlight >= this.#inFlightCap(now)) return false;
    this.#sent.push(now);
    this.#inFlight++;
    return true;
  }

  /** Ends what `acquire()` started: one call for every acquire that resolved. */
  release(): void {
    this.#inFlight--;
    this.#lastRelease = this.#now();
    if (this.#waiters.size === 0) return;
    for (const wake of this.#waiters) wake();
    this.#waiters.clear();
  }

  #inFlightCap(now: number): number {
    if (this.#limits.length > 0) return Number.POSITIVE_INFINITY;
    return slowStartInFlight * 2 ** Math.floor((now - this.#slowStartAt) / slowStartDoublingMs);
  }

  /** Resolves at the next release; someone is always in flight while a waiter waits, so one always comes. */
  #slotFreed(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        this.#waiters.delete(wake);
        reject(signal?.reason);
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.#waiters.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Learns from every answer: a 429 pauses everyone and lowers the limit; others count as accepted. */
  observe(status: number, retryAfterMs: number | undefined): void {
    const now = this.#now();
    if (status !== 429) {
      this.#accepted.push(now);
      this.#recover(now);
      return;
    }
    this.#pausedUntil = Math.max(this.#pausedUntil, now + (retryAfterMs ?? 1000));
    const intervalMs =
      retryAfterMs !== undefined && retryAfterMs > 1000 ? Math.ceil(retryAfterMs / 1000) * 1000 : 1000;
    const accepted = this.#accepted.countSince(now - intervalMs);
    this.#lastLimited = now;
    // A 429 after a handful of requests says "wait", not how many requests fit in a window: learning from it
    // would clamp a quiet client to a crawl.
    if (accepted < minimumToLearn) return;
    const current = this.#limits.find((limit) => limit.intervalMs === intervalMs);
    const learned = { limit: Math.min(current?.limit ?? Number.POSITIVE_INFINITY, accepted), intervalMs };
    this.#limits = [...this.#limits.filter((limit) => limit.intervalMs !== intervalMs), learned];
  }

  #recover(now: number): void {
    let longest = 1000;
    for (const { intervalMs } of this.#limits) longest = Math.max(longest, intervalMs);
    if (now - this.#lastLimited < longest * cleanWindowsBeforeRecovery) return;
    this.#lastLimited = now;
    this.#limits = this.#limits.map((limit) => {
      const declared = this.#declared.find((candidate) => candidate.intervalMs === limit.intervalMs);
      const raised = Math.ceil(limit.limit * 1.25);
      return { ...limit, limit: declared ? Math.min(declared.limit, raised) : raised };
    });
  }

  #waitTime(now: number): number {
    let wait = this.#pausedUntil - now;
    let longest = 0;
    for (const { limit, intervalMs } of this.#limits) {
      const window = intervalMs + windowMargin(intervalMs);
      longest = Math.max(longest, window);
      const oldestInWindow = this.#sent.fromEnd(limit);
      if (oldestInWindow !== undefined && oldestInWindow > now - window) {
        wait = Math.max(wait, oldestInWindow + window - now);
      }
    }
    this.#sent.trim(now - longest);
    this.#accepted.trim(now - Math.max(longest, 60_000));
    return wait;
  }
}
