import type { CallOptions, CancelClient, ClientSettings } from '@cancel/core';
import type { ProviderSpec } from '@cancel/core/provider';
import { createFincart, fincartProvider } from '@cancel/fincart';
import { createFungies, fungiesProvider } from '@cancel/fungies';
import { createOfferGrid, offerGridProvider } from '@cancel/offergrid';
import { createSnappy, snappyProvider } from '@cancel/snappy';
import { createZinc, zincProvider } from '@cancel/zinc';
import { fincartSimulator } from './providers/fincart.js';
import { fungiesSimulator } from './providers/fungies.js';
import { offergridSimulator } from './providers/offergrid.js';
import type { ProviderSimulator, SimulatedApi } from './providers/simulator.js';
import { snappySimulator } from './providers/snappy.js';
import { zincSimulator } from './providers/zinc.js';

/** A built-in provider as the CLI and the tests compose it: its package's spec and factory. */
export interface BuiltInProvider {
  /** The single source of the provider's facts: ID, names, credentials, base URL, order-ID rule, limits. */
  readonly spec: ProviderSpec<never>;
  /** The package's `create<Provider>`; credentials go under the option names that `spec.credentials` declares. */
  readonly create: (settings: ClientSettings & Readonly<Record<string, unknown>>) => CancelClient;
}

interface Registered<Credentials, Id extends string, Status extends string> extends BuiltInProvider {
  readonly simulator: ProviderSimulator<Credentials, Id, Status>;
}

/** Pairs a package with its simulator, which takes its base path and declared limits from the spec. */
function register<Settings, Credentials, Id extends string, Status extends string>(
  spec: ProviderSpec<Settings & CallOptions>,
  create: (settings: Settings) => CancelClient,
  api: SimulatedApi<Credentials, Id, Status>,
): Registered<Credentials, Id, Status> {
  const simulator: ProviderSimulator<Credentials, Id, Status> = {
    ...api,
    basePath: `/${api.id}${new URL(spec.baseUrl).pathname.replace(/\/$/, '')}`,
    defaultRateLimits: spec.rateLimits ?? [],
  };
  // Each factory takes its own settings type; callers pass the options its spec declares, checked at run time.
  return { spec, create: create as BuiltInProvider['create'], simulator };
}

/**
 * Every built-in provider, in the contract's order: the package and the sandbox's simulator of its API. The
 * CLI, the sandbox, the tests and the scripts all read this list; a new provider is registered by one line here.
 */
export const registry = [
  register(zincProvider, createZinc, zincSimulator),
  register(offerGridProvider, createOfferGrid, offergridSimulator),
  register(snappyProvider, createSnappy, snappySimulator),
  register(fungiesProvider, createFungies, fungiesSimulator),
  register(fincartProvider, createFincart, fincartSimulator),
] as const;

export type ProviderId = (typeof registry)[number]['simulator']['id'];

/** The IDs of the built-in providers, in the contract's order. */
export const providerIds: readonly ProviderId[] = registry.map((entry) => entry.simulator.id);

/** The built-in providers' specs and factories, for the CLI and for tests that compose every provider. */
export const builtInProviders: readonly BuiltInProvider[] = registry.map(({ spec, create }) => ({
  spec,
  create,
}));

/** The prefix each provider's test credentials must have, by option name: any key with it is accepted. */
export const testKeyPrefixes = Object.fromEntries(
  registry.map(({ simulator }) => [simulator.id, simulator.testKeyPrefixes]),
) as Readonly<Record<ProviderId, Readonly<Record<string, string>>>>;
