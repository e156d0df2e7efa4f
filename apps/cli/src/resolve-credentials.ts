import { credentialFlag } from '@cancel/core';
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

const controlCharacter = /\p{Cc}/u;

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
  const secrets: string[] = [];
  const missing: string[] = [];
  for (const credential of provider.credentials) {
    const flag = `--${credentialFlag(credential)}`;
    const flagValue = flags[credentialFlag(credential)];
    const value =
      (typeof flagValue === 'string' ? flagValue.trim() : undefined) || env[credential.env]?.trim();
    if (!value) {
      const how = acrossProviders
        ? `set ${credential.env} in the environment or the --env-file`
        : `pass ${flag} or set ${credential.env}`;
      if (!credential.optional) missing.push(`the ${provider.displayName} ${credential.label}: ${how}`);
      continue;
    }
    if (controlCharacter.test(value)) {
      throw new UsageError(
        `The ${provider.displayName} ${credential.label} (${flag} or ${credential.env}) contains a control character such as a newline; copy it again without them.`,
      );
    }
    values[credential.option] = value;
    if (!credential.public) secrets.push(value);
  }
  return { values, secrets, missing };
}

/** The usage error for missing credentials, one line each. */
export function missingCredentials(missing: readonly string[]): UsageError {
  if (missing.length === 1) return new UsageError(`Missing ${missing[0]}. Nothing was sent.`);
  return new UsageError(
    `Missing credentials; nothing was sent:${missing.map((line) => `\n  ${line}`).join('')}`,
  );
}
