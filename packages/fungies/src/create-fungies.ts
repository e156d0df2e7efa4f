import type { CallOptions, CancelClient } from '@cancel/core';
import { createClient } from '@cancel/core/provider';
import { fungiesProvider } from './fungies-provider.js';
import type { FungiesSettings } from './fungies-settings.js';

export type FungiesClient = CancelClient<CallOptions>;

/**
 * A client for Fungies' `PATCH /v0/orders/{orderIdOrNumber}/cancel`. Both keys are read at call time, from
 * the options or FUNGIES_PUBLIC_KEY and FUNGIES_SECRET_KEY.
 */
export function createFungies(settings: FungiesSettings = {}): FungiesClient {
  return createClient<FungiesSettings, CallOptions>(fungiesProvider, settings);
}
