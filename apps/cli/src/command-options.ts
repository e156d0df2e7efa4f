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
  'base-url': { type: 'string' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  journal: { type: 'string' },
  resume: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'api-key': { type: 'string' },
  'public-key': { type: 'string' },
  'secret-key': { type: 'string' },
  token: { type: 'string' },
  'account-id': { type: 'string' },
  'company-id': { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

export const demoOptions = { help } as const satisfies ParseArgsOptionsConfig;

export const sandboxOptions = { help, port: { type: 'string' } } as const satisfies ParseArgsOptionsConfig;

export const topOptions = {
  help,
  version: { type: 'boolean', short: 'v' },
} as const satisfies ParseArgsOptionsConfig;

/** `apiKey` → `api-key`. */
export function flagForOption(option: string): string {
  return option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
