import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { createClient, defineProvider, path } from '../src/provider-entry.js';
import type { ClientSettings } from '../src/settings.js';

export const secretKey = 'sk_test_9f8e7d6c5b4a3210';

/** A minimal provider: POST /orders/{id}/cancel with a Bearer key; 200 {cancelled:true} or 409 {already:true}. */
export const exampleProvider = defineProvider({
  id: 'example',
  displayName: 'Example',
  factory: 'createExample',
  baseUrl: 'https://api.example.com',
  baseUrlEnv: 'EXAMPLE_BASE_URL',
  credentials: [{ option: 'apiKey', env: 'EXAMPLE_API_KEY', label: 'API key' }],
  orderId: { description: 'letters and digits', pattern: /^[A-Za-z0-9/?#%-]+$/ },
  request: (orderId, { credentials }) => ({
    method: 'POST',
    path: path`/orders/${orderId}/cancel`,
    headers: { authorization: `Bearer ${credentials.apiKey}` },
  }),
  success: (response) =>
    (response.body as { cancelled?: unknown } | undefined)?.cancelled === true
      ? { outcome: 'cancelled' }
      : { code: 'invalid_response', unexpected: 'a body without `cancelled: true`' },
  failure: (response) =>
    (response.body as { already?: unknown } | undefined)?.already
      ? { outcome: 'already_cancelled' }
      : undefined,
});

/** A provider that cancels in native batches (as Fincart does): POST /orders/cancel with `{ ids }`. */
export function batchingProvider(defaultSize: number) {
  return defineProvider({
    id: 'batcher',
    displayName: 'Batcher',
    factory: 'createBatcher',
    baseUrl: 'https://api.batcher.test',
    baseUrlEnv: 'BATCHER_BASE_URL',
    credentials: [{ option: 'token', env: 'BATCHER_TOKEN', label: 'token' }],
    orderId: { description: 'an ID' },
    batch: {
      defaultSize,
      maxSize: 10,
      request: (orderIds, { credentials }) => ({
        method: 'POST',
        path: path`/orders/cancel`,
        headers: { authorization: credentials.token },
        json: { ids: orderIds },
      }),
    },
    success: () => ({ outcome: 'requested' }),
  });
}

export function createExample(settings: ClientSettings & { apiKey?: string } = {}) {
  return createClient(exampleProvider, { apiKey: secretKey, retryDelayMs: 1, ...settings });
}

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(resolve);
        }),
    ),
  );
});

/** A real HTTP server on loopback, closed after each test. */
export async function startServer(handler: http.RequestListener) {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

export function json(
  response: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
