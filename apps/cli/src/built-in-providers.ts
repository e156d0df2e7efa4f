import type { CancelClient, ClientSettings } from '@cancel/core';
import { createFincart, fincartProvider } from '@cancel/fincart';
import { createFungies, fungiesProvider } from '@cancel/fungies';
import { createOfferGrid, offerGridProvider } from '@cancel/offergrid';
import { createSnappy, snappyProvider } from '@cancel/snappy';
import { createZinc, zincProvider } from '@cancel/zinc';
import type { CliProvider, ProviderFacts } from './cli-provider.js';

/** A provider as the command uses it: its spec, and its factory given the settings and credentials resolved. */
function builtIn<Settings extends ClientSettings>(
  spec: ProviderFacts,
  factory: (settings: Settings) => CancelClient,
): CliProvider {
  return { spec, create: (settings, credentials) => factory({ ...settings, ...credentials } as Settings) };
}

/** The five providers, in the contract's order. Everything else the command knows of them comes from the spec. */
export const builtInProviders: readonly CliProvider[] = [
  builtIn(zincProvider, createZinc),
  builtIn(offerGridProvider, createOfferGrid),
  builtIn(snappyProvider, createSnappy),
  builtIn(fungiesProvider, createFungies),
  builtIn(fincartProvider, createFincart),
];
