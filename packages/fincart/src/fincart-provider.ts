import { defineProvider, path } from '@cancel/core/provider';
import { interpretFincartFailure } from './fincart-failure.js';
import { fincartBatchSize } from './fincart-settings.js';
import { interpretFincartSuccess } from './fincart-success.js';

export const fincartProvider = defineProvider({
  id: 'fincart',
  displayName: 'Fincart',
  factory: 'createFincart',
  baseUrl: 'https://api.fincart.io',
  baseUrlEnv: 'FINCART_BASE_URL',
  credentials: [{ option: 'token', env: 'FINCART_TOKEN', label: 'token' }],
  orderId: {
    description: 'a Fincart order ID: up to 256 characters without spaces or control characters',
  },
  batch: {
    defaultSize: fincartBatchSize.default,
    maxSize: fincartBatchSize.max,
    request: (orderIds, { credentials }) => ({
      method: 'POST',
      path: path`/v4/orders/cancel`,
      // Fincart takes the portal token as is; a `Bearer` prefix would be part of the token to it.
      headers: { authorization: credentials.token, 'content-type': 'application/json' },
      json: { filters: { ids: orderIds } },
    }),
  },
  success: interpretFincartSuccess,
  failure: interpretFincartFailure,
});
