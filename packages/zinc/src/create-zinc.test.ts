import { inspect } from 'node:util';
import { recordingFetch } from '@cancel/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiKey, orderId, zincAnswering } from '../test/zinc-fake.js';
import { createZinc } from './create-zinc.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createZinc', () => {
  it('sends POST /orders/{id}/cancel with a Bearer key and no body', async () => {
    const { client, requests } = zincAnswering([{ status: 204 }]);
    const result = await client.cancelOrder(orderId);
    expect(result).toMatchObject({ ok: true, value: { provider: 'zinc', orderId, outcome: 'cancelled' } });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: `https://api.zinc.com/orders/${orderId}/cancel`,
      body: '',
    });
    expect(requests[0]!.headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it('reads ZINC_API_KEY and ZINC_BASE_URL at call time, not when the client is created', async () => {
    const { client, requests } = zincAnswering([{ status: 204 }], { apiKey: undefined });
    vi.stubEnv('ZINC_API_KEY', 'zn_live_from_environment');
    vi.stubEnv('ZINC_BASE_URL', 'http://127.0.0.1:4010/');
    await client.cancelOrder(orderId);
    expect(requests[0]!.url).toBe(`http://127.0.0.1:4010/orders/${orderId}/cancel`);
    expect(requests[0]!.headers.authorization).toBe('Bearer zn_live_from_environment');
  });

  it('appends the path to a baseUrl option, which wins over ZINC_BASE_URL', async () => {
    vi.stubEnv('ZINC_BASE_URL', 'https://elsewhere.example');
    const { client, requests } = zincAnswering([{ status: 204 }], { baseUrl: 'https://proxy.example/zinc/' });
    await client.cancelOrder(orderId);
    expect(requests[0]!.url).toBe(`https://proxy.example/zinc/orders/${orderId}/cancel`);
  });

  it('keeps its own Authorization header over a user header of the same name', async () => {
    const { client, requests } = zincAnswering([{ status: 204 }], {
      headers: { Authorization: 'Bearer other', 'x-trace': 'abc' },
    });
    await client.cancelOrder(orderId);
    expect(requests[0]!.headers).toMatchObject({ authorization: `Bearer ${apiKey}`, 'x-trace': 'abc' });
  });

  it('fails with missing_credentials, naming ZINC_API_KEY, before any request', async () => {
    vi.stubEnv('ZINC_API_KEY', '');
    const { client, requests } = zincAnswering([{ status: 204 }], { apiKey: undefined });
    const result = await client.cancelOrder(orderId);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('missing_credentials');
    expect(result.error.message).toContain('ZINC_API_KEY');
    expect(requests).toHaveLength(0);
  });

  it.each([
    ['not a UUID', '12345'],
    ['a path that climbs out of /orders', '../admin'],
    ['a relative segment', '..'],
    ['a UUID with a suffix', `${orderId}/cancel`],
    ['empty', ''],
  ])('rejects an order ID that is %s with invalid_input, before any request', async (_, badId) => {
    const { client, requests } = zincAnswering([{ status: 204 }]);
    const result = await client.cancelOrder(badId);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toMatch(/Zinc order ID/);
    expect(requests).toHaveLength(0);
  });

  it('accepts an upper-case UUID', async () => {
    const { client, requests } = zincAnswering([{ status: 204 }]);
    const result = await client.cancelOrder(orderId.toUpperCase());
    expect(result.ok).toBe(true);
    expect(requests[0]!.url).toContain(orderId.toUpperCase());
  });

  it('shows no key when the client is logged or serialised', () => {
    const client = createZinc({ apiKey });
    expect(inspect(client)).not.toContain(apiKey);
    expect(JSON.stringify(client)).not.toContain(apiKey);
    expect(client.provider).toBe('zinc');
  });
});

describe('cancelOrders at Zinc', () => {
  it('returns one entry per ID in input order; a bad ID or a refusal stops none of the others', async () => {
    const refused = '00000000-0000-4000-8000-000000000002';
    const server = recordingFetch((request) =>
      request.url.includes(refused)
        ? { status: 409, body: { code: 'order_not_cancellable', details: { status: 'order_placed' } } }
        : { status: 204 },
    );
    const zinc = createZinc({ apiKey, fetch: server.fetch });
    const report = await zinc.cancelOrders([orderId, 'nope', refused]);
    expect(report.results.map((entry) => [entry.orderId, entry.result.ok])).toEqual([
      [orderId, true],
      ['nope', false],
      [refused, false],
    ]);
    expect(report.counts).toMatchObject({ total: 3, succeeded: 1, failed: 2 });
    expect(report.counts.errors).toEqual({ invalid_input: 1, not_cancellable: 1 });
    expect(server.requests).toHaveLength(2);
  });
});
