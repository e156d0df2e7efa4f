import { describe, expect, it } from 'vitest';
import { apiKey, cancelled, documentedOrder, fakeSnappy, orderId } from '../test/snappy-fake.js';
import { createSnappy } from './create-snappy.js';

async function cancelWith(answer: { status: number; body?: unknown }) {
  const fake = fakeSnappy(() => answer);
  return createSnappy({ apiKey, fetch: fake.fetch, retries: 0 }).cancelOrder(orderId);
}

describe('a 200 from Snappy', () => {
  it('is cancelled when the order says cancelled, with the cancellation time and the body', async () => {
    const result = await cancelWith(cancelled);
    expect(result).toEqual({
      ok: true,
      value: {
        provider: 'snappy',
        orderId,
        outcome: 'cancelled',
        attempts: 1,
        status: 200,
        cancelledAt: '2026-05-27T15:57:00.000Z',
        raw: cancelled.body,
      },
    });
  });

  it('is cancelled for the documented example, whose cancellationDetails carry a cancellation time', async () => {
    const result = await cancelWith({ status: 200, body: { data: documentedOrder } });
    expect(result.ok && result.value.outcome).toBe('cancelled');
    expect(result.ok && result.value.cancelledAt).toBe('2026-05-27T15:57:00.000Z');
  });

  it('is cancelled on the status alone, without a cancellation time', async () => {
    const result = await cancelWith({ status: 200, body: { data: { id: orderId, status: 'cancelled' } } });
    expect(result.ok && result.value.outcome).toBe('cancelled');
    expect(result.ok && result.value.cancelledAt).toBeUndefined();
  });

  it('tolerates status values and fields Snappy may add', async () => {
    const body = {
      data: { id: orderId, status: 'on_hold', fulfillmentStatus: 'cancelled', extra: { a: 1 } },
    };
    const result = await cancelWith({ status: 200, body });
    expect(result.ok && result.value.outcome).toBe('cancelled');
  });

  it('is not a success when the order does not say it is cancelled', async () => {
    const body = { data: { ...documentedOrder, cancellationDetails: null } };
    const result = await cancelWith({ status: 200, body });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_response');
    expect(result.error.message).toContain('not marked cancelled');
    expect(result.error.details).toEqual(body);
  });

  it('is not a success when the cancellation time is not a date', async () => {
    const body = { data: { id: orderId, status: 'active', cancellationDetails: { cancelledAt: 'soon' } } };
    expect((await cancelWith({ status: 200, body })).ok).toBe(false);
  });

  it('is not a success when it describes another order', async () => {
    const body = { data: { ...cancelled.body.data, id: 'Zz99Yy88Xx' } };
    const result = await cancelWith({ status: 200, body });
    expect(!result.ok && result.error.code).toBe('invalid_response');
  });

  it.each([
    ['an HTML page', '<html><body>Maintenance</body></html>'],
    ['an empty body', undefined],
    ['JSON without data', { order: { status: 'cancelled' } }],
    ['data that is an array', { data: [] }],
    ['a JSON array', []],
  ])('is invalid_response for %s', async (_, body) => {
    const result = await cancelWith({ status: 200, body });
    expect(!result.ok && result.error.code).toBe('invalid_response');
  });
});
