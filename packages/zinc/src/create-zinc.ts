import type { CallOptions, CancelClient } from '@cancel/core';
import { createClient } from '@cancel/core/provider';
import { zincProvider } from './zinc-provider.js';
import type { ZincSettings } from './zinc-settings.js';

export type ZincClient = CancelClient<CallOptions>;

/**
 * A client for Zinc's `POST /orders/{id}/cancel`. Nothing is read or checked until the first call, so a
 * key set in `ZINC_API_KEY` after the client is created is still used.
 */
export function createZinc(settings: ZincSettings = {}): ZincClient {
  return createClient<ZincSettings, CallOptions>(zincProvider, settings);
}
