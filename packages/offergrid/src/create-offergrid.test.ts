import { inspect } from 'node:util';
import { recordingFetch } from '@cancel/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiKey, offerGridAnswering, orderId } from '../test/offergrid-fake.js';
import { createOfferGrid } from './create-offergrid.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createOfferGrid', () => {
  it('sends PATCH /reseller/orders/{id}/cancel with x-api-key and no body', async () => {
    const { client, requests } = offerGridAnswering([{ status: 200 }]);
    const result = await client.cancelOrder(orderId);
    expect(result).toMatchObject({
      ok: true,
      value: { provider: 'offergrid', orderId, outcome: 'cancelled' },
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'PATCH',
      url: `https://api.offergrid.io/reseller/orders/${orderId}/cancel`,
      body: '',
    });
    expect(requests[0]!.headers['x-api-key']).toBe(apiKey);
    expect(requests[0]!.headers.authorization).toBeUndefined();
  });

  it('sends a reason as the JSON body, the call’s own over the client’s', async () => {
    const { client, requests } = offerGridAnswering([{ status: 200 }], { reason: 'Customer moved' });
    await client.cancelOrder(orderId);
    await client.cancelOrder(orderId, { reason: 'Duplicate order' });
    expect(requests.map((request) => request.json)).toEqual([
      { reason: 'Customer moved' },
      { reason: 'Duplicate order' },
    ]);
    expect(requests[0]!.headers['content-type']).toContain('application/json');
  });

  it.each([
    ['empty', '  '],
    ['too long', 'x'.repeat(1001)],
    ['not a string', 42 as unknown as string],
  ])('refuses a reason that is %s with invalid_input, before any request', async (_, reason) => {
    const { client, requests } = offerGridAnswering([{ status: 200 }]);
    const result = await client.cancelOrder(orderId, { reason });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toContain('`reason`');
    expect(requests).toHaveLength(0);
  });

  it('percent-encodes the ID as one path segment', async () => {
    const { client, requests } = offerGridAnswering([{ status: 200 }]);
    await client.cancelOrder('a/b?c#d%e');
    expect(requests[0]!.url).toBe('https://api.offergrid.io/reseller/orders/a%2Fb%3Fc%23d%25e/cancel');
  });

  it.each([
    ['a relative segment', '..'],
    ['whitespace', 'ord 1'],
    ['empty', ''],
  ])('rejects an order ID with %s before any request', async (_, badId) => {
    const { client, requests } = offerGridAnswering([{ status: 200 }]);
    const result = await client.cancelOrder(badId);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(requests).toHaveLength(0);
  });

  it('reads OFFERGRID_API_KEY and OFFERGRID_BASE_URL at call time; the local dev server needs no opt-in', async () => {
    const { client, requests } = offerGridAnswering([{ status: 200 }], { apiKey: undefined });
    vi.stubEnv('OFFERGRID_API_KEY', 'og_from_environment');
    vi.stubEnv('OFFERGRID_BASE_URL', 'http://localhost:3000');
    const result = await client.cancelOrder(orderId);
    expect(result.ok).toBe(true);
    expect(requests[0]!.url).toBe(`http://localhost:3000/reseller/orders/${orderId}/cancel`);
    expect(requests[0]!.headers['x-api-key']).toBe('og_from_environment');
  });

  it('refuses plain http to a remote host, so the key is never sent unencrypted', async () => {
    const { client, requests } = offerGridAnswering([{ status: 200 }], {
      baseUrl: 'http://api.offergrid.io',
    });
    const result = await client.cancelOrder(orderId);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(requests).toHaveLength(0);
  });

  it('fails with missing_credentials, naming OFFERGRID_API_KEY, before any request', async () => {
    vi.stubEnv('OFFERGRID_API_KEY', '');
    const { client, requests } = offerGridAnswering([{ status: 200 }], { apiKey: undefined });
    const result = await client.cancelOrder(orderId);
    expect(result).toMatchObject({ ok: false, error: { code: 'missing_credentials' } });
    if (!result.ok) expect(result.error.message).toContain('OFFERGRID_API_KEY');
    expect(requests).toHaveLength(0);
  });

  it('shows no key when the client is logged or serialised', () => {
    const client = createOfferGrid({ apiKey });
    expect(inspect(client)).not.toContain(apiKey);
    expect(JSON.stringify(client)).not.toContain(apiKey);
  });
});

describe('cancelOrders at OfferGrid', () => {
  it('returns one entry per ID in input order, with the reason sent for each', async () => {
    const server = recordingFetch((request) =>
      request.url.includes('/ord_2/')
        ? {
            status: 400,
            body: { statusCode: 400, message: 'Order cannot be cancelled in its current status' },
          }
        : { status: 200 },
    );
    const offerGrid = createOfferGrid({ apiKey, fetch: server.fetch });
    async function* ids() {
      yield 'ord_1';
      yield 'ord_2';
      yield '..';
      yield 'ord_3';
    }
    const report = await offerGrid.cancelOrders(ids(), { concurrency: 2, reason: 'Store closed' });
    expect(report.results.map((entry) => [entry.orderId, entry.result.ok])).toEqual([
      ['ord_1', true],
      ['ord_2', false],
      ['..', false],
      ['ord_3', true],
    ]);
    expect(report.counts).toMatchObject({ total: 4, succeeded: 2, failed: 2 });
    expect(report.counts.errors).toEqual({ not_cancellable: 1, invalid_input: 1 });
    expect(server.requests.map((request) => request.json)).toEqual(
      Array.from({ length: 3 }, () => ({ reason: 'Store closed' })),
    );
  });
});
