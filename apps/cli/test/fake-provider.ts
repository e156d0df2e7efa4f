import type { ClientSettings } from '@cancel/core';
import { createClient, defineProvider, path } from '@cancel/core/provider';
import { type FakeAnswer, type RecordedRequest, recordingFetch } from '@cancel/core/testing';
import type { CliProvider } from '../src/cli-provider.js';

interface AcmeSettings extends ClientSettings {
  apiKey?: string;
}

/** A provider named `acme` whose answers the test decides; IDs are digits, the key is ACME_API_KEY. */
export function fakeProvider(respond: (request: RecordedRequest) => FakeAnswer = () => ({ status: 204 })) {
  const spec = defineProvider({
    id: 'acme',
    displayName: 'Acme',
    factory: 'createAcme',
    baseUrl: 'https://api.acme.test',
    baseUrlEnv: 'ACME_BASE_URL',
    credentials: [{ option: 'apiKey', env: 'ACME_API_KEY', label: 'API key' }],
    orderId: { description: 'a number such as 1001', pattern: /^\d+$/ },
    request: (orderId, { credentials }) => ({
      method: 'POST',
      path: path`/orders/${orderId}/cancel`,
      headers: { authorization: `Bearer ${credentials.apiKey}` },
    }),
    success: () => ({ outcome: 'cancelled' }),
    failure: (response) => (response.status === 409 ? { outcome: 'already_cancelled' } : undefined),
  });
  const recorder = recordingFetch((request) => respond(request));
  const provider: CliProvider = {
    spec,
    create: (settings, credentials) =>
      createClient<AcmeSettings>(spec, { retries: 0, fetch: recorder.fetch, ...settings, ...credentials }),
  };
  return { provider, requests: recorder.requests };
}

/** The order ID in a recorded request's path. */
export function orderIdOf(request: RecordedRequest): string {
  return decodeURIComponent(new URL(request.url).pathname.split('/')[2]!);
}
