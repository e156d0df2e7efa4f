import { type ClientSettings, isLoopbackHost } from '@cancel/core';
import type { ProviderFacts } from './cli-provider.js';
import type { CancelValues } from './parse-command-line.js';
import { UsageError } from './usage-error.js';

/** The flags that tune the client, checked here so that a typo is a usage error rather than a failure per order. */
export function resolveSettings(
  provider: ProviderFacts,
  values: CancelValues,
  env: Readonly<Record<string, string | undefined>>,
): ClientSettings {
  const settings: ClientSettings = {};
  const baseUrl = values['base-url'] ?? env[provider.baseUrlEnv]?.trim();
  if (baseUrl) {
    const source = values['base-url'] === undefined ? provider.baseUrlEnv : '--base-url';
    const wrong = checkBaseUrl(baseUrl);
    if (wrong) throw new UsageError(`The base URL from ${source} is unusable: ${wrong}. Nothing was sent.`);
    settings.baseUrl = baseUrl;
  }
  if (values.concurrency !== undefined)
    settings.concurrency = wholeNumber('--concurrency', values.concurrency, 1, 10_000);
  if (values.timeout !== undefined)
    settings.timeoutMs = wholeNumber('--timeout', values.timeout, 1, 2_147_483_647);
  if (values.retries !== undefined) settings.retries = wholeNumber('--retries', values.retries, 0, 100);
  return settings;
}

export function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(
      `${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text.slice(0, 40))}.`,
    );
  }
  return value;
}

/** Credentials travel over https only, or plain http to this machine (a sandbox). */
function checkBaseUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'it is not an absolute URL; use one such as https://api.example.com or http://127.0.0.1:4010/zinc';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `it uses ${url.protocol}; use https:`;
  if (url.username || url.password)
    return 'it contains a user name or password; pass credentials with their flags';
  if (url.search || url.hash) return 'it contains a query or fragment; give only the origin and path';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return `plain http to ${url.host} would send your credentials unencrypted; use https`;
  }
  return undefined;
}
