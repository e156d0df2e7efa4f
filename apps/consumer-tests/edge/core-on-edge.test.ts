import { CancelError } from '@cancel/core';
import { createClient, defineProvider, path } from '@cancel/core/provider';
import { recordingFetch } from '@cancel/core/testing';
import { expect, test } from 'vitest';

// The built @cancel/core (through its package exports, as users import it) on the edge runtime's web globals.
const edgeProvider = defineProvider({
  id: 'edge',
  displayName: 'Edge',
  factory: 'createEdge',
  baseUrl: 'https://api.example.com',
  baseUrlEnv: 'EDGE_BASE_URL',
  credentials: [{ option: 'apiKey', env: 'EDGE_API_KEY', label: 'API key' }],
  orderId: { description: 'letters and digits', pattern: /^[A-Za-z0-9-]+$/ },
  request: (orderId, { credentials }) => ({
    method: 'POST',
    path: path`/orders/${orderId}/cancel`,
    headers: { authorization: `Bearer ${credentials.apiKey}` },
    json: { reason: 'customer request' },
  }),
  success: (response) =>
    (response.body as { status?: unknown } | undefined)?.status === 'cancelled'
      ? { outcome: 'cancelled' }
      : { code: 'invalid_response', unexpected: 'no `status: cancelled`' },
});

test('runs in the edge runtime, not plain Node', () => {
  expect((globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe('edge-runtime');
});

test('createClient cancels an order through recordingFetch', async () => {
  const recorder = recordingFetch(() => ({ status: 200, body: { status: 'cancelled' } }));
  const client = createClient(edgeProvider, { apiKey: 'sk_edge_secret', fetch: recorder.fetch });
  const result = await client.cancelOrder('order-1');
  expect(result.ok && result.value.outcome).toBe('cancelled');
  expect(recorder.requests).toHaveLength(1);
  expect(recorder.requests[0]).toMatchObject({
    method: 'POST',
    url: 'https://api.example.com/orders/order-1/cancel',
    json: { reason: 'customer request' },
  });
  expect(recorder.requests[0]!.headers.authorization).toBe('Bearer sk_edge_secret');
});

test('retries a 503 and reports a 404 as a CancelError without the secret', async () => {
  const recorder = recordingFetch((_request, attempt) =>
    attempt === 1 ? { status: 503 } : { status: 404, body: { error: 'no such order' } },
  );
  const client = createClient(edgeProvider, {
    apiKey: 'sk_edge_secret',
    fetch: recorder.fetch,
    retries: 1,
    retryDelayMs: 1,
  });
  const result = await client.cancelOrder('order-2');
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(CancelError.isInstance(result.error)).toBe(true);
  expect(result.error.code).toBe('not_found');
  expect(result.error.attempts).toBe(2);
  expect(JSON.stringify(result.error)).not.toContain('sk_edge_secret');
});

test('a bulk run streams every result with bounded concurrency', async () => {
  const recorder = recordingFetch(() => ({ status: 200, body: { status: 'cancelled' } }));
  const client = createClient(edgeProvider, { apiKey: 'sk_edge_secret', fetch: recorder.fetch });
  const report = await client.cancelOrders(['a-1', 'a-2', 'a-3'], { concurrency: 2 });
  expect(report.counts.succeeded).toBe(3);
  expect(report.results.map((entry) => entry.orderId)).toEqual(['a-1', 'a-2', 'a-3']);
});
