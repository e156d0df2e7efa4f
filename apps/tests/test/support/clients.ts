import type { CancelClient } from '@cancel/core';
import { builtInProviders, type ProviderId, type Sandbox } from '@cancel/sandbox';

/** Settings every provider factory takes; credentials come from the sandbox unless overridden. */
export type ClientOverrides = Record<string, unknown>;

// Every table below comes from the providers' specs, through the sandbox's registry of built-in providers.
const byId = new Map(builtInProviders.map((provider) => [provider.spec.id, provider]));

function builtIn(provider: ProviderId) {
  const found = byId.get(provider);
  if (!found) throw new Error(`No built-in provider ${provider}`);
  return found;
}

const perProvider = <Value>(value: (provider: ProviderId) => Value) =>
  Object.fromEntries(builtInProviders.map(({ spec }) => [spec.id, value(spec.id as ProviderId)])) as Record<
    ProviderId,
    Value
  >;

/** Short waits so that faults resolve in milliseconds, not the production seconds. */
export const fastRetries = { timeoutMs: 500, retryDelayMs: 5, maxRetryDelayMs: 20 } as const;

/** A client of the public factory, pointed at the sandbox with its test credentials. */
export function clientFor(
  sandbox: Sandbox,
  provider: ProviderId,
  overrides: ClientOverrides = {},
): CancelClient {
  const settings = { baseUrl: sandbox.baseUrls[provider], ...sandbox.credentials[provider], ...overrides };
  return builtIn(provider).create(settings);
}

/** The option names of each provider's secrets. */
export const secretOptions: Record<ProviderId, readonly string[]> = perProvider((provider) =>
  builtIn(provider)
    .spec.credentials.filter((credential) => !credential.public)
    .map((credential) => credential.option),
);

/** The environment variables each provider reads its credentials from. */
export const credentialVariables: Record<ProviderId, readonly string[]> = perProvider((provider) =>
  builtIn(provider).spec.credentials.map((credential) => credential.env),
);

/** The prefix the sandbox accepts for each secret, so a test can make up valid keys of its own. */
export { testKeyPrefixes } from '@cancel/sandbox';

/** What a successful cancel is called at each provider: a batch answer (Fincart's) confirms no single order. */
export const successOutcome = (provider: ProviderId) =>
  builtIn(provider).spec.batch ? 'requested' : 'cancelled';
