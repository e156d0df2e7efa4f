import type { CallOptions, CancelClient } from '@cancel/core';
import { createClient } from '@cancel/core/provider';
import { fincartProvider } from './fincart-provider.js';
import type { FincartSettings } from './fincart-settings.js';

export type FincartClient = CancelClient<CallOptions>;

/**
 * A client for Fincart's bulk cancel endpoint. `cancelOrders` sends native batches of `batchSize` IDs;
 * `cancelOrder` sends a batch of one. The token is read at call time, from `token` or FINCART_TOKEN.
 */
export function createFincart(settings: FincartSettings = {}): FincartClient {
  return createClient<FincartSettings, CallOptions>(fincartProvider, settings);
}
