import type { ParseArgsOptionsConfig } from 'node:util';
import { credentialFlag } from '@cancel/core';
import type { ProviderFacts } from './cli-provider.js';

const help = { type: 'boolean', short: 'h' } as const;

export const cancelOptions = {
  help,
  file: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  failed: { type: 'string' },
  'env-file': { type: 'string' },
  'max-wait': { type: 'string' },
  rate: { type: 'string' },
  'no-rate-limits': { type: 'boolean' },
  'base-url': { type: 'string' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  journal: { type: 'string' },
  resume: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  otlp: { type: 'string' },
  queue: { type: 'string' },
  'run-id': { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

/** The run's flags plus one per credential the providers declare (`--api-key`, `--token`, …), from their specs. */
export function cancelOptionsWith(credentialFlags: readonly string[]): ParseArgsOptionsConfig {
  const options: ParseArgsOptionsConfig = { ...cancelOptions };
  for (const flag of credentialFlags) options[flag] = { type: 'string' };
  return options;
}

/** Every credential flag the providers declare, without dashes, each once. */
export function credentialFlagsOf(providers: readonly Pick<ProviderFacts, 'credentials'>[]): string[] {
  return [...new Set(providers.flatMap((provider) => provider.credentials.map(credentialFlag)))];
}

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
