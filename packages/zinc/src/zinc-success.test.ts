import { describe, expect, it } from 'vitest';
import { orderId, zincAnswering } from '../test/zinc-fake.js';

describe('a 2xx answer from Zinc', () => {
  it('is cancelled on the documented 204', async () => {
    const { client } = zincAnswering([{ status: 204 }]);
    const result = await client.cancelOrder(orderId);
    expect(result).toEqual({
      ok: true,
      value: { provider: 'zinc', orderId, outcome: 'cancelled', attempts: 1, status: 204 },
    });
  });

  it('is cancelled, with cancelledAt, when an order object says it is cancelled', async () => {
    const body = { id: orderId, status: 'cancelled', cancelled_at: '2026-04-27T10:00:00+02:00' };
    const { client } = zincAnswering([{ status: 200, body }]);
    const result = await client.cancelOrder(orderId);
    expect(result).toMatchObject({
      ok: true,
      value: { outcome: 'cancelled', cancelledAt: '2026-04-27T08:00:00.000Z', raw: body },
    });
  });

  it('is only requested on a 202, which confirms nothing yet', async () => {
    const { client } = zincAnswering([{ status: 202 }]);
    const result = await client.cancelOrder(orderId);
    expect(result).toMatchObject({ ok: true, value: { outcome: 'requested' } });
  });

  it.each([
    ['an order still pending', { status: 200, body: { id: orderId, status: 'pending' } }],
    ['an HTML page', { status: 200, body: '<html><body>Welcome</body></html>' }],
    ['a JSON array', { status: 200, body: [] }],
  ])('is invalid_response, not success, for %s', async (_, answer) => {
    const { client } = zincAnswering([answer]);
    const result = await client.cancelOrder(orderId);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_response');
    expect(result.error.retryable).toBe(false);
  });
});
