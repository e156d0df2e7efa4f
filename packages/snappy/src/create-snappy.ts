import type { CallOptions, CancelClient } from '@cancel/core';
import { createClient } from '@cancel/core/provider';
import { snappyProvider } from './snappy-provider.js';
import type { SnappySettings } from './snappy-settings.js';

export type SnappyClient = CancelClient<CallOptions>;

/**
 * A client for Snappy's `POST /v3/orders/{orderId}/cancel`. Credentials are read at call time, from the
 * options or SNAPPY_API_KEY, SNAPPY_ACCOUNT_ID and SNAPPY_COMPANY_ID.
 */
export function createSnappy(settings: SnappySettings = {}): SnappyClient {
  return createClient<SnappySettings, CallOptions>(snappyProvider, settings);
}
