import { expectFailure } from '@cancel/core/testing';
import { describe, expect, it } from 'vitest';
import { apiKey, orderId, zincAnswering } from '../test/zinc-fake.js';

const notCancellable = { code: 'order_not_cancellable', message: 'Order cannot be cancelled' };

async function errorFor(...answers: Parameters<typeof zincAnswering>[0]) {
  const { client } = zincAnswering(answers);
  return expectFailure(await client.cancelOrder(orderId));
}

describe('a refusal from Zinc', () => {
  it.each([400, 409, 422, 403])(
    'is not_cancellable on order_not_cancellable with HTTP %i',
    async (status) => {
      const error = await errorFor({ status, body: notCancellable });
      expect(error).toMatchObject({ code: 'not_cancellable', status, reason: 'order_not_cancellable' });
      expect(error.details).toEqual(notCancellable);
      expect(error.message).toContain('Order cannot be cancelled');
    },
  );

  it('gives the order status as the reason when the details carry it', async () => {
    const error = await errorFor({
      status: 409,
      body: { ...notCancellable, details: { status: 'in_progress' } },
    });
    expect(error).toMatchObject({ code: 'not_cancellable', reason: 'in_progress' });
  });

  it.each([
    ['order_not_cancellable on a cancelled order', { ...notCancellable, details: { status: 'cancelled' } }],
    ['a retailer cancel', { ...notCancellable, details: { status: 'cancelled_by_retailer' } }],
    ['an "already cancelled" message', { code: 'conflict', message: 'Order has already been cancelled' }],
    ['an already-cancelled code', { code: 'order_already_cancelled', message: 'Conflict' }],
    ['a FastAPI detail', { detail: 'Order is already canceled' }],
  ])('is already_cancelled, a success, for %s', async (_, body) => {
    const { client } = zincAnswering([{ status: 409, body }]);
    const result = await client.cancelOrder(orderId);
    expect(result).toMatchObject({ ok: true, value: { outcome: 'already_cancelled', status: 409 } });
  });

  it('is already_cancelled when a retry finds the first attempt went through', async () => {
    const { client, requests } = zincAnswering([
      { status: 503 },
      { status: 409, body: { code: 'order_not_cancellable', details: { status: 'cancelled' } } },
    ]);
    const result = await client.cancelOrder(orderId);
    expect(result).toMatchObject({ ok: true, value: { outcome: 'already_cancelled', attempts: 2 } });
    expect(requests).toHaveLength(2);
  });

  it('is rejected, with the validation details, on a FastAPI 422', async () => {
    const body = {
      detail: [{ loc: ['path', 'order_id'], msg: 'Input should be a valid UUID', type: 'uuid_parsing' }],
    };
    const error = await errorFor({ status: 422, body });
    expect(error).toMatchObject({ code: 'rejected', status: 422, details: body });
    expect(error.message).toContain('Input should be a valid UUID');
  });

  it.each([
    [401, { code: 'invalid_token', message: 'Invalid token' }, 'unauthorized'],
    [400, { code: 'token_expired', message: 'Token expired' }, 'unauthorized'],
    [403, { code: 'forbidden', message: 'Forbidden' }, 'unauthorized'],
    [404, { code: 'not_found', message: 'Order not found' }, 'not_found'],
    [400, { code: 'not_found', message: 'Order not found' }, 'not_found'],
    [400, { code: 'validation_error', message: 'Bad request' }, 'rejected'],
    [404, { code: 'order_not_cancellable', message: 'Order not found' }, 'not_found'],
  ])('maps HTTP %i with %j to %s', async (status, body, code) => {
    const error = await errorFor({ status, body });
    expect(error).toMatchObject({ code, status, retryable: false, attempts: 1 });
  });

  it('never treats a server error as already cancelled, and retries it', async () => {
    const error = await errorFor({ status: 500, body: { message: 'Order already cancelled?' } });
    expect(error).toMatchObject({ code: 'provider_error', retryable: true, attempts: 3 });
  });

  it('keeps the key out of the error even when Zinc echoes it', async () => {
    const error = await errorFor({
      status: 401,
      body: { code: 'invalid_token', message: `Token Bearer ${apiKey} is invalid` },
    });
    expect(error.code).toBe('unauthorized');
    expect(JSON.stringify(error)).not.toContain(apiKey);
    expect(error.message).not.toContain(apiKey);
    expect(error.message).toContain('ZINC_API_KEY');
  });
});
