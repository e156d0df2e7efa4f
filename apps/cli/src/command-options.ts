import type { ParseArgsOptionsConfig } from 'node:util';

const help = { type: 'boolean', short: 'h' } as const;

/** Flags that carry a credential, named after the factory option they fill (`apiKey` is `--api-key`). */
export const credentialFlags = [
  'api-key',
  'public-key',
  'secret-key',
  'token',
  'account-id',
  'company-id',
] as const;

export const cancelOptions = {
  help,
  file: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  failed: { type: 'string' },
  'env-file': { type: 'string' },
  'max-wait': { type: 'string' },
  rate: { type: 'string' },
  'base-url': { type: 'string' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  journal: { type: 'string' },
  resume: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  otlp: { type: 'string' },
  'api-key': { type: 'string' },
  'public-key': { type: 'string' },
  'secret-key': { type: 'string' },
  token: { type: 'string' },
  'account-id': { type: 'string' },
  'company-id': { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

export const demoOptions = { help } as const satisfies ParseArgsOptionsConfig;

export const sandboxOptions = {
  help,
  port: { type: 'string' },
  'no-rate-limits': { type: 'boolean' },
  'no-seed': { type: 'boolean' },
  orders: { type: 'string', multiple: true },
  'orders-file': { type: 'string' },
  'write-env': { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

/** Flags whose value is a number: `--retries -1` is then a value to check, not a missing one. */
export const numericFlags = ['--concurrency', '--timeout', '--retries', '--rate', '--port'];

export const topOptions = {
  help,
  version: { type: 'boolean', short: 'v' },
} as const satisfies ParseArgsOptionsConfig;

/** `apiKey` → `api-key`. */
export function flagForOption(option: string): string {
  return option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
