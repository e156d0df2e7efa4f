import { describe, expect, it } from 'vitest';
import { offerGridAnswering, orderId } from '../test/offergrid-fake.js';

describe('a 2xx answer from OfferGrid', () => {
  it.each([
    ['no body', undefined],
    ['a message', { message: 'Order successfully cancelled' }],
    ['the cancelled order', { id: orderId, status: 'cancelled' }],
    ['the cancelled order in data', { data: { id: orderId, status: 'cancelled' } }],
  ])('is cancelled with %s', async (_, body) => {
    const { client } = offerGridAnswering([{ status: 200, body }]);
    const result = await client.cancelOrder(orderId);
    expect(result).toMatchObject({ ok: true, value: { outcome: 'cancelled', attempts: 1, status: 200 } });
  });

  it('gives cancelledAt in ISO 8601 when the order carries it', async () => {
    const body = { id: orderId, status: 'cancelled', cancelledAt: '2026-04-27T10:00:00.000Z' };
    const { client } = offerGridAnswering([{ status: 200, body }]);
    const result = await client.cancelOrder(orderId);
    expect(result).toMatchObject({ ok: true, value: { cancelledAt: '2026-04-27T10:00:00.000Z', raw: body } });
  });

  it.each([
    ['an order that is still accepted', { order: { id: orderId, status: 'accepted' } }],
    ['success: false', { success: false, message: 'Could not cancel' }],
    ['an HTML page', '<!doctype html><p>Maintenance</p>'],
    ['a JSON array', []],
  ])('is invalid_response, not success, for %s', async (_, body) => {
    const { client } = offerGridAnswering([{ status: 200, body }]);
    const result = await client.cancelOrder(orderId);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_response', retryable: false } });
  });
});
