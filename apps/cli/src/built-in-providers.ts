import { createFincart, fincartProvider } from '@cancel/fincart';
import { createFungies, fungiesProvider } from '@cancel/fungies';
import { createOfferGrid, offerGridProvider } from '@cancel/offergrid';
import { createSnappy, snappyProvider } from '@cancel/snappy';
import { createZinc, zincProvider } from '@cancel/zinc';
import type { CliProvider } from './cli-provider.js';

/** The five providers, in the contract's order. Credentials arrive resolved, so no factory reads the environment. */
export const builtInProviders: readonly CliProvider[] = [
  { spec: zincProvider, create: (settings, { apiKey }) => createZinc({ ...settings, apiKey }) },
  { spec: offerGridProvider, create: (settings, { apiKey }) => createOfferGrid({ ...settings, apiKey }) },
  {
    spec: snappyProvider,
    create: (settings, { apiKey, accountId, companyId }) =>
      createSnappy({ ...settings, apiKey, accountId, companyId }),
  },
  {
    spec: fungiesProvider,
    create: (settings, { publicKey, secretKey }) => createFungies({ ...settings, publicKey, secretKey }),
  },
  { spec: fincartProvider, create: (settings, { token }) => createFincart({ ...settings, token }) },
];
