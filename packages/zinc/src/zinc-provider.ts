import { defineProvider, path } from '@cancel/core/provider';
import { interpretZincFailure } from './zinc-failure.js';
import { interpretZincSuccess } from './zinc-success.js';

export const zincProvider = defineProvider({
  id: 'zinc',
  displayName: 'Zinc',
  factory: 'createZinc',
  baseUrl: 'https://api.zinc.com',
  baseUrlEnv: 'ZINC_BASE_URL',
  credentials: [{ option: 'apiKey', env: 'ZINC_API_KEY', label: 'API key' }],
  orderId: {
    description: 'a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6',
    pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  },
  request: (orderId, { credentials }) => ({
    method: 'POST',
    path: path`/orders/${orderId}/cancel`,
    headers: { authorization: `Bearer ${credentials.apiKey}` },
  }),
  success: interpretZincSuccess,
  failure: interpretZincFailure,
});
