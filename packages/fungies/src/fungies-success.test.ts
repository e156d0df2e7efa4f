import { describe, expect, it } from 'vitest';
import {
  cancelled,
  cancelledOrder,
  fakeFungies,
  orderUuid,
  publicKey,
  secretKey,
} from '../test/fungies-fake.js';
import { createFungies } from './create-fungies.js';

async function cancelWith(answer: { status: number; body?: unknown }, orderId = orderUuid) {
  const fake = fakeFungies(() => answer);
  return createFungies({ publicKey, secretKey, fetch: fake.fetch, retries: 0 }).cancelOrder(orderId);
}

const withOrder = (order: object) => ({ status: 200, body: { status: 'success', data: { order } } });

describe('a 200 from Fungies', () => {
  it('is cancelled when the order comes back CANCELLED, with the body as raw', async () => {
    const result = await cancelWith(cancelled);
    expect(result).toEqual({
      ok: true,
      value: {
        provider: 'fungies',
        orderId: orderUuid,
        outcome: 'cancelled',
        attempts: 1,
        status: 200,
        raw: cancelled.body,
      },
    });
  });

  it('tolerates fields and enum values Fungies may add', async () => {
    const result = await cancelWith(
      withOrder({ ...cancelledOrder, currency: 'XTS', object: 'order_v2', gift: true }),
    );
    expect(result.ok && result.value.outcome).toBe('cancelled');
  });

  it('matches a UUID whatever its letter case', async () => {
    const result = await cancelWith(cancelled, orderUuid.toUpperCase());
    expect(result.ok && result.value.outcome).toBe('cancelled');
  });

  it('is cancelled for an order number, whatever number form comes back', async () => {
    const result = await cancelWith(cancelled, '1042');
    expect(result.ok && result.value.outcome).toBe('cancelled');
  });

  it.each(['PAID', 'ON_HOLD'])(
    'is invalid_response when the order is %s rather than CANCELLED',
    async (status) => {
      const answer = withOrder({ ...cancelledOrder, status });
      const result = await cancelWith(answer);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('invalid_response');
      expect(result.error.message).toContain(`status ${status} rather than CANCELLED`);
      expect(result.error.details).toEqual(answer.body);
    },
  );

  it('is invalid_response when it describes another order', async () => {
    const result = await cancelWith(
      withOrder({ ...cancelledOrder, id: '9b2e4c1a-0000-4000-8000-000000000001' }),
    );
    expect(!result.ok && result.error.code).toBe('invalid_response');
  });

  it.each([
    ['an error envelope', { status: 'error', error: { message: 'Order already cancelled' } }],
    ['no order', { status: 'success', data: {} }],
    ['an HTML page', '<html>Bad gateway</html>'],
    ['an empty body', undefined],
  ])('is invalid_response for %s', async (_, body) => {
    const result = await cancelWith({ status: 200, body });
    expect(!result.ok && result.error.code).toBe('invalid_response');
  });
});
