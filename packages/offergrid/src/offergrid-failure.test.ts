import { expectFailure } from '@cancel/core/testing';
import { describe, expect, it } from 'vitest';
import { apiKey, offerGridAnswering, orderId } from '../test/offergrid-fake.js';

async function errorFor(...answers: Parameters<typeof offerGridAnswering>[0]) {
  const { client } = offerGridAnswering(answers);
  return expectFailure(await client.cancelOrder(orderId));
}

const nest = (statusCode: number, message: unknown, error = 'Bad Request') => ({
  statusCode,
  message,
  error,
});

describe('a refusal from OfferGrid', () => {
  it('is not_cancellable on the documented 400, keeping the NestJS body', async () => {
    const body = nest(400, 'Order cannot be cancelled in its current status');
    const error = await errorFor({ status: 400, body });
    expect(error).toMatchObject({ code: 'not_cancellable', status: 400, retryable: false, details: body });
    expect(error.message).toContain('Order cannot be cancelled in its current status');
  });

  it.each([
    ["Order with status 'accepted' cannot be cancelled", 'accepted'],
    ['Cannot cancel order in status IN_PROGRESS', 'in_progress'],
    ['Only pending or submitted orders can be cancelled', undefined],
  ])('takes the reason from "%s"', async (message, reason) => {
    const error = await errorFor({ status: 400, body: nest(400, message) });
    expect(error.code).toBe('not_cancellable');
    expect(error.reason).toBe(reason);
  });

  it.each([
    [400, nest(400, 'Order is already cancelled')],
    [400, nest(400, "Order with status 'cancelled' cannot be cancelled")],
    [409, nest(409, 'Order has already been cancelled', 'Conflict')],
    [400, { ...nest(400, 'Order cannot be cancelled'), currentStatus: 'cancelled' }],
  ])('is already_cancelled, a success, on HTTP %i with %j', async (status, body) => {
    const { client } = offerGridAnswering([{ status, body }]);
    const result = await client.cancelOrder(orderId);
    expect(result).toMatchObject({ ok: true, value: { outcome: 'already_cancelled', status } });
  });

  it('is already_cancelled when a retry finds the first attempt went through', async () => {
    const { client, requests } = offerGridAnswering([
      { status: 502 },
      { status: 400, body: nest(400, 'Order is already cancelled') },
    ]);
    const result = await client.cancelOrder(orderId);
    expect(result).toMatchObject({ ok: true, value: { outcome: 'already_cancelled', attempts: 2 } });
    expect(requests).toHaveLength(2);
  });

  it.each([
    ['a class-validator message list', 400, nest(400, ['reason must be a string'])],
    ['a pipe validation failure', 400, nest(400, 'Validation failed (uuid is expected)')],
    ['an undocumented 409 about something else', 409, nest(409, 'Request in progress', 'Conflict')],
  ])('is rejected for %s', async (_, status, body) => {
    const error = await errorFor({ status, body });
    expect(error).toMatchObject({ code: 'rejected', status });
  });

  it('is not_cancellable on a 409 that is about cancelling', async () => {
    const error = await errorFor({ status: 409, body: nest(409, 'Order cannot be cancelled', 'Conflict') });
    expect(error.code).toBe('not_cancellable');
  });

  it.each([
    [401, nest(401, 'Invalid API key', 'Unauthorized'), 'unauthorized'],
    [403, nest(403, 'Forbidden resource', 'Forbidden'), 'unauthorized'],
    [404, nest(404, 'Order not found or does not belong to your team', 'Not Found'), 'not_found'],
  ])('maps HTTP %i to %s', async (status, body, code) => {
    const error = await errorFor({ status, body });
    expect(error).toMatchObject({ code, status, attempts: 1 });
  });

  it('retries 429 and reports rate_limited with the wait OfferGrid asked for', async () => {
    const error = await errorFor({
      status: 429,
      body: nest(429, 'ThrottlerException: Too Many Requests'),
      headers: { 'retry-after': '120' },
    });
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 120_000 });
  });

  it('keeps the key out of the error even when OfferGrid echoes it', async () => {
    const error = await errorFor({
      status: 401,
      body: nest(401, `API key ${apiKey} is revoked`, 'Unauthorized'),
    });
    expect(JSON.stringify(error)).not.toContain(apiKey);
    expect(error.message).not.toContain(apiKey);
    expect(error.message).toContain('OFFERGRID_API_KEY');
  });
});
