import { defineProvider, path } from '@cancel/core/provider';
import { interpretOfferGridFailure } from './offergrid-failure.js';
import { checkOfferGridOptions } from './offergrid-settings.js';
import { interpretOfferGridSuccess } from './offergrid-success.js';

export const offerGridProvider = defineProvider({
  id: 'offergrid',
  displayName: 'OfferGrid',
  factory: 'createOfferGrid',
  baseUrl: 'https://api.offergrid.io',
  baseUrlEnv: 'OFFERGRID_BASE_URL',
  credentials: [{ option: 'apiKey', env: 'OFFERGRID_API_KEY', label: 'API key' }],
  // OfferGrid documents the ID only as a string; core still refuses whitespace, control characters and `.`/`..`.
  orderId: { description: 'an OfferGrid order ID such as ord_8f2k3j', maxLength: 256 },
  request: (orderId, { credentials, options }) => ({
    method: 'PATCH',
    path: path`/reseller/orders/${orderId}/cancel`,
    headers: { 'x-api-key': credentials.apiKey },
    ...(options.reason === undefined ? {} : { json: { reason: options.reason } }),
  }),
  // Documented: bursts of 100 requests a minute, and 10,000 an hour.
  rateLimits: [
    { limit: 100, intervalMs: 60_000 },
    { limit: 10_000, intervalMs: 3_600_000 },
  ],
  success: interpretOfferGridSuccess,
  failure: interpretOfferGridFailure,
  checkOptions: checkOfferGridOptions,
});
