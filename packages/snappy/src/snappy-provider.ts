import { defineProvider, path } from '@cancel/core/provider';
import { interpretSnappyFailure } from './snappy-failure.js';
import { interpretSnappySuccess } from './snappy-success.js';

export const snappyProvider = defineProvider({
  id: 'snappy',
  displayName: 'Snappy',
  factory: 'createSnappy',
  baseUrl: 'https://api.snappy.com/public-api',
  baseUrlEnv: 'SNAPPY_BASE_URL',
  credentials: [
    { option: 'apiKey', env: 'SNAPPY_API_KEY', label: 'API key' },
    // Identifiers that narrow the request to an account or company; they stay readable in errors and events.
    { option: 'accountId', env: 'SNAPPY_ACCOUNT_ID', label: 'account ID', optional: true, public: true },
    { option: 'companyId', env: 'SNAPPY_COMPANY_ID', label: 'company ID', optional: true, public: true },
  ],
  orderId: {
    description: 'a Snappy order ID of at least 8 letters and digits, such as G7nR4bD9mK',
    pattern: /^[A-Za-z0-9]{8,}$/,
  },
  request: (orderId, { credentials }) => ({
    method: 'POST',
    path: path`/v3/orders/${orderId}/cancel`,
    headers: {
      'x-api-key': credentials.apiKey,
      ...(credentials.accountId ? { 'snappy-account-id': credentials.accountId } : {}),
      ...(credentials.companyId ? { 'snappy-company-id': credentials.companyId } : {}),
    },
  }),
  // Documented: 100 requests a second per company, which one API key stands for.
  rateLimits: [{ limit: 100, intervalMs: 1_000 }],
  success: interpretSnappySuccess,
  failure: interpretSnappyFailure,
});
