import { credentialFlag } from '@cancel/core';
import { checkCredentials } from '@cancel/core/provider';
import type { ProviderFacts } from './cli-provider.js';
import { UsageError } from './usage-error.js';

export interface ResolvedCredentials {
  /** By factory option: `{ apiKey }`. */
  readonly values: Readonly<Record<string, string>>;
  /** Secret values, kept out of everything the command prints. */
  readonly secrets: readonly string[];
  /** One line per required credential that was found nowhere: `the API key: pass --api-key or set ZINC_API_KEY`. */
  readonly missing: readonly string[];
  /**
   * One line per credential that is there but cannot be used (a character HTTP headers cannot carry): a mistake
   * to fix whatever the run, unlike one found nowhere. The caller reports these with every other problem.
   */
  readonly unusable: readonly string[];
}

/**
 * Resolved before anything is sent, so that a missing key is one usage error (exit 2), not a failure per order.
 * Which value wins, trimming, the character check and optional or public credentials are core's rule, the one
 * every client applies; only the words are the command's. Messages name the flag and the variable, never a
 * value. `flags` is empty in a run across providers, where credentials come from the environment or
 * --env-file only.
 */
export function resolveCredentials(
  provider: ProviderFacts,
  flags: Readonly<Record<string, string | boolean | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
  acrossProviders = false,
  /** Credential flags of every provider, to tell a flag meant for another provider from a run flag. */
  otherCredentialFlags: readonly string[] = [],
): ResolvedCredentials {
  refuseOtherProvidersFlags(provider, flags, otherCredentialFlags);
  const given = Object.fromEntries(
    provider.credentials.map((credential) => [credential.option, flags[credentialFlag(credential)]]),
  );
  const { credentials, secrets, problems } = checkCredentials(provider.credentials, given, env, {
    provider: provider.id,
    displayName: provider.displayName,
    factory: provider.factory,
  });
  const missing: string[] = [];
  const unusable: string[] = [];
  for (const { credential, error } of problems) {
    if (error.code !== 'missing_credentials')
      unusable.push(inCommandWords(error.message, provider, acrossProviders));
    else {
      const how = acrossProviders
        ? `set ${credential.env} in the environment or the --env-file`
        : `pass --${credentialFlag(credential)} or set ${credential.env}`;
      missing.push(`the ${provider.displayName} ${credential.label}: ${how}`);
    }
  }
  return { values: credentials, secrets, missing, unusable };
}

function refuseOtherProvidersFlags(
  provider: ProviderFacts,
  flags: Readonly<Record<string, string | boolean | undefined>>,
  otherCredentialFlags: readonly string[],
): void {
  const accepted = provider.credentials.map(credentialFlag);
  for (const flag of Object.keys(flags)) {
    if (flags[flag] !== undefined && otherCredentialFlags.includes(flag) && !accepted.includes(flag)) {
      throw new UsageError(
        `${provider.displayName} takes no --${flag}; its credentials are ${accepted.map((name) => `--${name}`).join(', ')}. See cancel-order ${provider.id} --help.`,
      );
    }
  }
}

/** Every problem with one provider's credentials, one line each: the unusable ones, then the missing ones. */
export function credentialProblems(
  provider: ProviderFacts,
  unusable: readonly string[],
  missing: readonly string[],
): UsageError {
  const lines = [...unusable, ...missing.map((line) => `missing ${line}`)];
  if (lines.length === 1) return new UsageError(`${lines[0]} Nothing was sent.`);
  return new UsageError(
    `The ${provider.displayName} credentials have ${lines.length} problems; nothing was sent:${lines.map((line) => `\n  ${line}`).join('')}`,
  );
}

/**
 * Core names a credential by its factory option (`apiKey`); the command's user knows its flag (`--api-key`), or,
 * in a run across providers, which takes no credential flags, only its variable.
 */
function inCommandWords(message: string, provider: ProviderFacts, acrossProviders: boolean): string {
  let words = message;
  for (const credential of provider.credentials) {
    const option = `\`${credential.option}\``;
    words = acrossProviders
      ? words.replaceAll(`${option} or `, '')
      : words.replaceAll(option, `--${credentialFlag(credential)}`);
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
