import { defineProvider, path } from '@cancel/core/provider';
import { interpretFungiesFailure } from './fungies-failure.js';
import { fungiesOrderIdPattern } from './fungies-order-id.js';
import { interpretFungiesSuccess } from './fungies-success.js';

export const fungiesProvider = defineProvider({
  id: 'fungies',
  displayName: 'Fungies',
  factory: 'createFungies',
  baseUrl: 'https://api.fungies.io',
  baseUrlEnv: 'FUNGIES_BASE_URL',
  credentials: [
    { option: 'publicKey', env: 'FUNGIES_PUBLIC_KEY', label: 'public key' },
    { option: 'secretKey', env: 'FUNGIES_SECRET_KEY', label: 'secret key' },
  ],
  orderId: {
    description:
      'a Fungies order UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6, or an order number such as #A1B2C3D4E5F6 or 1042',
    pattern: fungiesOrderIdPattern,
  },
  request: (orderId, { credentials }) => ({
    method: 'PATCH',
    // A leading `#` of an order number is percent-encoded by `path` (`%23`), so it is not read as a fragment.
    path: path`/v0/orders/${orderId}/cancel`,
    headers: {
      'x-fngs-public-key': credentials.publicKey,
      'x-fngs-secret-key': credentials.secretKey,
    },
    json: {},
  }),
  success: interpretFungiesSuccess,
  failure: interpretFungiesFailure,
});
