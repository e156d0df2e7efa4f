import type { CancelClient } from '@cancel/core';
import { createFincart } from '@cancel/fincart';
import { createFungies } from '@cancel/fungies';
import { createOfferGrid } from '@cancel/offergrid';
import type { ProviderId, Sandbox } from '@cancel/sandbox';
import { createSnappy } from '@cancel/snappy';
import { createZinc } from '@cancel/zinc';

/** Settings every provider factory takes; credentials come from the sandbox unless overridden. */
export type ClientOverrides = Record<string, unknown>;

const factories: Record<ProviderId, (settings: never) => CancelClient> = {
  zinc: createZinc,
  offergrid: createOfferGrid,
  snappy: createSnappy,
  fungies: createFungies,
  fincart: createFincart,
};

/** Short waits so that faults resolve in milliseconds, not the production seconds. */
export const fastRetries = { timeoutMs: 500, retryDelayMs: 5, maxRetryDelayMs: 20 } as const;

/** A client of the public factory, pointed at the sandbox with its test credentials. */
export function clientFor(
  sandbox: Sandbox,
  provider: ProviderId,
  overrides: ClientOverrides = {},
): CancelClient {
  const settings = { baseUrl: sandbox.baseUrls[provider], ...sandbox.credentials[provider], ...overrides };
  return factories[provider](settings as never);
}

/** The option names of each provider's secrets. */
export const secretOptions: Record<ProviderId, readonly string[]> = {
  zinc: ['apiKey'],
  offergrid: ['apiKey'],
  snappy: ['apiKey'],
  fungies: ['publicKey', 'secretKey'],
  fincart: ['token'],
};

/** The environment variables each provider reads its credentials from. */
export const credentialVariables: Record<ProviderId, readonly string[]> = {
  zinc: ['ZINC_API_KEY'],
  offergrid: ['OFFERGRID_API_KEY'],
  snappy: ['SNAPPY_API_KEY', 'SNAPPY_ACCOUNT_ID', 'SNAPPY_COMPANY_ID'],
  fungies: ['FUNGIES_PUBLIC_KEY', 'FUNGIES_SECRET_KEY'],
  fincart: ['FINCART_TOKEN'],
};

/** The prefix the sandbox accepts for each secret, so a test can make up valid keys of its own. */
export const testKeyPrefixes: Record<ProviderId, Record<string, string>> = {
  zinc: { apiKey: 'zn_test_' },
  offergrid: { apiKey: 'og_test_' },
  snappy: { apiKey: 'snappy_test_' },
  fungies: { publicKey: 'pub_test_', secretKey: 'sec_test_' },
  fincart: { token: 'fincart_test_' },
};

/** What a successful cancel is called at each provider: Fincart's bulk answer confirms no single order. */
export const successOutcome = (provider: ProviderId) => (provider === 'fincart' ? 'requested' : 'cancelled');
