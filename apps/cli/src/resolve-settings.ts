import { type ClientSettings, checkBaseUrl, optionRanges, type RateLimit } from '@cancel/core';
import type { ProviderFacts } from './cli-provider.js';
import type { CancelValues } from './parse-command-line.js';
import { UsageError } from './usage-error.js';

/** The flags that tune every client, checked before credentials so that a typo is named first. */
export interface RunSettings {
  readonly concurrency?: number;
  readonly timeoutMs?: number;
  readonly retries?: number;
  /** `--rate N`: requests a second, for each provider. */
  readonly rate?: number;
  /** `--max-wait`: the longest Retry-After a bulk run waits out. */
  readonly maxWaitMs?: number;
  /** `--no-rate-limits`: no pacing to the documented limits (a sandbox, or an account with higher ones). */
  readonly noRateLimits?: boolean;
}

export function resolveRunSettings(values: CancelValues): RunSettings {
  return {
    concurrency: optional(values.concurrency, (text) =>
      wholeNumber('--concurrency', text, ...range('concurrency')),
    ),
    timeoutMs: optional(values.timeout, (text) => wholeNumber('--timeout', text, ...range('timeoutMs'))),
    retries: optional(values.retries, (text) => wholeNumber('--retries', text, ...range('retries'))),
    rate: optional(values.rate, (text) => wholeNumber('--rate', text, 1, 100_000)),
    maxWaitMs: optional(values['max-wait'], (text) => duration('--max-wait', text)),
    noRateLimits: values['no-rate-limits'] === true,
  };
}

/** One provider's client settings: the run's, its base URL, and its pacing (declared limits, then `--rate`). */
export function clientSettings(
  provider: ProviderFacts,
  run: RunSettings,
  baseUrlFlag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ClientSettings {
  const settings: ClientSettings = {};
  const baseUrl = baseUrlFlag ?? env[provider.baseUrlEnv]?.trim();
  if (baseUrl) {
    const source = baseUrlFlag === undefined ? provider.baseUrlEnv : '--base-url';
    // Core's own check, so the command accepts exactly what the library would send to.
    const wrong = checkBaseUrl(baseUrl, false)?.replace(/, or set allowInsecureHttp.*$/, '');
    if (wrong) throw new UsageError(`The base URL from ${source} is unusable: ${wrong}. Nothing was sent.`);
    settings.baseUrl = baseUrl;
  }
  if (run.concurrency !== undefined) settings.concurrency = run.concurrency;
  if (run.timeoutMs !== undefined) settings.timeoutMs = run.timeoutMs;
  if (run.retries !== undefined) settings.retries = run.retries;
  // Core's bulk wait-out: a 429 whose Retry-After is within it pauses the provider's client instead of failing.
  if (run.maxWaitMs !== undefined) settings.maxWaitMs = run.maxWaitMs;
  const limits = effectiveRateLimits(provider, run.rate, run.noRateLimits);
  if (limits !== undefined) settings.rateLimits = limits;
  return settings;
}

/** The declared limits with `--rate N` added: the stricter always holds, so the rate never exceeds them. */
export function effectiveRateLimits(
  provider: ProviderFacts,
  rate: number | undefined,
  noRateLimits = false,
): readonly RateLimit[] | false | undefined {
  if (noRateLimits && rate === undefined) return false;
  const declared = noRateLimits ? [] : (provider.rateLimits ?? []);
  if (rate === undefined) return declared.length > 0 ? declared : undefined;
  return [...declared, { limit: rate, intervalMs: 1000 }];
}

/** Core's range for an option, so a flag accepts exactly what the client would. */
const range = (option: string): [number, number] => {
  const [min, max] = optionRanges[option]!;
  return [min, max];
};

const optional = <T>(text: string | undefined, read: (text: string) => T): T | undefined =>
  text === undefined ? undefined : read(text);

export function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(
      `${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text.slice(0, 40))}.`,
    );
  }
  return value;
}

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `90s`, `5m`, `1h`, `500ms`; a bare number is seconds. */
export function duration(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const value = match ? Math.round(Number(match[1]) * units[match[2] ?? 's']!) : Number.NaN;
  if (!Number.isSafeInteger(value) || value > optionRanges.maxWaitMs![1]) {
    throw new UsageError(
      `${flag} takes a duration such as 90s, 5m or 1h (a bare number is seconds), not ${JSON.stringify(text.slice(0, 40))}.`,
    );
  }
  return value;
}
