import { credentialFlag } from '@cancel/core';
import { resolveCredentials as checkCredentials } from '@cancel/core/provider';
import type { ProviderFacts } from './cli-provider.js';
import { UsageError } from './usage-error.js';

export interface ResolvedCredentials {
  /** By factory option: `{ apiKey }`. */
  readonly values: Readonly<Record<string, string>>;
  /** Secret values, kept out of everything the command prints. */
  readonly secrets: readonly string[];
  /** One line per required credential that was found nowhere: `the API key: pass --api-key or set ZINC_API_KEY`. */
  readonly missing: readonly string[];
}

/**
 * Resolved before anything is sent, so that a missing key is one usage error (exit 2), not a failure per order.
 * Messages name the flag and the variable, never a value. `flags` is empty in a run across providers, where
 * credentials come from the environment or --env-file only.
 */
export function resolveCredentials(
  provider: ProviderFacts,
  flags: Readonly<Record<string, string | boolean | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
  acrossProviders = false,
  /** Credential flags of every provider, to tell a flag meant for another provider from a run flag. */
  otherCredentialFlags: readonly string[] = [],
): ResolvedCredentials {
  const accepted = provider.credentials.map(credentialFlag);
  for (const flag of Object.keys(flags)) {
    if (flags[flag] !== undefined && otherCredentialFlags.includes(flag) && !accepted.includes(flag)) {
      throw new UsageError(
        `${provider.displayName} takes no --${flag}; its credentials are ${accepted.map((name) => `--${name}`).join(', ')}. See cancel-order ${provider.id} --help.`,
      );
    }
  }
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const credential of provider.credentials) {
    const flag = `--${credentialFlag(credential)}`;
    const flagValue = flags[credentialFlag(credential)];
    const value =
      (typeof flagValue === 'string' ? flagValue.trim() : undefined) || env[credential.env]?.trim();
    if (value) values[credential.option] = value;
    else if (!credential.optional) {
      const how = acrossProviders
        ? `set ${credential.env} in the environment or the --env-file`
        : `pass ${flag} or set ${credential.env}`;
      missing.push(`the ${provider.displayName} ${credential.label}: ${how}`);
    }
  }
  // Core's own check of what was found (control characters, invisible spaces, non-Latin letters that HTTP
  // headers cannot carry), so the command refuses exactly what the client would, before anything is sent.
  // Strings only, so core answers at once, without a promise.
  const checked = checkCredentials(provider.credentials, values, {
    provider: provider.id,
    displayName: provider.displayName,
    factory: provider.factory,
  });
  if (!(checked instanceof Promise) && !checked.ok && checked.error.code === 'invalid_input') {
    throw new UsageError(`${inCommandWords(checked.error.message, provider)} Nothing was sent.`);
  }
  const secrets = provider.credentials
    .filter((credential) => !credential.public && values[credential.option] !== undefined)
    .map((credential) => values[credential.option]!);
  return { values, secrets, missing };
}

/** Core names a credential by its factory option (`apiKey`); the command's user knows its flag (`--api-key`). */
function inCommandWords(message: string, provider: ProviderFacts): string {
  let words = message;
  for (const credential of provider.credentials) {
    words = words.replaceAll(`\`${credential.option}\``, `--${credentialFlag(credential)}`);
  }
  return words;
}

/** The usage error for missing credentials, one line each. */
export function missingCredentials(missing: readonly string[]): UsageError {
  if (missing.length === 1) return new UsageError(`Missing ${missing[0]}. Nothing was sent.`);
  return new UsageError(
    `Missing credentials; nothing was sent:${missing.map((line) => `\n  ${line}`).join('')}`,
  );
}
