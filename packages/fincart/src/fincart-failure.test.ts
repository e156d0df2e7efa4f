import { CancelError } from '@cancel/core';
import { expectFailure, recordingFetch } from '@cancel/core/testing';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { accepted, fakeFincart, notAuthorized, token } from '../test/fincart-fake.js';
import { type Cancellation, createFincart } from './index.js';

async function failWith(status: number, body: unknown) {
  const { fetch } = fakeFincart(() => ({ status, body }));
  return expectFailure(await createFincart({ token, fetch, retries: 0 }).cancelOrder('FC-10001'));
}

describe('errors', () => {
  it('narrows a result to a Cancellation or a CancelError', async () => {
    const { fetch } = fakeFincart(() => notAuthorized);
    const result = await createFincart({ token, fetch }).cancelOrder('FC-10001');

    if (result.ok) {
      expectTypeOf(result.value).toEqualTypeOf<Cancellation>();
      throw new Error('expected a 403 to fail');
    }
    expectTypeOf(result.error).toEqualTypeOf<CancelError>();
    expect(result.error).toBeInstanceOf(CancelError);
    expect(CancelError.isInstance(result.error)).toBe(true);
  });

  it('maps the documented 403 to unauthorized, naming what to check and keeping the body', async () => {
    const error = await failWith(403, notAuthorized.body);

    expect(error).toMatchObject({
      code: 'unauthorized',
      status: 403,
      provider: 'fincart',
      orderId: 'FC-10001',
      retryable: false,
      attempts: 1,
      details: notAuthorized.body,
    });
    expect(error.message).toContain('User is not authorized');
    expect(error.message).toContain('FINCART_TOKEN');
  });

  it('maps a 401 to unauthorized too', async () => {
    expect((await failWith(401, { statusCode: 401, message: 'Unauthorized' })).code).toBe('unauthorized');
  });

  it.each([
    [400, 'Only pending orders can be cancelled', undefined],
    [409, 'Order FC-10001 is in processing status', 'processing'],
    [404, 'Order cannot be cancelled: status is successful', 'successful'],
  ])('maps HTTP %i "%s" to not_cancellable', async (status, message, reason) => {
    const error = await failWith(status, { statusCode: status, message });

    expect(error).toMatchObject({ code: 'not_cancellable', status, reason, details: { message } });
  });

  it('counts "already cancelled" about a single order as success, and narrows a batch down to find it', async () => {
    const { fetch, requests } = recordingFetch((request) => {
      const ids = (request.json as { filters: { ids: string[] } }).filters.ids;
      return ids.includes('FC-2')
        ? { status: 422, body: { statusCode: 422, message: 'Order is already cancelled' } }
        : { status: 200, body: { statusCode: 200, data: { status: 'success' } } };
    });
    const report = await createFincart({ token: 't', fetch }).cancelOrders(['FC-1', 'FC-2', 'FC-3']);
    expect(report.results.map((entry) => entry.result.ok && entry.result.value.outcome)).toEqual([
      'requested',
      'already_cancelled',
      'requested',
    ]);
    expect(requests.length).toBeGreaterThan(1);
  });

  it('maps a 404, or a refusal saying the order does not exist, to not_found', async () => {
    expect((await failWith(404, { statusCode: 404, message: 'Cannot POST' })).code).toBe('not_found');
    expect((await failWith(400, { statusCode: 400, message: 'Order not found' })).code).toBe('not_found');
  });

  it('maps any other refusal to rejected, keeping a non-JSON body as text', async () => {
    const error = await failWith(400, { statusCode: 400, message: ['filters.ids must be an array'] });
    expect(error.code).toBe('rejected');
    expect(error.message).toContain('filters.ids must be an array');

    const text = await failWith(422, 'Unprocessable');
    expect(text).toMatchObject({ code: 'rejected', details: 'Unprocessable' });
  });

  it('retries a 503 and succeeds on the second attempt', async () => {
    const { fetch, requests } = fakeFincart((_request, attempt) =>
      attempt === 1 ? { status: 503, body: { message: 'busy' } } : accepted,
    );
    const result = await createFincart({ token, fetch, retryDelayMs: 1 }).cancelOrder('FC-10001');

    expect(requests).toHaveLength(2);
    expect(result).toMatchObject({ ok: true, value: { outcome: 'requested', attempts: 2 } });
  });

  it('gives up on a 5xx after the retries allowed, as a retryable provider_error', async () => {
    const { fetch, requests } = fakeFincart(() => ({ status: 502, body: 'Bad gateway' }));
    const result = await createFincart({ token, fetch, retries: 1, retryDelayMs: 1 }).cancelOrder('FC-10001');

    expect(requests).toHaveLength(2);
    expect(expectFailure(result)).toMatchObject({ code: 'provider_error', retryable: true, attempts: 2 });
  });
});
