import type { CancelClient } from '@cancel/core';
import { createClient } from '@cancel/core/provider';
import { offerGridProvider } from './offergrid-provider.js';
import type { OfferGridCallOptions, OfferGridSettings } from './offergrid-settings.js';

export type OfferGridClient = CancelClient<OfferGridCallOptions>;

/**
 * A client for OfferGrid's `PATCH /reseller/orders/{id}/cancel`. Nothing is read or checked until the first
 * call, so a key set in `OFFERGRID_API_KEY` after the client is created is still used.
 */
export function createOfferGrid(settings: OfferGridSettings = {}): OfferGridClient {
  return createClient<OfferGridSettings, OfferGridCallOptions>(offerGridProvider, settings);
}
