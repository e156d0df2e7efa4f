import { expectFailure } from '@cancel/core/testing';
import { describe, expect, it } from 'vitest';
import { apiKey, cancelled, fakeSnappy, orderId, snappyError } from '../test/snappy-fake.js';
import { createSnappy } from './create-snappy.js';

async function cancelWith(answer: { status: number; body?: unknown; headers?: Record<string, string> }) {
  const fake = fakeSnappy(() => answer);
  const result = await createSnappy({ apiKey, fetch: fake.fetch, retryDelayMs: 1 }).cancelOrder(orderId);
  return { result, requests: fake.requests };
}

async function errorFor(answer: { status: number; body?: unknown; headers?: Record<string, string> }) {
  return expectFailure((await cancelWith(answer)).result);
}

describe('a refusal from Snappy', () => {
  it('is not_found for a 404, with the body kept on details', async () => {
    const answer = snappyError(404, 'ORDER_NOT_FOUND', 'Order not found');
    const error = await errorFor(answer);
    expect(error).toMatchObject({ code: 'not_found', status: 404, retryable: false, orderId });
    expect(error.details).toEqual(answer.body);
    expect(error.message).toContain('Order not found');
  });

  it.each([
    ['ORDER_IN_TRANSIT', 'Order is already in transit and cannot be cancelled'],
    ['ORDER_DELIVERED', 'Order has been delivered'],
  ])('is not_cancellable with the error code as reason for %s', async (errorCode, message) => {
    const error = await errorFor(snappyError(422, errorCode, message));
    expect(error).toMatchObject({
      code: 'not_cancellable',
      reason: errorCode,
      status: 422,
      retryable: false,
    });
    expect(error.message).toContain(errorCode);
  });

  it('is not_cancellable when only the message says the order shipped', async () => {
    const error = await errorFor({ status: 422, body: { status: 422, message: 'Shipment was delivered' } });
    expect(error).toMatchObject({ code: 'not_cancellable', reason: 'delivered' });
  });

  it('is rejected for a 422 that says nothing Snappy documents', async () => {
    const error = await errorFor(snappyError(422, 'VALIDATION_FAILED', 'Something is off'));
    expect(error).toMatchObject({ code: 'rejected', status: 422 });
  });

  it.each([401, 403])('is unauthorized for a %i, naming the variable to check', async (status) => {
    const error = await errorFor(snappyError(status, 'UNAUTHORIZED', 'Invalid API key'));
    expect(error).toMatchObject({ code: 'unauthorized', status, retryable: false });
    expect(error.message).toContain('SNAPPY_API_KEY');
  });
});

describe('an order cancelled before', () => {
  it.each([
    ['ORDER_ALREADY_CANCELLED', 'Order already cancelled'],
    ['CANCEL_FAILED', 'This order has already been cancelled'],
    ['INVALID_STATE', 'Order is cancelled'],
  ])('is the already_cancelled outcome for %s', async (errorCode, message) => {
    const { result } = await cancelWith(snappyError(422, errorCode, message));
    expect(result.ok && result.value.outcome).toBe('already_cancelled');
    expect(result.ok && result.value.raw).toEqual({ status: 422, errorCode, message });
  });
});

describe('retries', () => {
  it('retries a 503 and succeeds on the second attempt', async () => {
    const fake = fakeSnappy((_, attempt) => (attempt === 1 ? { status: 503, body: 'busy' } : cancelled));
    const result = await createSnappy({ apiKey, fetch: fake.fetch, retryDelayMs: 1 }).cancelOrder(orderId);
    expect(fake.requests).toHaveLength(2);
    expect(result.ok && result.value).toMatchObject({ outcome: 'cancelled', attempts: 2 });
  });

  it('counts an already-cancelled answer after a failed attempt as success', async () => {
    const fake = fakeSnappy((_, attempt) =>
      attempt === 1
        ? { status: 502 }
        : snappyError(422, 'ORDER_ALREADY_CANCELLED', 'Order already cancelled'),
    );
    const result = await createSnappy({ apiKey, fetch: fake.fetch, retryDelayMs: 1 }).cancelOrder(orderId);
    expect(result.ok && result.value).toMatchObject({ outcome: 'already_cancelled', attempts: 2 });
  });

  it('ends at once as rate_limited when Retry-After asks for longer than the cap', async () => {
    const { result, requests } = await cancelWith({ status: 429, headers: { 'retry-after': '120' } });
    expect(requests).toHaveLength(1);
    expect(!result.ok && result.error).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      retryAfterMs: 120_000,
    });
  });

  it('gives provider_error after the retries allowed', async () => {
    const { result, requests } = await cancelWith({ status: 500, body: { message: 'Internal error' } });
    expect(requests).toHaveLength(3);
    expect(!result.ok && result.error).toMatchObject({
      code: 'provider_error',
      attempts: 3,
      retryable: true,
    });
  });
});
