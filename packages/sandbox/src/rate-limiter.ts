import { simulators } from './providers/index.js';
import { type ProviderId, providerIds, type RateLimit, type RateLimitSetting } from './types.js';

interface Window extends RateLimit {
  start: number;
  count: number;
}

/** Throws on a limit that could not mean anything, so a typo is not silently "no limit". */
function checkLimit(provider: string, limit: RateLimit | undefined): void {
  if (limit === undefined) return;
  const valid =
    typeof limit === 'object' &&
    limit !== null &&
    Number.isInteger(limit.limit) &&
    limit.limit >= 0 &&
    Number.isFinite(limit.intervalMs) &&
    limit.intervalMs > 0;
  if (!valid) {
    throw new TypeError(
      `Invalid rate limit for ${provider}: expected { limit: whole number >= 0, intervalMs: > 0 }`,
    );
  }
}

/** Fixed windows per provider, as an account-wide limit would count them. */
export class RateLimiter {
  private windows = new Map<ProviderId, Window[]>();

  constructor(setting: RateLimitSetting | undefined) {
    this.configure(setting);
  }

  /** `true`/undefined: the documented limits; `false`: none; an object: the documented ones, overridden. */
  configure(setting: RateLimitSetting | undefined): void {
    if (
      setting !== undefined &&
      typeof setting !== 'boolean' &&
      (typeof setting !== 'object' || setting === null)
    ) {
      throw new TypeError('rateLimits must be a boolean or an object of { limit, intervalMs } by provider');
    }
    const overrides = typeof setting === 'object' ? setting : {};
    for (const [provider, limit] of Object.entries(overrides)) {
      if (!(providerIds as readonly string[]).includes(provider)) {
        throw new TypeError(`Unknown provider ${JSON.stringify(provider)} in rateLimits`);
      }
      checkLimit(provider, limit);
    }
    const windows = new Map<ProviderId, Window[]>();
    if (setting !== false) {
      for (const provider of providerIds) {
        const override = overrides[provider];
        const limits = override ? [override] : simulators[provider].defaultRateLimits;
        windows.set(
          provider,
          limits.map((limit) => ({
            limit: limit.limit,
            intervalMs: limit.intervalMs,
            start: Number.NEGATIVE_INFINITY,
            count: 0,
          })),
        );
      }
    }
    this.windows = windows;
  }

  /** Counts one request; returns the seconds to wait when it is over a limit, else undefined. */
  hit(provider: ProviderId, now = Date.now()): number | undefined {
    let waitMs: number | undefined;
    for (const window of this.windows.get(provider) ?? []) {
      if (now >= window.start + window.intervalMs) {
        window.start = now;
        window.count = 0;
      }
      window.count++;
      if (window.count > window.limit) waitMs = Math.max(waitMs ?? 0, window.start + window.intervalMs - now);
    }
    return waitMs === undefined ? undefined : Math.max(1, Math.ceil(waitMs / 1000));
  }

  reset(): void {
    for (const windows of this.windows.values()) {
      for (const window of windows) {
        window.start = Number.NEGATIVE_INFINITY;
        window.count = 0;
      }
    }
  }
}
